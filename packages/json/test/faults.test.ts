import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runFileDriverFaults } from "@sessions/file-store/testing";
import { jsonCodec } from "../src/index.js";

// Child processes load the built driver, as an application would.
const module = new URL("../dist/index.js", import.meta.url);
if (!existsSync(fileURLToPath(module))) {
  throw new Error("packages/json/dist is missing: run `pnpm build` first");
}

runFileDriverFaults({
  name: "json",
  module: module.href,
  factory: "jsonDriver",
  codec: jsonCodec,
  corruptDocuments: [
    {
      label: "a record with a wrong type",
      text: '{"format":"sessions","version":1,"records":[{"key":"k","owner":null,"createdAt":"1","expiresAt":2,"version":1,"payload":"{}"}]}',
    },
    {
      label: "a record with a __proto__ key",
      text: '{"format":"sessions","version":1,"records":[{"key":"k","owner":null,"createdAt":1,"expiresAt":2,"version":1,"payload":"{}","__proto__":{"polluted":true}}]}',
    },
    { label: "another format's header", text: '{"format":"other","version":1,"records":[]}' },
    { label: "a newer version", text: '{"format":"sessions","version":2,"records":[]}' },
    { label: "records not an array", text: '{"format":"sessions","version":1,"records":{}}' },
  ],
});

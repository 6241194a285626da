import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runFileDriverFaults } from "@sessions/file-store/testing";
import { csvCodec } from "../src/index.js";
import { HEADER } from "./records.js";

// Child processes load the built driver, as an application would.
const module = new URL("../dist/index.js", import.meta.url);
if (!existsSync(fileURLToPath(module))) {
  throw new Error("packages/csv/dist is missing: run `pnpm build` first");
}

const row = "default:s:a,default:alice,1900000000000,1900003600000,1,x";

runFileDriverFaults({
  name: "csv",
  module: module.href,
  factory: "csvDriver",
  codec: csvCodec,
  corruptDocuments: [
    { label: "LF line ends", text: `${HEADER.trimEnd()}\n${row}\n` },
    { label: "the last row without its CRLF", text: `${HEADER}${row}` },
    {
      label: "another header",
      text: `key,owner,created_at,expires_at,version,__proto__\r\n${row}\r\n`,
    },
    {
      label: "a row with a missing cell",
      text: `${HEADER}default:s:a,1900000000000,1900003600000,1,x\r\n`,
    },
    {
      label: "an unescaped formula cell",
      text: `${HEADER}${row.replace(",x", ",=cmd|' /C calc'!A0")}\r\n`,
    },
    {
      label: "a time that is not a decimal integer",
      text: `${HEADER}${row.replace("1900000000000", "1.9e12")}\r\n`,
    },
    { label: "an unclosed quote", text: `${HEADER}${row.replace(",x", ',"x')}\r\n` },
    { label: "a blank line at the end", text: `${HEADER}${row}\r\n\r\n` },
  ],
});

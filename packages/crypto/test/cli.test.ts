import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/index.js";

const KEY = /^[A-Za-z0-9_-]{43}\n$/;

function capture() {
  let text = "";
  return { write: (chunk: string) => (text += chunk), text: () => text };
}

describe("sessions-crypto CLI", () => {
  it("keygen prints one new key and exits 0", () => {
    const [out, err] = [capture(), capture()];
    expect(runCli(["keygen"], out, err)).toBe(0);
    expect(out.text()).toMatch(KEY);
    expect(err.text()).toBe("");
  });

  it("help prints usage; no command, an unknown one or extra arguments exit 2 with usage on stderr", () => {
    const help = capture();
    expect(runCli(["--help"], help, capture())).toBe(0);
    expect(help.text()).toContain("usage: sessions-crypto keygen");
    for (const args of [[], ["nope"], ["keygen", "extra"]]) {
      const [out, err] = [capture(), capture()];
      expect(runCli(args, out, err)).toBe(2);
      expect(out.text()).toBe("");
      expect(err.text()).toContain("usage:");
    }
  });

  const bin = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
  it.runIf(existsSync(bin))("the built bin runs under node (dist/cli.js keygen)", () => {
    const first = execFileSync(process.execPath, [bin, "keygen"], { encoding: "utf8" });
    const second = execFileSync(process.execPath, [bin, "keygen"], { encoding: "utf8" });
    expect(first).toMatch(KEY);
    expect(second).not.toBe(first);
    const bad = spawnSync(process.execPath, [bin, "nope"], { encoding: "utf8" });
    expect(bad.status).toBe(2);
  });
});

import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type FileCodec, FileCorruptError } from "../src/index.js";
import { readSnapshot } from "../src/snapshot.js";
import { freshPath, record, testCodec } from "./helpers.js";

const failureOf = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("no error");
};

/** Message, stack and every cause of `error`, as one text. */
function everything(error: unknown): string {
  const parts: string[] = [];
  for (let e = error; e !== undefined && e !== null; e = (e as { cause?: unknown }).cause) {
    parts.push(String((e as Error).message), String((e as Error).stack), JSON.stringify(e));
  }
  return parts.join("\n");
}

describe("readSnapshot", () => {
  it("refuses bytes that are not UTF-8, naming the line, instead of reading U+FFFD", () => {
    const path = freshPath("utf8");
    const text = testCodec.encode([record("a"), record("b")]).replace("},{", "},\n{");
    const bytes = Buffer.from(text, "utf8");
    const at = bytes.indexOf("label", bytes.indexOf("\n"));
    writeFileSync(
      path,
      Buffer.concat([bytes.subarray(0, at), Buffer.from([0xc3, 0x28]), bytes.subarray(at)]),
    );
    const error = failureOf(() => readSnapshot(path, testCodec, false));
    expect(error).toBeInstanceOf(FileCorruptError);
    expect(error).toMatchObject({ code: "CORRUPT_RECORD", line: 2, file: path });
  });

  it("keeps a leading BOM in the text: the codec decides whether it allows one", () => {
    const path = freshPath("bom");
    writeFileSync(path, `\ufeff${testCodec.encode([record("a")])}`);
    const seen: string[] = [];
    const codec: FileCodec = {
      ...testCodec,
      decode: (text) => {
        seen.push(text);
        return [];
      },
    };
    readSnapshot(path, codec, false);
    expect(seen[0]?.startsWith("\ufeff")).toBe(true);
  });

  it("keeps only the name and code of a codec's own error: no message, no cause (LG-1)", () => {
    const path = freshPath("canary");
    const canary = "CANARY-5f0c1d2e";
    writeFileSync(path, testCodec.encode([record("a", { payload: canary })]));
    const codec: FileCodec = {
      ...testCodec,
      decode: () => {
        const error = new SyntaxError(`Unexpected token near "${canary}"`);
        Object.assign(error, { code: "E_PARSE", input: canary });
        throw error;
      },
    };
    const error = failureOf(() => readSnapshot(path, codec, false));
    expect(error).toBeInstanceOf(FileCorruptError);
    expect((error as Error).message).toContain("SyntaxError E_PARSE");
    expect((error as Error).cause).toBeUndefined();
    expect(everything(error)).not.toContain(canary);
  });
});

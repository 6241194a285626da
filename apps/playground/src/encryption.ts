/**
 * The playground's encryption key. There is no built-in key (SECURITY CR-3): it comes from
 * `SESSIONS_PLAYGROUND_KEY`, or is generated once into the app's data folder (mode 0600, next
 * to the stores it protects, gitignored) so a restart can still read yesterday's sessions. A real
 * deployment keeps its keys in a secret manager, never beside the data.
 */

import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Cipher, createCipher, generateKey } from "@sessions/crypto";
import { DATA_DIR } from "./paths.js";

/** The key file used when `SESSIONS_PLAYGROUND_KEY` is not set. */
export const KEY_FILE = join(DATA_DIR, "playground.key");

/** The playground's cipher: key id 1 from the environment or the key file (created if missing). */
export function playgroundCipher(env: NodeJS.ProcessEnv = process.env): Cipher {
  return createCipher({ keys: { 1: env.SESSIONS_PLAYGROUND_KEY ?? keyFromFile() }, current: 1 });
}

/**
 * A cipher with a fresh key that is never stored: the storage panel uses it to show what a
 * plaintext record would look like sealed, without touching any real store.
 */
export function previewCipher(): Cipher {
  return createCipher({ keys: { 1: generateKey() }, current: 1 });
}

function keyFromFile(): string {
  if (!existsSync(KEY_FILE)) {
    mkdirSync(DATA_DIR, { recursive: true });
    // "wx": of two processes starting at once, one writes and the other reads its key.
    try {
      writeFileSync(KEY_FILE, `${generateKey()}\n`, { mode: 0o600, flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  return readFileSync(KEY_FILE, "utf8").trim();
}

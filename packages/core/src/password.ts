import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { InvalidPasswordError } from "./errors.js";

/**
 * Password hashing for locked sessions (SECURITY.md PW-1): scrypt from node:crypto with a
 * 16-byte salt, N=2^15 r=8 p=3 (an OWASP-recommended setting), stored as a PHC string,
 * compared in constant time, at most two hashes running at once.
 */

const LOG_N = 15;
const BLOCK_SIZE = 8;
const PARALLELISM = 3;
const KEY_LENGTH = 32;
const MAX_PASSWORD_BYTES = 1024;
const MAX_CONCURRENT_HASHES = 2;
// 128 * N * r bytes = 32 MiB for these parameters; node's default maxmem is exactly 32 MiB.
const MAX_MEMORY = 64 * 1024 * 1024;

const PHC_PATTERN = /^\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

let running = 0;
const waiting: Array<() => void> = [];

async function withHashSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT_HASHES) {
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else {
    running++;
  }
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    // Hand the slot straight to the next waiter so `running` never dips and lets a third in.
    if (next) next();
    else running--;
  }
}

function derive(
  password: string,
  salt: Buffer,
  logN: number,
  r: number,
  p: number,
): Promise<Buffer> {
  return withHashSlot(
    () =>
      new Promise<Buffer>((resolve, reject) => {
        scrypt(
          password,
          salt,
          KEY_LENGTH,
          { N: 2 ** logN, r, p, maxmem: MAX_MEMORY },
          (error, key) => (error ? reject(error) : resolve(key)),
        );
      }),
  );
}

/** Throws `InvalidPasswordError` for a non-string, empty or over-long (1024 bytes) password. */
export function assertPassword(password: unknown): asserts password is string {
  if (typeof password !== "string" || password.length === 0) {
    throw new InvalidPasswordError("a non-empty password is required");
  }
  if (Buffer.byteLength(password, "utf8") > MAX_PASSWORD_BYTES) {
    throw new InvalidPasswordError(`a password may hold at most ${MAX_PASSWORD_BYTES} bytes`);
  }
}

/** Hashes a password to a PHC string `$scrypt$ln=15,r=8,p=3$salt$hash`. */
export async function hashPassword(password: string): Promise<string> {
  assertPassword(password);
  const salt = randomBytes(16);
  const key = await derive(password, salt, LOG_N, BLOCK_SIZE, PARALLELISM);
  const encode = (bytes: Buffer) => bytes.toString("base64").replace(/=+$/, "");
  return `$scrypt$ln=${LOG_N},r=${BLOCK_SIZE},p=${PARALLELISM}$${encode(salt)}$${encode(key)}`;
}

// Verified against when there is no stored hash, so "no such session" costs the same work as
// "wrong password" (SECURITY.md PW-2).
let decoyHash: Promise<string> | undefined;

/**
 * True when `password` matches the PHC string. With `stored` undefined it still spends one
 * full hash and returns false.
 */
export async function verifyPassword(
  password: string,
  stored: string | undefined,
): Promise<boolean> {
  if (stored === undefined) {
    decoyHash ??= hashPassword("decoy password for constant work");
    stored = await decoyHash;
    await verifyPassword(password, stored);
    return false;
  }
  const match = PHC_PATTERN.exec(stored);
  if (!match) return false;
  const [, logN, r, p, salt, hash] = match;
  const expected = Buffer.from(hash!, "base64");
  const actual = await derive(
    password,
    Buffer.from(salt!, "base64"),
    Number(logN),
    Number(r),
    Number(p),
  );
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

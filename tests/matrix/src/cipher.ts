/** The cipher of the matrix's encrypted app, with its key registered as a secret. */
import { type Cipher, createCipher, generateKey } from "@sessions/crypto";
import { registerSecret } from "./sink.js";

/** A fresh key (registered with the secrets sink) and the cipher built on it. */
export function testCipher(): { cipher: Cipher; key: string } {
  const key = generateKey();
  registerSecret("cipher key", key);
  return { cipher: createCipher({ keys: { 1: key }, current: 1 }), key };
}

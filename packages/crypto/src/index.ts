export { type Cipher, createCipher } from "./create-cipher.js";
export { FORMAT_VERSION } from "./format.js";
export { generateKey } from "./generate-key.js";
export type { CipherKey, CipherOptions } from "./keyring.js";
export { type CliOutput, runCli } from "./run-cli.js";

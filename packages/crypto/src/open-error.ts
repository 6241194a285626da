import { SessionStoreError } from "@sessions/core";

/**
 * The one error every failed open throws, whatever failed (version, key id, encoding, length,
 * tag, record binding): telling causes apart would help an attacker probe the format
 * (SECURITY.md CR-2). A `SessionStoreError` with code `CORRUPT_RECORD`, driver `"crypto"`; the
 * message names nothing from the input. Core replaces it with its own `CORRUPT_RECORD` error.
 */
export function openError(): SessionStoreError {
  return new SessionStoreError("crypto", "sealed value cannot be opened", {
    code: "CORRUPT_RECORD",
  });
}

/** The secrets audit each test file ends with. */
import { expect, test } from "vitest";
import { capturedCount, findLeaks, secretCount } from "./sink.js";

/**
 * Registers, as the file's last test, the check that no registered secret (token, password,
 * cipher key, canary) appears in any event, error, cause, stack or log line the file captured.
 * `minimum` guards against an audit that passes because nothing was captured.
 */
export function auditSecrets(minimum: { secrets: number; captures: number }): void {
  test("nothing sensitive in the events, errors, causes, stacks and logs of this file", () => {
    expect(secretCount()).toBeGreaterThanOrEqual(minimum.secrets);
    expect(capturedCount()).toBeGreaterThanOrEqual(minimum.captures);
    expect(findLeaks()).toEqual([]);
  });
}

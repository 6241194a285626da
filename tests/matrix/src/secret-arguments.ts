/** Which arguments of a manager call are secrets (tokens, passwords), for the audit. */
import { registerSecret } from "./sink.js";

const PASSWORD_ARGUMENT: Record<string, number> = { lock: 1, unlock: 1 };
// Methods whose first argument is a token (owners and handles are not secret: events carry them).
const TOKEN_METHODS = new Set([
  "get",
  "require",
  "update",
  "touch",
  "regenerate",
  "destroy",
  "lock",
  "unlock",
  "isActive",
  "timeRemaining",
  "elapsed",
]);

/** Registers the token of a returned session. */
export function registerResult(value: unknown): void {
  if (value && typeof value === "object" && "id" in value && typeof value.id === "string") {
    registerSecret("token", value.id);
  }
}

/** Registers the tokens and passwords among a manager call's arguments. */
export function registerArguments(method: string, args: unknown[]): void {
  const first = args[0];
  if (typeof first === "string" && TOKEN_METHODS.has(method)) registerSecret("token", first);
  if (method === "create" && first && typeof first === "object" && "password" in first) {
    if (typeof first.password === "string") registerSecret("password", first.password);
  }
  const options = args[1];
  if (
    method === "destroyByOwner" &&
    options &&
    typeof options === "object" &&
    "except" in options
  ) {
    if (typeof options.except === "string") registerSecret("token", options.except);
  }
  const at = PASSWORD_ARGUMENT[method];
  const password = at === undefined ? undefined : args[at];
  if (typeof password === "string") registerSecret("password", password);
}

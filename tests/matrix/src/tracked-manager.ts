/**
 * Every manager of the matrix is built here, so the secrets audit sees all of its events and
 * errors, and knows every token and password that went through it.
 */
import {
  createSessionManager,
  type JsonValue,
  type SessionManager,
  type SessionManagerOptions,
} from "@sessions/core";
import { captureError, captureEvent, registerSecret } from "./sink.js";

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

function registerResult(value: unknown): void {
  if (value && typeof value === "object" && "id" in value && typeof value.id === "string") {
    registerSecret("token", value.id);
  }
}

function registerArguments(method: string, args: unknown[]): void {
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

/** Wraps an async iterable (export) so an error thrown while iterating is captured too. */
async function* trackIteration<T>(source: AsyncIterable<T>, label: string): AsyncGenerator<T> {
  try {
    yield* source;
  } catch (error) {
    captureError(label, error);
    throw error;
  }
}

/**
 * `createSessionManager` with every event and every thrown or rejected error copied into
 * the secrets sink, tokens returned and passwords given registered as secrets. `label`
 * names the manager in leak reports (e.g. `"postgres"`).
 */
export function trackedManager<Data = Record<string, JsonValue>>(
  label: string,
  options: SessionManagerOptions<Data>,
): SessionManager<Data> {
  const manager = createSessionManager<Data>({
    ...options,
    onEvent: (event) => {
      captureEvent(label, event);
      options.onEvent?.(event);
    },
  });
  return new Proxy(manager, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function" || typeof property !== "string") return value;
      const where = `${label}.${property}`;
      return (...args: unknown[]) => {
        registerArguments(property, args);
        let result: unknown;
        try {
          // `target`, not the proxy: the manager's private fields live on the real object.
          result = value.apply(target, args);
        } catch (error) {
          captureError(where, error);
          throw error;
        }
        if (result instanceof Promise) {
          return result.then(
            (resolved) => {
              registerResult(resolved);
              return resolved;
            },
            (error: unknown) => {
              captureError(where, error);
              throw error;
            },
          );
        }
        if (result && typeof result === "object" && Symbol.asyncIterator in result) {
          return trackIteration(result as AsyncIterable<unknown>, where);
        }
        return result;
      };
    },
  });
}

/** Runs `work`, copying a failure into the sink before rethrowing it (for driver-level calls). */
export async function tracked<T>(label: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    captureError(label, error);
    throw error;
  }
}

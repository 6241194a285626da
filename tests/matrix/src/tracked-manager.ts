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
import { registerArguments, registerResult } from "./secret-arguments.js";
import { captureError, captureEvent } from "./sink.js";

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

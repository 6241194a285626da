import { SessionStoreError, tickBatcher } from "@sessions/core";
import { type RedisConnection, toRedisError } from "./client.js";
import type { OpScripts } from "./op-scripts.js";

/**
 * Most calls one batch carries (a tick with more makes several batches). It bounds how long
 * one batch script blocks the server, which runs nothing else meanwhile: 7–20 µs of
 * redis-server time per call with 1 KB values, so a full batch took 0.15–0.6 ms on average
 * and 1.7 ms at most in our measurements (README). At 64 calls in flight, batches of 16 were
 * faster than batches of 64 (create 35–41k/s against 24k/s here): a large batch cannot start
 * before all of it has been read, and no caller hears back before all of it has run.
 */
export const MAX_BATCH = 16;

/**
 * A call whose arguments hold more characters than this (a large payload) runs alone with the
 * single script, never in a batch: Redis's cost of a script grows with the size of its
 * arguments, so batching large values would block the server for up to MAX_BATCH times as
 * long as one of them does (README).
 */
export const MAX_BATCHED_CHARS = 8_192;

/** One call of a single-record script: its keys and its arguments, the prefix excluded. */
export interface ScriptCall {
  /** The record key, then (insert, compareAndSet) the new owner index key if any. */
  readonly keys: readonly string[];
  /** The script's arguments after the prefix. */
  readonly args: readonly string[];
}

const isOne = (reply: unknown): boolean => reply === 1;

/**
 * A single-record operation through `tickBatcher`: a lone call of a tick runs `scripts.one`,
 * the calls of one tick run as one EVALSHA of `scripts.many`. Either way every caller gets the
 * same answer (`true` for 1, `false` for 0) or the same typed error: a failed EVALSHA
 * (unreachable, deadline, NOSCRIPT reload failed) rejects every caller of the batch with its
 * `SessionStoreError`; an operation that failed inside the batch script rejects alone with
 * the error its single script would have raised.
 */
export function scriptBatcher(
  conn: RedisConnection,
  base: string,
  scripts: OpScripts,
): (call: ScriptCall) => Promise<boolean> {
  const { one, many } = scripts;
  const alone = (call: ScriptCall) => conn.script(one, call.keys, [base, ...call.args], isOne);
  const batched = tickBatcher<ScriptCall, boolean>({
    one: alone,
    many(calls) {
      const keys: string[] = [];
      const args: string[] = [base];
      for (const call of calls) {
        keys.push(...call.keys);
        args.push(String(call.keys.length), ...call.args);
      }
      return conn.script(many, keys, args, (reply) => perCall(one.name, reply, calls.length));
    },
    maxBatch: MAX_BATCH,
  });
  return (call) => (charsOf(call) > MAX_BATCHED_CHARS ? alone(call) : batched(call));
}

function charsOf(call: ScriptCall): number {
  let chars = 0;
  for (const arg of call.args) chars += arg.length;
  return chars;
}

/** The batch script's reply as one result per call: 1/0 as booleans, an error reply as its error. */
function perCall(operation: string, reply: unknown, calls: number): (boolean | Error)[] {
  if (!Array.isArray(reply) || reply.length !== calls) {
    throw new SessionStoreError("redis", `${operation}: unexpected batch reply`, {
      code: "STORE_FAILURE",
    });
  }
  return reply.map((entry: unknown) =>
    entry instanceof Error ? toRedisError(operation, entry) : entry === 1,
  );
}

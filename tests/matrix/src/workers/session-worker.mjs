// A session manager in its own process, driven over stdin/stdout, one JSON message a line.
// argv[2]: { spec, options, clockOffsetMs }. Each request { id, at, method, args } runs
// `manager[method](...args)` with the clock at `at + clockOffsetMs` (the parent owns the
// timeline; the offset is this process's skew) and answers { id, ok, value | error,
// driverCalls }. Events are sent as { event } as they happen. Stdin's end closes the manager.
import { createInterface } from "node:readline";
import { inspect } from "node:util";
import { createSessionManager } from "@sessions/core";
import { countingDriver } from "../counting-driver.mjs";
import { openDriver } from "../open-driver.mjs";

const { spec, options, clockOffsetMs } = JSON.parse(process.argv[2]);
let time = 0;
const send = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);
const driver = countingDriver(await openDriver(spec));
const manager = createSessionManager({
  ...options,
  driver,
  clock: { now: () => time + clockOffsetMs },
  onEvent: (event) => send({ event }),
});

function describe(error) {
  return {
    name: error?.name,
    code: error?.code,
    message: error?.message,
    retryAfterMs: error?.retryAfterMs,
    // Everything the error shows (stack, cause chain): the parent's secrets audit reads it.
    text: inspect(error, { depth: 10 }),
  };
}

const lines = createInterface({ input: process.stdin });
let pending = 0;
let ended = false;
const finish = async () => {
  if (!ended || pending > 0) return;
  await manager.close();
  process.exit(0);
};

lines.on("line", async (line) => {
  const { id, at, method, args } = JSON.parse(line);
  pending++;
  // Requests of one batch share a clock reading: the parent sends them with the same `at`.
  time = at;
  const before = driver.total();
  try {
    const value = await manager[method](...args);
    send({ id, ok: true, value: value ?? null, driverCalls: driver.total() - before });
  } catch (error) {
    send({ id, ok: false, error: describe(error), driverCalls: driver.total() - before });
  } finally {
    pending--;
    await finish();
  }
});
lines.on("close", () => {
  ended = true;
  void finish();
});
send({ ready: true });

/**
 * A child process for the fault tests of `runFileDriverFaults`. It loads the BUILT driver
 * module (as an application would) and runs one mode, printing one line per acknowledged
 * write, so the parent knows exactly what it may expect after killing it.
 * argv[2]: JSON of {@link WorkerConfig}.
 */
import { createSessionManager, type SessionDriver } from "@sessions/core";

/** What the parent asks a worker to do. */
export interface WorkerConfig {
  /** URL of the driver module and the name of its factory export. */
  readonly module: string;
  readonly factory: string;
  /** Options passed to the factory (path and file options). */
  readonly options: Record<string, unknown>;
  /**
   * - `update`: `count` manager `update(id, n + 1)` calls round-robin over `ids`, 8 in flight;
   * - `create`: `count` manager creates for `owner`, 8 in flight, printing each id;
   * - `churn`: raw driver inserts, compare-and-sets and deletes forever, 8 in flight, printing
   *   `i|u <key> <version>` and `d <key>` once acknowledged (and `- <key>` before a delete);
   * - `fill`: inserts 1 KiB records until a write fails, then checks what it can still read;
   * - `steady`: one insert after another for `durationMs`, printing `ok <key> <epoch ms>` or
   *   `error <code> <key>` for each, then closes and prints `done`.
   */
  readonly mode: "update" | "create" | "churn" | "fill" | "steady";
  readonly count?: number;
  readonly ids?: readonly string[];
  readonly owner?: string;
  /** Key prefix of the records this worker writes (`churn`, `fill`, `steady`). */
  readonly prefix?: string;
  /** How long `steady` writes, in ms (default 3000). */
  readonly durationMs?: number;
}

const config = JSON.parse(process.argv[2] ?? "{}") as WorkerConfig;
// Under `ulimit -f` the kernel sends SIGXFSZ, which kills by default: handling it makes the
// write fail with EFBIG instead, as a full disk fails with ENOSPC.
process.on("SIGXFSZ", () => {});
const print = (line: string) => process.stdout.write(`${line}\n`);
const lanes = (n: number, lane: () => Promise<void>) =>
  Promise.all(Array.from({ length: n }, lane));

const module = (await import(config.module)) as Record<string, (options: unknown) => SessionDriver>;
const driver = module[config.factory]!(config.options);
const HOUR = 3_600_000;

if (config.mode === "update" || config.mode === "create") {
  const manager = createSessionManager<{ n: number }>({ driver, ttl: "1h", cleanup: false });
  const count = config.count ?? 0;
  let next = 0;
  await lanes(8, async () => {
    while (next < count) {
      const i = next++;
      if (config.mode === "update") {
        const ids = config.ids ?? [];
        await manager.update(ids[i % ids.length]!, (data) => ({ n: data.n + 1 }));
      } else {
        const session = await manager.create({ owner: config.owner ?? "owner", data: { n: i } });
        print(session.id);
      }
    }
  });
  await manager.close();
  print("done");
} else if (config.mode === "churn") {
  const now = Date.now();
  const live: { key: string; version: number }[] = [];
  let counter = 0;
  await driver.count(now);
  print("ready");
  await lanes(8, async () => {
    for (;;) {
      const roll = Math.random();
      const pick =
        live.length > 0 ? live.splice(Math.floor(Math.random() * live.length), 1)[0] : undefined;
      if (pick && roll < 0.3) {
        const record = {
          key: pick.key,
          owner: "churn",
          createdAt: now,
          expiresAt: now + HOUR,
          version: pick.version + 1,
          payload: `{"v":${pick.version + 1}}`,
        };
        if (await driver.compareAndSet(record, pick.version, now)) {
          print(`u ${pick.key} ${record.version}`);
          live.push({ key: pick.key, version: record.version });
        }
      } else if (pick && roll < 0.45) {
        // Announced first: a kill may land after the delete is durable but before its line.
        print(`- ${pick.key}`);
        if (await driver.delete(pick.key)) print(`d ${pick.key}`);
      } else {
        if (pick) live.push(pick);
        const key = `${config.prefix ?? ""}${counter++}`;
        const payload = `{"x":"${"y".repeat(Math.floor(Math.random() * 200))}"}`;
        const record = {
          key,
          owner: "churn",
          createdAt: now,
          expiresAt: now + HOUR,
          version: 1,
          payload,
        };
        if (await driver.insert(record, now)) print(`i ${key} 1`);
        live.push({ key, version: 1 });
      }
    }
  });
} else if (config.mode === "fill") {
  const now = Date.now();
  const payload = JSON.stringify({ fill: "z".repeat(1000) });
  for (let i = 0; ; i++) {
    const key = `${config.prefix ?? ""}${i}`;
    try {
      await driver.insert(
        { key, owner: "fill", createdAt: now, expiresAt: now + HOUR, version: 1, payload },
        now,
      );
      print(`ok ${key}`);
    } catch (error) {
      print(`error ${(error as { code?: string }).code} ${key}`);
      // The failed write must not be visible, here or after a reopen.
      print(`after ${(await driver.get(key, now)) === null ? "absent" : "present"}`);
      print(`count ${await driver.count(now)}`);
      try {
        await driver.insert(
          { key, owner: "fill", createdAt: now, expiresAt: now + HOUR, version: 1, payload },
          now,
        );
        print("retry ok");
      } catch (again) {
        print(`retry ${(again as { code?: string }).code}`);
      }
      try {
        await driver.close();
        print("close ok");
      } catch (closing) {
        print(`close ${(closing as { code?: string }).code}`);
      }
      break;
    }
  }
} else if (config.mode === "steady") {
  const now = Date.now();
  await driver.count(now);
  print("ready");
  const until = performance.now() + (config.durationMs ?? 3_000);
  for (let i = 0; performance.now() < until; i++) {
    const key = `${config.prefix ?? ""}${i}`;
    const record = { key, owner: "steady", createdAt: now, expiresAt: now + HOUR, version: 1 };
    try {
      await driver.insert({ ...record, payload: "{}" }, now);
      print(`ok ${key} ${Date.now()}`);
    } catch (error) {
      print(`error ${(error as { code?: string }).code} ${key}`);
    }
  }
  await driver.close();
  print("done");
}

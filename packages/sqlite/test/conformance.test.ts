import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createCipher, generateKey } from "@sessions/crypto";
import { runAtRestCheck, runConformance } from "@sessions/test-suite";
import Database from "better-sqlite3";
import { afterAll } from "vitest";
import { sqliteDriver } from "../src/index.js";
import { tempDir } from "./helpers.js";

// One file shared by every check, one table per namespace: the injected handle outlives each
// driver (drivers never close an injected database), so `destroy` can drop the table.
const temp = tempDir("conformance");
const db = new Database(join(temp.dir, "sessions.db"));
const tables = new WeakMap<object, string>();
afterAll(() => {
  db.close();
  temp.remove();
});

const create = ({ namespace }: { namespace: string }) => {
  const driver = sqliteDriver({ database: db, table: `t_${namespace}` });
  tables.set(driver, driver.table);
  return driver;
};
const destroy = (driver: object) => {
  db.exec(`DROP TABLE IF EXISTS "${tables.get(driver)}"`);
};
const cipher = createCipher({ keys: { 1: generateKey(), 2: generateKey() }, current: 2 });

runConformance({ name: "sqlite", create, destroy });
// Every manager check again with owners and payloads encrypted (@sessions/crypto).
runConformance({
  name: "sqlite+cipher",
  create,
  destroy,
  levels: ["manager"],
  manager: { cipher },
});
// Its own database file (the shared one holds other checks' plain records): the bytes on disk,
// database and write-ahead log, are the dump.
const atRestFile = join(temp.dir, "at-rest.db");
runAtRestCheck({
  name: "sqlite",
  create: () => sqliteDriver({ database: atRestFile }),
  cipher,
  dump: () => [readFileSync(atRestFile), readFileSync(`${atRestFile}-wal`)],
});

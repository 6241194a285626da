import { join } from "node:path";
import { runConformance } from "@sessions/test-suite";
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

runConformance({
  name: "sqlite",
  create: ({ namespace }) => {
    const driver = sqliteDriver({ database: db, table: `t_${namespace}` });
    tables.set(driver, driver.table);
    return driver;
  },
  destroy: (driver) => {
    db.exec(`DROP TABLE IF EXISTS "${tables.get(driver)}"`);
  },
});

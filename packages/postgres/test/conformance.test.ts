import { createCipher, generateKey } from "@sessions/crypto";
import { runAtRestCheck, runConformance } from "@sessions/test-suite";
import { afterAll } from "vitest";
import { postgresDriver } from "../src/index.js";
import { connect } from "./helpers.js";

// One shared connection, one table per namespace; `destroy` drops it through the shared client
// (the suite has already closed the driver, which never ends an injected client).
const sql = connect();
const tables = new WeakMap<object, string>();
afterAll(() => sql.end({ timeout: 5 }));

const create = ({ namespace }: { namespace: string }) => {
  const driver = postgresDriver({ sql, table: `t_${namespace}` });
  tables.set(driver, driver.table);
  return driver;
};
const destroy = async (driver: object) => {
  await sql.unsafe(`DROP TABLE IF EXISTS ${tables.get(driver)}`);
};
const cipher = createCipher({ keys: { 1: generateKey(), 2: generateKey() }, current: 2 });

runConformance({ name: "postgres", create, destroy });
// Every manager check again with owners and payloads encrypted (@sessions/crypto).
runConformance({
  name: "postgres+cipher",
  create,
  destroy,
  levels: ["manager"],
  manager: { cipher },
});
runAtRestCheck({
  name: "postgres",
  create,
  destroy,
  cipher,
  // Every column of every row, as psql would print them.
  dump: async (driver) => JSON.stringify(await sql.unsafe(`SELECT * FROM ${tables.get(driver)}`)),
});

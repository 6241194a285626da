export { type SqliteDriver, type SqliteDriverOptions, sqliteDriver } from "./sqlite-driver.js";

export { type MongoDriverOptions, mongoDriver } from "./mongo-driver.js";
export type { SessionDocument, StoredText } from "./queries.js";

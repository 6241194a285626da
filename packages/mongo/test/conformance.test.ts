import { runConformance } from "@sessions/test-suite";
import { MongoClient } from "mongodb";
import { afterAll } from "vitest";
import { mongoDriver } from "../src/index.js";

const url = process.env.SESSIONS_MONGO_URL;
let client: MongoClient | undefined;
const collections = new WeakMap<object, string>();
const connected = () => {
  client ??= new MongoClient(url!, { serverSelectionTimeoutMS: 5_000 });
  return client;
};
afterAll(() => client?.close());

runConformance({
  name: "mongo",
  create: ({ namespace }) => {
    const driver = mongoDriver({ db: connected().db("sessions_test"), collectionName: namespace });
    collections.set(driver, namespace);
    return driver;
  },
  destroy: async (driver) => {
    const name = collections.get(driver);
    if (name !== undefined)
      await connected()
        .db("sessions_test")
        .dropCollection(name)
        .catch(() => {});
  },
  ...(url === undefined && {
    skip: "SESSIONS_MONGO_URL is not set: no MongoDB server on this machine",
  }),
});

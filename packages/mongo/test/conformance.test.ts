import { createCipher, generateKey } from "@sessions/crypto";
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

const create = ({ namespace }: { namespace: string }) => {
  const driver = mongoDriver({ db: connected().db("sessions_test"), collectionName: namespace });
  collections.set(driver, namespace);
  return driver;
};
const destroy = async (driver: object) => {
  const name = collections.get(driver);
  if (name !== undefined)
    await connected()
      .db("sessions_test")
      .dropCollection(name)
      .catch(() => {});
};
const skip =
  url === undefined
    ? "SESSIONS_MONGO_URL is not set: no MongoDB server on this machine"
    : undefined;
const cipher = createCipher({ keys: { 1: generateKey(), 2: generateKey() }, current: 2 });

runConformance({ name: "mongo", create, destroy, ...(skip !== undefined && { skip }) });
runConformance({
  name: "mongo+cipher",
  create,
  destroy,
  levels: ["manager"],
  manager: { cipher },
  ...(skip !== undefined && { skip }),
});

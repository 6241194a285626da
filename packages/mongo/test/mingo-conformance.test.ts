import { createCipher, generateKey } from "@sessions/crypto";
import { runAtRestCheck, runConformance } from "@sessions/test-suite";
import { mongoDriver } from "../src/index.js";
import { mingoCollection } from "./mingo-collection.js";

// The whole conformance suite with every filter and update document evaluated by mingo over
// an in-memory collection: query semantics verified without a server (see README: what this
// does and does not prove).
const create = ({ namespace }: { namespace: string }) =>
  mongoDriver({ collection: mingoCollection(namespace) });
const cipher = createCipher({ keys: { 1: generateKey(), 2: generateKey() }, current: 2 });

runConformance({ name: "mongo (mingo emulation, no server)", create });
runConformance({
  name: "mongo+cipher (mingo emulation, no server)",
  create,
  levels: ["manager"],
  manager: { cipher },
});
// The documents as the collection holds them (what `mongodump` would write, minus BSON).
const collection = mingoCollection("at_rest");
runAtRestCheck({
  name: "mongo (mingo emulation, no server)",
  create: () => mongoDriver({ collection }),
  cipher,
  dump: async () => JSON.stringify(await collection.find({}).toArray()),
});

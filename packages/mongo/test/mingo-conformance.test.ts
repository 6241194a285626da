import { runConformance } from "@sessions/test-suite";
import { mongoDriver } from "../src/index.js";
import { mingoCollection } from "./mingo-collection.js";

// The whole conformance suite with every filter and update document evaluated by mingo over
// an in-memory collection: query semantics verified without a server (see README: what this
// does and does not prove).
runConformance({
  name: "mongo (mingo emulation, no server)",
  create: ({ namespace }) => mongoDriver({ collection: mingoCollection(namespace) }),
});

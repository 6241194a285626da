import { find, Query, updateOne } from "mingo";
import type { Collection } from "mongodb";
import type { SessionDocument } from "../src/queries.js";

/** Every call the driver made: method name and its first argument (the filter). */
export interface CallLog {
  readonly calls: { method: string; filter: unknown; update?: unknown }[];
}

/**
 * An in-memory stand-in for the few `Collection` methods the driver uses, where every filter
 * and update document is evaluated by mingo (MongoDB's query language in JS). The collection
 * semantics around them are emulated here and are NOT MongoDB's: `_id` uniqueness (E11000 on
 * an upsert that matches nothing while the `_id` exists), replace-by-filter, sort/limit. Each
 * call is synchronous, hence trivially atomic.
 */
export function mingoCollection(name = "sessions"): Collection<SessionDocument> & CallLog {
  let docs: SessionDocument[] = [];
  const calls: CallLog["calls"] = [];
  const copy = (doc: SessionDocument): SessionDocument => ({ ...doc });
  const matches = (filter: object) => {
    const query = new Query(filter as Record<string, unknown>);
    return (doc: SessionDocument) => query.test(doc as never);
  };
  const duplicate = () => Object.assign(new Error("E11000 duplicate key error"), { code: 11000 });
  const fake = {
    collectionName: name,
    calls,
    async createIndexes(specs: unknown) {
      calls.push({ method: "createIndexes", filter: specs });
      return [];
    },
    async findOne(filter: object, options: { projection?: object } = {}) {
      calls.push({ method: "findOne", filter });
      const doc = docs.find(matches(filter));
      if (doc === undefined) return null;
      if (!options.projection) return copy(doc);
      return (find([doc], {}, options.projection as never).all()[0] ?? null) as typeof doc | null;
    },
    async replaceOne(
      filter: { _id?: unknown },
      fields: object,
      options: { upsert?: boolean } = {},
    ) {
      calls.push({ method: "replaceOne", filter, update: fields });
      const index = docs.findIndex(matches(filter));
      if (index >= 0) {
        docs[index] = { ...(fields as SessionDocument), _id: docs[index]!._id };
        return { matchedCount: 1, modifiedCount: 1, upsertedCount: 0 };
      }
      if (!options.upsert) return { matchedCount: 0, modifiedCount: 0, upsertedCount: 0 };
      // An upsert takes `_id` from the filter's equality; the unique `_id` index refuses a twin.
      if (docs.some((doc) => doc._id === filter._id)) throw duplicate();
      docs.push({ ...(fields as SessionDocument), _id: filter._id as string });
      return { matchedCount: 0, modifiedCount: 0, upsertedCount: 1 };
    },
    async updateOne(filter: object, update: object) {
      calls.push({ method: "updateOne", filter, update });
      const result = updateOne(docs as never[], filter as never, update as never);
      return { matchedCount: result.matchedCount, modifiedCount: result.modifiedCount };
    },
    async deleteOne(filter: object) {
      calls.push({ method: "deleteOne", filter });
      const index = docs.findIndex(matches(filter));
      if (index >= 0) docs.splice(index, 1);
      return { deletedCount: index >= 0 ? 1 : 0 };
    },
    async deleteMany(filter: object) {
      calls.push({ method: "deleteMany", filter });
      const test = matches(filter);
      const before = docs.length;
      docs = docs.filter((doc) => !test(doc));
      return { deletedCount: before - docs.length };
    },
    async countDocuments(filter: object) {
      calls.push({ method: "countDocuments", filter });
      return docs.filter(matches(filter)).length;
    },
    find(
      filter: object,
      options: { sort?: Record<string, 1 | -1>; limit?: number; projection?: object } = {},
    ) {
      calls.push({ method: "find", filter });
      return {
        async toArray() {
          let cursor = find(docs, filter as never, options.projection as never);
          if (options.sort) cursor = cursor.sort(options.sort);
          if (options.limit) cursor = cursor.limit(options.limit);
          return (cursor.all() as unknown as SessionDocument[]).map(copy);
        },
      };
    },
  };
  return fake as unknown as Collection<SessionDocument> & CallLog;
}

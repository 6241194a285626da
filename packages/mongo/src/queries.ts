/**
 * Every filter and update document the mongo driver sends, as small pure functions, so their
 * semantics can be checked without a server (see test/queries.test.ts, against mingo).
 *
 * Document schema (one per record, `_id` = record key):
 * `{ _id, owner, payload, createdAt, expiresAt, version, expires }` where `expiresAt` is core's
 * deadline in epoch ms (what every read filters on) and `expires` the same instant as a Date,
 * rounded up to the millisecond, for the TTL index (`expireAfterSeconds: 0`).
 */
import type { StoredSession } from "@sessions/core";
import { Binary } from "mongodb";

/** A stored string: BSON strings are UTF-8, so text with lone surrogates is kept as UTF-16LE binary. */
export type StoredText = string | Binary;

/** One record as stored. */
export interface SessionDocument {
  _id: string;
  owner: StoredText | null;
  payload: StoredText;
  createdAt: number;
  expiresAt: number;
  version: number;
  expires: Date;
}

/** The stored fields without `_id` (what replaceOne sends; the filter carries `_id`). */
export type SessionFields = Omit<SessionDocument, "_id">;

// User-defined binary subtype: "UTF-16LE text that is not well-formed Unicode".
const UTF16_SUBTYPE = 0x80;

const wellFormed = (text: string): boolean =>
  (text as unknown as { isWellFormed(): boolean }).isWellFormed();

/** A string as stored: itself, or UTF-16LE bytes when UTF-8 would lose lone surrogates. */
export function storeText(text: string): StoredText {
  return wellFormed(text) ? text : new Binary(Buffer.from(text, "utf16le"), UTF16_SUBTYPE);
}

/** The string back from {@link storeText}. */
export function readText(value: StoredText): string {
  if (typeof value === "string") return value;
  return Buffer.from(value.buffer).toString("utf16le");
}

/** The stored fields of a record. */
export function toFields(record: StoredSession): SessionFields {
  return {
    owner: record.owner === null ? null : storeText(record.owner),
    payload: storeText(record.payload),
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
    version: record.version,
    expires: expiryDate(record.expiresAt),
  };
}

/** The record back from a document. */
export function fromDocument(doc: SessionDocument): StoredSession {
  return {
    key: doc._id,
    owner: doc.owner === null || doc.owner === undefined ? null : readText(doc.owner),
    payload: readText(doc.payload),
    createdAt: doc.createdAt,
    expiresAt: doc.expiresAt,
    version: doc.version,
  };
}

/** The TTL index field: never earlier than `expiresAt` (rounded up to the millisecond). */
export function expiryDate(expiresAt: number): Date {
  return new Date(Math.ceil(expiresAt));
}

/** The live record of `key`. */
export function liveFilter(key: string, now: number) {
  return { _id: key, expiresAt: { $gt: now } };
}

/**
 * insert = replaceOne(this, fields, { upsert: true }): replaces a dead record; with no record
 * it inserts one; a live record does not match, the upsert collides on `_id` (E11000) and
 * the insert loses.
 */
export function deadFilter(key: string, now: number) {
  return { _id: key, expiresAt: { $lte: now } };
}

/** compareAndSet = replaceOne(this, fields), or deleteOne(this) when `expiresAt` is 0. */
export function versionFilter(key: string, expectedVersion: number, now: number) {
  return { _id: key, version: expectedVersion, expiresAt: { $gt: now } };
}

/** touch = updateOne(liveFilter, this). */
export function touchUpdate(expiresAt: number) {
  return { $set: { expiresAt, expires: expiryDate(expiresAt) } };
}

/** delete = deleteOne(this). */
export function keyFilter(key: string) {
  return { _id: key };
}

/** listByOwner = find(this). */
export function liveOwnerFilter(owner: string, now: number) {
  return { owner: storeText(owner), expiresAt: { $gt: now } };
}

/** deleteByOwner = deleteMany(this). */
export function ownerFilter(owner: string) {
  return { owner: storeText(owner) };
}

/** Escapes regular-expression metacharacters so `text` matches itself. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}

/** `_id` condition for "starts with prefix" (anchored, so an `_id` index serves it). */
function prefixCondition(prefix: string) {
  return prefix === "" ? {} : { $regex: `^${escapeRegex(prefix)}` };
}

/** deleteExpired = find(this, { projection: { _id: 1 }, limit }) then deleteMany(byIdsExpired). */
export function expiredFilter(now: number, prefix = "") {
  return prefix === ""
    ? { expiresAt: { $lte: now } }
    : { _id: prefixCondition(prefix), expiresAt: { $lte: now } };
}

/** The batch of deleteExpired: these ids, still expired (a touch in between keeps its record). */
export function expiredIdsFilter(ids: readonly string[], now: number) {
  return { _id: { $in: [...ids] }, expiresAt: { $lte: now } };
}

/** scan = find(this, { sort: { _id: 1 }, limit: limit + 1 }); the cursor is the last `_id`. */
export function scanFilter(prefix = "", cursor?: string) {
  const condition: Record<string, string> = {};
  if (prefix !== "") condition.$regex = `^${escapeRegex(prefix)}`;
  if (cursor !== undefined) condition.$gt = cursor;
  return Object.keys(condition).length === 0 ? {} : { _id: condition };
}

/** count = countDocuments(this). */
export function countFilter(now: number, prefix = "") {
  return prefix === ""
    ? { expiresAt: { $gt: now } }
    : { _id: prefixCondition(prefix), expiresAt: { $gt: now } };
}

/** The indexes the driver creates: TTL on `expires`, owner lookups, expiry sweeps. */
export const INDEXES = [
  { key: { expires: 1 }, name: "sessions_ttl", expireAfterSeconds: 0 },
  { key: { owner: 1 }, name: "sessions_owner" },
  { key: { expiresAt: 1 }, name: "sessions_expires_at" },
] as const;

import type { ManagerContext } from "./context.js";
import { emit } from "./context.js";
import { encodeData } from "./data-codec.js";
import { parseDuration } from "./duration.js";
import type { Envelope } from "./envelope.js";
import {
  ConfigError,
  InvalidPasswordError,
  SessionConflictError,
  SessionLockedError,
  SessionStoreError,
} from "./errors.js";
import type { EventSource, SessionEventListener } from "./events.js";
import { heldForWrite, tokenOfTarget, touchHeld } from "./held-sessions.js";
import { lockSession, notFound, unlockSession } from "./locking.js";
import { insertWithNewToken } from "./new-session.js";
import { evictOverLimit, insertAsOnlySession, listOwnerRecords, moveSlotHolder } from "./owners.js";
import { assertPassword, hashPassword } from "./password.js";
import {
  decodeSessionData,
  infoOf,
  type LoadedSession,
  listInfos,
  loadByHandle,
  loadByToken,
  openMany,
  resealOwnerOf,
  sealRecordPayload,
  validateData,
} from "./records.js";
import { assertReservedUnchanged, createReservedKeyWriter } from "./reserved-keys.js";
import { resolveOptions } from "./resolve-options.js";
import { backoff, MAX_WRITE_ATTEMPTS } from "./retry.js";
import { afterWrite, deadlineAt, nextRecord, sessionView } from "./session-view.js";
import { Sweeper } from "./sweeper.js";
import { assertToken } from "./token.js";
import { exportRecords, importRecords } from "./transfer.js";
import type {
  ActiveSession,
  CreateOptions,
  DuplicatePolicy,
  JsonValue,
  LockedSession,
  PortableRecord,
  ReservedKeyWriter,
  Session,
  SessionInfo,
  SessionManagerOptions,
  SessionPage,
  SessionStats,
  TransferResult,
  UpdateOptions,
} from "./types.js";

const META_LIMITS = { maxBytes: 16 * 1024, maxDepth: 8 };
const MAX_PAGE = 10_000;
const STATS_PAGE = 1000;

/** The next data: a value, or a function of the previous data (may be async). */
export type DataUpdate<Data> = Data | ((previous: Data) => Data | Promise<Data>);

/**
 * The session manager: every policy (ids, expiry, renewal, locking, ownership, concurrency,
 * encryption, events) lives here; the driver only stores records. Create it with
 * {@link createSessionManager}.
 */
export class SessionManager<Data = Record<string, JsonValue>> implements EventSource {
  readonly #ctx: ManagerContext;
  readonly #sweeper: Sweeper;
  #closed = false;

  /** Use {@link createSessionManager}. */
  constructor(options: SessionManagerOptions<Data>) {
    this.#ctx = resolveOptions(options);
    this.#sweeper = new Sweeper(this.#ctx, options.cleanup);
  }

  /** The app namespace of this manager. */
  get app(): string {
    return this.#ctx.keys.app;
  }

  /** Name of the driver in use (e.g. `"memory"`). */
  get driverName(): string {
    return this.#ctx.driver.name;
  }

  /** Adds an audit-event listener; returns the function that removes it. */
  subscribe(listener: SessionEventListener): () => void {
    return this.#ctx.events.subscribe(listener);
  }

  /**
   * Creates a session and returns it with its token (`id`). With `uniquePerOwner`, throws
   * `OwnerBusyError` while the owner's session is inside its takeover window and replaces it
   * after; with `maxSessionsPerOwner`, evicts the owner's oldest sessions.
   */
  async create(options: CreateOptions<Data> & { locked: true }): Promise<LockedSession>;
  async create(options?: CreateOptions<Data>): Promise<ActiveSession<Data>>;
  async create(options: CreateOptions<Data> = {}): Promise<Session<Data>> {
    this.#enter();
    const ctx = this.#ctx;
    const owner = options.owner ?? null;
    if (owner !== null) ctx.keys.assertOwner(owner);
    if (options.password === undefined) {
      if (ctx.requirePassword) throw new InvalidPasswordError("this manager requires a password");
      if (options.locked) throw new InvalidPasswordError("a locked session needs a password");
    } else {
      assertPassword(options.password);
    }
    const meta = options.meta ?? null;
    if (meta !== null) {
      if (typeof meta !== "object" || Array.isArray(meta))
        throw new ConfigError("meta must be an object");
      encodeSessionMeta(meta);
    }
    const given = options.data ?? {};
    // The schema's output is what is stored and returned (defaults and transforms applied).
    const data = (ctx.validate ? await validateData(ctx, given) : given) as Data;
    const dataJson = encodeData(data, ctx.limits);
    const ttlMs = options.ttl === undefined ? ctx.ttlMs : parseDuration(options.ttl, "ttl");
    const passwordHash =
      options.password === undefined ? undefined : await hashPassword(options.password);

    const now = ctx.clock.now();
    const envelope: Envelope = {
      absoluteExpiresAt: now + ttlMs,
      lastSeenAt: now,
      ...(passwordHash !== undefined && { passwordHash }),
      locked: options.locked === true,
      failures: [],
      meta,
    };
    const build = (handle: string) => ({
      key: ctx.keys.sessionKey(handle),
      owner: owner === null ? null : ctx.keys.storedOwner(owner),
      payload: sealRecordPayload(ctx, envelope, dataJson, handle),
      createdAt: now,
      expiresAt: deadlineAt(ctx, envelope, now),
      version: 1,
    });
    const inserted =
      owner !== null && ctx.takeoverMs !== undefined
        ? await insertAsOnlySession(ctx, owner, build, now)
        : await insertWithNewToken(ctx, build, now);
    if (owner !== null && ctx.maxPerOwner !== undefined) {
      await evictOverLimit(ctx, owner, inserted.record.key, now);
    }
    emit(ctx, { type: "created", handle: inserted.handle, owner });
    const loaded = { handle: inserted.handle, record: inserted.record, envelope, dataJson, now };
    return sessionView<Data>(ctx, loaded, inserted.token, data);
  }

  /**
   * The session of a token, or `null` when there is none (an expired one is destroyed now).
   * A locked session comes back with `locked: true` and no data. With `idleTimeout`, this
   * counts as activity: the idle deadline is renewed (stored once `renewal.threshold` of the
   * idle window has passed).
   */
  async get(id: string): Promise<Session<Data> | null> {
    this.#enter();
    const result = await loadByToken(this.#ctx, id);
    if (result.state !== "found") return null;
    let loaded: LoadedSession | null = result.session;
    if (this.#renewalDue(loaded)) {
      loaded = await this.#storeRenewal(loaded);
      if (loaded === null) return null;
    }
    return this.#view(loaded, id);
  }

  /**
   * Like {@link get} but never `null`: throws `SessionNotFoundError`, `SessionExpiredError`
   * or `SessionLockedError`.
   */
  async require(id: string): Promise<ActiveSession<Data>> {
    this.#enter();
    const result = await loadByToken(this.#ctx, id);
    if (result.state !== "found") notFound(result.state);
    if (result.session.envelope.locked) throw new SessionLockedError();
    let loaded: LoadedSession | null = result.session;
    if (this.#renewalDue(loaded)) {
      loaded = await this.#storeRenewal(loaded);
      if (loaded === null) notFound("missing");
    }
    return this.#view(loaded, id) as ActiveSession<Data> | Promise<ActiveSession<Data>>;
  }

  /**
   * Writes new data: a value, or a function of the previous data. Lost races are retried
   * (function form: no update is ever lost); with `expectedVersion` a changed session throws
   * `SessionConflictError` instead. Counts as activity (renews the idle window).
   *
   * `target` is the token, or a Session object this manager returned (from `get`, `require`,
   * `create`, `update`…): then the write starts from the record that object was read with and
   * takes one driver call instead of a read plus a write. It is still a compare-and-set on
   * that record's version, so if the session changed since, it is read again and the update
   * applied to the current record, exactly as with the token. The object's own fields are
   * never trusted: only the manager's private copy of the record is.
   */
  async update(
    target: string | Session<Data>,
    next: DataUpdate<Data>,
    options: UpdateOptions = {},
  ): Promise<ActiveSession<Data>> {
    this.#enter();
    return this.#update(target, next, options, false);
  }

  /**
   * Extends the idle window now; `false` when the session is gone. `target` is the token or a
   * Session object this manager returned: then the new deadline is written without reading
   * the record first (the deadline comes from the held record's creation time, which never
   * changes), and when there is nothing to extend only the record's existence is checked.
   */
  async touch(target: string | Session<Data>): Promise<boolean> {
    this.#enter();
    const ctx = this.#ctx;
    const now = ctx.clock.now();
    const held = heldForWrite(ctx, target, now);
    if (held !== undefined) {
      const touched = await touchHeld(ctx, held.loaded, now);
      if (touched !== undefined) return touched;
    }
    const result = await loadByToken(ctx, tokenOfTarget(ctx, target));
    if (result.state !== "found") return false;
    const { record, envelope, handle } = result.session;
    const expiresAt = deadlineAt(ctx, envelope, result.session.now);
    if (expiresAt <= record.expiresAt) return true;
    const touched = await ctx.driver.touch(record.key, expiresAt, result.session.now);
    if (touched) emit(ctx, { type: "renewed", handle, expiresAt });
    return touched;
  }

  /**
   * Moves the session to a new token with the same data (call it after login and privilege
   * changes); the old token dies at once.
   */
  async regenerate(id: string): Promise<ActiveSession<Data>> {
    this.#enter();
    const ctx = this.#ctx;
    const result = await loadByToken(ctx, id);
    if (result.state !== "found") notFound(result.state);
    const loaded = result.session;
    if (loaded.envelope.locked) throw new SessionLockedError();
    const { record, now } = loaded;
    // Before anything is written: an owner that cannot be re-sealed fails with nothing lost.
    const owner = resealOwnerOf(ctx, record.owner);
    // Kill the old record first: of two concurrent regenerations only one wins this write.
    const dead = { ...record, expiresAt: 0, version: record.version + 1 };
    if (!(await ctx.driver.compareAndSet(dead, record.version, now))) {
      emit(ctx, { type: "conflict", handle: loaded.handle, operation: "regenerate" });
      throw new SessionConflictError();
    }
    const envelope = { ...loaded.envelope, lastSeenAt: now };
    const inserted = await insertWithNewToken(
      ctx,
      (handle) => ({
        ...record,
        key: ctx.keys.sessionKey(handle),
        owner,
        payload: sealRecordPayload(ctx, envelope, loaded.dataJson, handle),
        expiresAt: deadlineAt(ctx, envelope, now),
        version: record.version + 1,
      }),
      now,
    );
    if (record.owner !== null)
      await moveSlotHolder(ctx, record.owner, record.key, inserted.record.key, now);
    emit(ctx, { type: "regenerated", handle: inserted.handle, previousHandle: loaded.handle });
    const moved = { ...afterWrite(loaded, inserted.record, envelope), handle: inserted.handle };
    return (await this.#view(moved, inserted.token)) as ActiveSession<Data>;
  }

  /**
   * Destroys the session of a token; `false` when there was none. One driver call: an expired
   * record not yet swept is removed too and counts as destroyed.
   */
  async destroy(id: string): Promise<boolean> {
    this.#enter();
    assertToken(id);
    const handle = this.#ctx.keys.handleOf(id);
    // Awaited here, not in a helper: destroy is hot, and each async hop costs more than the delete.
    const removed = await this.#ctx.driver.delete(this.#ctx.keys.sessionKey(handle));
    if (removed) emit(this.#ctx, { type: "destroyed", handle, reason: "destroyed" });
    return removed;
  }

  /** Destroys a session by its public `handle` (from `getByOwner` or `list`). */
  async revoke(handle: string): Promise<boolean> {
    this.#enter();
    this.#ctx.keys.assertHandle(handle);
    const removed = await this.#ctx.driver.delete(this.#ctx.keys.sessionKey(handle));
    if (removed) emit(this.#ctx, { type: "destroyed", handle, reason: "revoked" });
    return removed;
  }

  /** The listing view of one session by handle, or `null`. Does not count as activity. */
  async inspect(handle: string): Promise<SessionInfo | null> {
    this.#enter();
    this.#ctx.keys.assertHandle(handle);
    const result = await loadByHandle(this.#ctx, handle);
    return result.state === "found" ? infoOf(this.#ctx, result.session) : null;
  }

  /** Live sessions of an owner, oldest first: listing views with handles, never tokens. */
  async getByOwner(owner: string): Promise<SessionInfo[]> {
    this.#enter();
    const ctx = this.#ctx;
    ctx.keys.assertOwner(owner);
    const now = ctx.clock.now();
    const records = await listOwnerRecords(ctx, owner, now);
    return listInfos(ctx, records, "getByOwner", now).sort((a, b) => a.createdAt - b.createdAt);
  }

  /**
   * Destroys every session of an owner ("log out everywhere"), except the session of the
   * token in `except` when given; resolves with how many were destroyed.
   */
  async destroyByOwner(owner: string, options: { except?: string } = {}): Promise<number> {
    this.#enter();
    const ctx = this.#ctx;
    ctx.keys.assertOwner(owner);
    let exceptKey: string | undefined;
    if (options.except !== undefined) {
      assertToken(options.except);
      exceptKey = ctx.keys.sessionKey(ctx.keys.handleOf(options.except));
    }
    const now = ctx.clock.now();
    const records = await listOwnerRecords(ctx, owner, now);
    let removed = 0;
    if (exceptKey === undefined) {
      // One driver call per stored owner form: sessions created meanwhile go too. The driver
      // also counts expired leftovers it swept; report the live sessions ended, like the events.
      let deleted = 0;
      for (const form of ctx.keys.ownerForms(owner)) {
        deleted += await ctx.driver.deleteByOwner(form);
      }
      removed = Math.min(deleted, records.length);
    } else {
      for (const record of records) {
        if (record.key !== exceptKey && (await ctx.driver.delete(record.key))) removed++;
      }
    }
    for (const record of records) {
      if (record.key === exceptKey) continue;
      emit(ctx, { type: "destroyed", handle: ctx.keys.handleOfKey(record.key), reason: "owner" });
    }
    return removed;
  }

  /** Locks a session with a password: data hidden and writes refused until `unlock`. */
  async lock(id: string, password?: string): Promise<LockedSession> {
    this.#enter();
    assertToken(id);
    return lockSession(this.#ctx, id, password);
  }

  /**
   * Unlocks with the password; returns the session under a NEW token (the old one dies).
   * Wrong passwords throw `InvalidPasswordError`; too many within the window throw
   * `TooManyAttemptsError`.
   */
  async unlock(id: string, password: string): Promise<ActiveSession<Data>> {
    this.#enter();
    assertToken(id);
    return unlockSession<Data>(this.#ctx, id, password);
  }

  /** True when the token has a live session (locked or not). Not counted as activity. */
  async isActive(id: string): Promise<boolean> {
    this.#enter();
    return (await loadByToken(this.#ctx, id)).state === "found";
  }

  /** Milliseconds until the session expires, or `null` when it is gone. */
  async timeRemaining(id: string): Promise<number | null> {
    this.#enter();
    const result = await loadByToken(this.#ctx, id);
    if (result.state !== "found") return null;
    return result.session.record.expiresAt - result.session.now;
  }

  /** Milliseconds since the session was created, or `null` when it is gone. */
  async elapsed(id: string): Promise<number | null> {
    this.#enter();
    const result = await loadByToken(this.#ctx, id);
    if (result.state !== "found") return null;
    return result.session.now - result.session.record.createdAt;
  }

  /** A page of this app's live sessions (listing views); pass `cursor` on for the next page. */
  async list(options: { cursor?: string; limit?: number } = {}): Promise<SessionPage> {
    this.#enter();
    const ctx = this.#ctx;
    const limit = options.limit ?? 100;
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PAGE) {
      throw new ConfigError(`limit must be a whole number from 1 to ${MAX_PAGE}`);
    }
    const page = await ctx.driver.scan({
      ...(options.cursor !== undefined && { cursor: options.cursor }),
      limit,
      prefix: ctx.keys.sessionPrefix,
    });
    const now = ctx.clock.now();
    const sessions = listInfos(ctx, page.records, "list", now);
    return page.cursor === undefined ? { sessions } : { sessions, cursor: page.cursor };
  }

  /** Removes every expired record of this app now, in batches. */
  async cleanup(): Promise<{ removed: number }> {
    this.#enter();
    return this.#sweeper.sweep();
  }

  /** Counts of this app's live sessions (a full scan). */
  async stats(): Promise<SessionStats> {
    this.#enter();
    const ctx = this.#ctx;
    let active = 0;
    let locked = 0;
    const owners = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await ctx.driver.scan({
        cursor,
        limit: STATS_PAGE,
        prefix: ctx.keys.sessionPrefix,
      });
      for (const loaded of openMany(ctx, page.records, "stats", ctx.clock.now())) {
        if (loaded.envelope.locked) locked++;
        else active++;
        if (loaded.record.owner !== null) owners.add(loaded.record.owner);
      }
      cursor = page.cursor;
    } while (cursor !== undefined);
    return { active, locked, owners: owners.size };
  }

  /** This app's live sessions as portable records (keys stay hashed). */
  export(): AsyncIterable<PortableRecord> {
    this.#enter();
    return exportRecords(this.#ctx);
  }

  /**
   * Imports portable records, all or nothing: a malformed record throws `SerializationError`
   * naming the record and field before anything is written. Expired records are dropped.
   */
  async import(
    records: Iterable<unknown> | AsyncIterable<unknown>,
    options: { onDuplicate?: DuplicatePolicy } = {},
  ): Promise<TransferResult> {
    this.#enter();
    return importRecords(this.#ctx, records, options.onDuplicate ?? "fail");
  }

  /**
   * Reserves a top-level data key for a module built on top (e.g. `"auth"`): public `update`
   * calls that change it throw `ReservedKeyError`; the returned writer changes it.
   */
  reserveKey<Value extends JsonValue = JsonValue>(key: string): ReservedKeyWriter<Value> {
    return createReservedKeyWriter<Value>(this.#ctx, key, {
      read: async (id) => (await this.require(id)).data as unknown,
      write: (id, next) => {
        this.#enter();
        return this.#update(id, next as DataUpdate<Data>, {}, true);
      },
    });
  }

  /** Stops background cleanup and closes the driver. Idempotent; later calls reject (`CLOSED`). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#sweeper.stop();
    this.#ctx.driver.markClosed();
    await this.#ctx.driver.close();
  }

  #enter(): void {
    if (this.#closed) {
      throw new SessionStoreError(this.#ctx.driver.name, "session manager is closed", {
        code: "CLOSED",
      });
    }
    this.#sweeper.maybeSweep();
  }

  /** The caller's view; synchronous unless a `validate` schema has to run. */
  #view(loaded: LoadedSession, token: string): Session<Data> | Promise<Session<Data>> {
    const ctx = this.#ctx;
    if (loaded.envelope.locked) return sessionView<Data>(ctx, loaded, token, null);
    const data = decodeSessionData(ctx, loaded.dataJson);
    if (!ctx.validate) return sessionView<Data>(ctx, loaded, token, data);
    return (data as Promise<unknown>).then((valid) => sessionView<Data>(ctx, loaded, token, valid));
  }

  /** True when a read should store a renewed idle deadline (threshold passed, room left). */
  #renewalDue(loaded: LoadedSession): boolean {
    const ctx = this.#ctx;
    const idleMs = ctx.idleMs;
    if (idleMs === undefined) return false;
    const { record, now } = loaded;
    const sinceRenewal = now - (record.expiresAt - idleMs);
    return (
      deadlineAt(ctx, loaded.envelope, now) > record.expiresAt &&
      sinceRenewal >= ctx.renewalThreshold * idleMs
    );
  }

  /** Stores the renewed idle deadline; `null` when the session vanished meanwhile. */
  async #storeRenewal(loaded: LoadedSession): Promise<LoadedSession | null> {
    const ctx = this.#ctx;
    const { record, now } = loaded;
    const expiresAt = deadlineAt(ctx, loaded.envelope, now);
    if (!(await ctx.driver.touch(record.key, expiresAt, now))) return null;
    emit(ctx, { type: "renewed", handle: loaded.handle, expiresAt });
    return { ...loaded, record: { ...record, expiresAt } };
  }

  async #update(
    target: unknown,
    next: DataUpdate<Data>,
    options: UpdateOptions,
    allowReserved: boolean,
  ): Promise<ActiveSession<Data>> {
    const ctx = this.#ctx;
    const { expectedVersion } = options;
    const isFunction = typeof next === "function";
    const checkReserved = !allowReserved && ctx.reserved.size > 0;
    let held = heldForWrite(ctx, target, ctx.clock.now());
    const token = tokenOfTarget(ctx, target);
    // An expectedVersion other than the held record's is judged against the stored record,
    // as with the token: the held copy cannot tell whether the store is at that version.
    if (expectedVersion !== undefined && held?.loaded.record.version !== expectedVersion) {
      held = undefined;
    }
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
      let loaded: LoadedSession;
      if (held !== undefined) {
        loaded = held.loaded;
      } else {
        const result = await loadByToken(ctx, token);
        if (result.state !== "found") notFound(result.state);
        loaded = result.session;
        if (loaded.envelope.locked) throw new SessionLockedError();
      }
      if (expectedVersion !== undefined && loaded.record.version !== expectedVersion) {
        emit(ctx, { type: "conflict", handle: loaded.handle, operation: "update" });
        throw new SessionConflictError();
      }
      const previous =
        isFunction || checkReserved
          ? ((await decodeSessionData(ctx, loaded.dataJson)) as Data)
          : undefined;
      const proposed = isFunction
        ? await (next as (previous: Data) => Data | Promise<Data>)(previous as Data)
        : (next as Data);
      if (checkReserved) assertReservedUnchanged(ctx.reserved, previous, proposed);
      const value = ctx.validate ? ((await validateData(ctx, proposed)) as Data) : proposed;
      const dataJson = encodeData(value, ctx.limits);
      // Read the clock again: the update function may have taken a while, and a write
      // judged against the load time could revive a session that expired meanwhile.
      const now = ctx.clock.now();
      const envelope = { ...loaded.envelope, lastSeenAt: now };
      const record = nextRecord(ctx, loaded, {
        envelope,
        dataJson,
        expiresAt: deadlineAt(ctx, envelope, now),
      });
      if (await ctx.driver.compareAndSet(record, loaded.record.version, now)) {
        return sessionView<Data>(
          ctx,
          afterWrite(loaded, record, envelope, dataJson),
          token as string,
          value,
        ) as ActiveSession<Data>;
      }
      if (expectedVersion !== undefined) {
        emit(ctx, { type: "conflict", handle: loaded.handle, operation: "update" });
        throw new SessionConflictError();
      }
      // A held record that lost its compare-and-set is merely out of date: read the current
      // one at once. Only a lost race against a freshly read record means contention.
      if (held !== undefined) held = undefined;
      else await backoff(attempt);
    }
    throw new SessionConflictError("too many concurrent writers; the update was not applied");
  }
}

function encodeSessionMeta(meta: object): void {
  // Same JSON rules as data, with tighter limits: meta rides in every record header.
  encodeData(meta, META_LIMITS);
}

/** Creates a session manager over a driver. See {@link SessionManagerOptions} for the options. */
export function createSessionManager<Data = Record<string, JsonValue>>(
  options: SessionManagerOptions<Data>,
): SessionManager<Data> {
  return new SessionManager<Data>(options);
}

/**
 * Quick start: the whole session lifecycle on the in-memory driver, no server needed.
 * Run it with `bash scripts/start.sh` (or `pnpm quickstart` after a build).
 */
import {
  createEventLog,
  createSessionManager,
  memoryDriver,
  OwnerBusyError,
  SessionLockedError,
} from "@sessions/core";

interface CartData {
  cart: string[];
}

const sessions = createSessionManager<CartData>({
  driver: memoryDriver(),
  app: "shop",
  ttl: "8h",
  idleTimeout: "30m",
  uniquePerOwner: { takeoverAfter: "5m" },
  onEvent: (event) => console.log(`  event: ${event.type}`),
});
const log = createEventLog(sessions);
const short = (token: string) => `${token.slice(0, 6)}…`;

console.log("1. create a session for alice");
const session = await sessions.create({
  owner: "alice",
  data: { cart: [] },
  password: "correct horse battery",
  meta: { device: "laptop" },
});
console.log(`   token ${short(session.id)} (give it to the client), handle ${short(session.handle)}`);

console.log("2. add to the cart (function update of the session held: safe under parallel requests)");
const updated = await sessions.update(session, (previous) => ({ cart: [...previous.cart, "apple"] }));
console.log(`   cart ${JSON.stringify(updated.data.cart)}, version ${updated.version}`);

console.log("3. a second login for alice inside the takeover window is refused");
try {
  await sessions.create({ owner: "alice", data: { cart: [] } });
} catch (error) {
  if (!(error instanceof OwnerBusyError)) throw error;
  console.log(`   ${error.name}: retry in ${Math.round(error.retryAfterMs / 1000)} s`);
}

console.log("4. lock with the password: the data is hidden, writes are refused");
await sessions.lock(session.id);
const locked = await sessions.get(session.id);
console.log(`   locked=${locked?.locked}, data=${JSON.stringify(locked?.data)}`);
try {
  await sessions.update(session.id, { cart: [] });
} catch (error) {
  if (!(error instanceof SessionLockedError)) throw error;
  console.log(`   update refused: ${error.name}`);
}

console.log("5. unlock: the session comes back under a NEW token, the old one is dead");
const unlocked = await sessions.unlock(session.id, "correct horse battery");
console.log(`   new token ${short(unlocked.id)}, old token active: ${await sessions.isActive(session.id)}`);

console.log("6. regenerate (after a privilege change): same data, new token");
const regenerated = await sessions.regenerate(unlocked.id);
console.log(`   token ${short(regenerated.id)}, cart ${JSON.stringify(regenerated.data.cart)}`);

console.log("7. list alice's sessions (handles, never tokens) and the whole app");
for (const info of await sessions.getByOwner("alice")) {
  console.log(`   ${short(info.handle)} ${info.status} device=${info.meta?.device} expires in ${Math.round((info.expiresAt - Date.now()) / 60_000)} min`);
}
const page = await sessions.list({ limit: 10 });
console.log(`   list: ${page.sessions.length} session(s); stats ${JSON.stringify(await sessions.stats())}`);

console.log("8. log out everywhere");
console.log(`   destroyed ${await sessions.destroyByOwner("alice")} session(s)`);
console.log(`   event log: ${log.successful.length} successful, ${log.errors.length} errors`);
await sessions.close();

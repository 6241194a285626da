/** `GET /storage`: the driver in use and the owner's records exactly as stored. */

import type { StoredSession } from "@sessions/core";
import { Hono } from "hono";
import { describeSpec, driverEntry } from "../../drivers/registry.js";
import { activeSession, requireActive } from "../middleware.js";
import { renderPage } from "../page.js";
import type { PlaygroundEnv, PlaygroundState } from "../state.js";
import { type RecordPair, Storage } from "../views/storage.js";

/** The storage panel. */
export function storageRoutes(state: PlaygroundState): Hono<PlaygroundEnv> {
  return new Hono<PlaygroundEnv>().get("/storage", requireActive(state), async (c) => {
    const session = activeSession(c);
    const records: RecordPair[] = [];
    // Only this owner's records, and only unlocked ones: a locked session's data stays hidden
    // even from its owner's other browsers until it is unlocked.
    for (const info of await state.manager.getByOwner(session.owner!)) {
      if (info.status !== "active") continue;
      const stored = await state.driver.get(`${state.manager.app}:s:${info.handle}`, Date.now());
      if (!stored) continue;
      records.push({
        current: info.handle === session.handle,
        stored,
        other: otherMode(state, stored, info.handle),
      });
    }
    records.sort((a, b) => Number(b.current) - Number(a.current));
    return renderPage(
      c,
      state,
      "Storage",
      <Storage
        driver={describeSpec(state.spec)}
        summary={driverEntry(state.spec.kind)?.summary ?? ""}
        encryption={state.cipher !== null}
        records={records}
      />,
    );
  });
}

/** The record as the other encryption mode would store it: opened, or sealed with a demo key. */
function otherMode(state: PlaygroundState, stored: StoredSession, handle: string): StoredSession {
  const prefix = `${state.manager.app}:`;
  const convert = (owner: (text: string) => string, payload: string): StoredSession => ({
    ...stored,
    owner: stored.owner === null ? null : prefix + owner(stored.owner.slice(prefix.length)),
    payload,
  });
  if (state.cipher) {
    const cipher = state.cipher;
    return convert(
      (sealed) => cipher.openOwner(sealed),
      cipher.openPayload(stored.payload, handle),
    );
  }
  const preview = state.preview;
  return convert((owner) => preview.sealOwner(owner), preview.sealPayload(stored.payload, handle));
}

/** The storage panel: which driver holds the sessions and what a record looks like at rest. */

import type { StoredSession } from "@sessions/core";
import type { FC } from "hono/jsx";
import { formatTime } from "./format.js";

/** One of the owner's records: as stored, and as it would be stored in the other mode. */
export interface RecordPair {
  /** The record of this browser's session. */
  readonly current: boolean;
  /** Exactly what the driver holds. */
  readonly stored: StoredSession;
  /** The same record with encryption switched the other way. */
  readonly other: StoredSession;
}

/** Driver facts and the owner's raw records. */
export const Storage: FC<{
  driver: string;
  summary: string;
  encryption: boolean;
  records: readonly RecordPair[];
}> = ({ driver, summary, encryption, records }) => (
  <section>
    <dl>
      <dt>Driver</dt>
      <dd>
        <code data-testid="storage-driver">{driver}</code>: {summary}
      </dd>
      <dt>Encryption</dt>
      <dd>
        {encryption
          ? "on: owners sealed with AES-SIV (deterministic, still searchable), payloads with AES-256-GCM-SIV bound to the record"
          : "off: owners and payloads stored as plain text (start with --encryption on to seal them)"}
      </dd>
    </dl>
    <p>
      Only your own sessions are shown. The record key is the app namespace plus the SHA-256 digest
      of the token: a leaked store does not hand out live sessions.
    </p>
    {records.map((pair) => (
      <div class="columns">
        <Record
          title={`${pair.current ? "This session" : "Another of your sessions"}, as stored (encryption ${encryption ? "on" : "off"})`}
          record={pair.stored}
          testId={pair.current ? "raw-current" : undefined}
        />
        <Record
          title={`The same record with encryption ${encryption ? "off" : "on"}`}
          record={pair.other}
        />
      </div>
    ))}
  </section>
);

const Record: FC<{ title: string; record: StoredSession; testId?: string | undefined }> = ({
  title,
  record,
  testId,
}) => (
  <article class="record" data-testid={testId}>
    <h3>{title}</h3>
    <dl>
      <dt>key</dt>
      <dd>
        <code>{record.key}</code>
      </dd>
      <dt>owner</dt>
      <dd>
        <code data-testid="raw-owner">{String(record.owner)}</code>
      </dd>
      <dt>payload</dt>
      <dd>
        <pre data-testid="raw-payload">{record.payload}</pre>
      </dd>
      <dt>createdAt</dt>
      <dd>
        {record.createdAt} <small>({formatTime(record.createdAt)})</small>
      </dd>
      <dt>expiresAt</dt>
      <dd>
        {record.expiresAt} <small>({formatTime(record.expiresAt)})</small>
      </dd>
      <dt>version</dt>
      <dd>{record.version}</dd>
    </dl>
  </article>
);

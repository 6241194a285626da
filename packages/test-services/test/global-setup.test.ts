import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { createClient } from "redis";
import { expect, inject, it } from "vitest";

it("provides a redis-server that answers SET and GET", async () => {
  const url = inject("redisUrl");
  expect(url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
  expect(process.env.SESSIONS_REDIS_URL).toBe(url);
  const client = createClient({ url });
  await client.connect();
  try {
    const key = `test-services:${randomUUID()}`;
    await client.set(key, "hello", { EX: 60 });
    expect(await client.get(key)).toBe("hello");
  } finally {
    client.destroy();
  }
});

it("provides a PostgreSQL cluster that creates, inserts and selects", async () => {
  const url = inject("postgresUrl");
  expect(url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
  expect(process.env.SESSIONS_POSTGRES_URL).toBe(url);
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const table = sql(`t_${randomUUID().replaceAll("-", "")}`);
  try {
    await sql`create table ${table} (id text primary key, data jsonb not null)`;
    await sql`insert into ${table} ${sql({ id: "a", data: { n: 1, s: "é" } })}`;
    const rows = await sql`select id, data from ${table}`;
    expect(rows).toEqual([{ id: "a", data: { n: 1, s: "é" } }]);
    await sql`drop table ${table}`;
  } finally {
    await sql.end({ timeout: 1 });
  }
});

/** Renders a page inside the layout, with the header facts of the running playground. */

import type { Context } from "hono";
import type { Child } from "hono/jsx";
import { describeSpec } from "../drivers/registry.js";
import type { PlaygroundEnv, PlaygroundState } from "./state.js";
import { Layout } from "./views/layout.js";
import { noticeFor } from "./views/notices.js";

/** Extra options of {@link renderPage}. */
export interface PageOptions {
  /** HTTP status. Default 200. */
  readonly status?: 200 | 400 | 401 | 403 | 404 | 409 | 413 | 423 | 429 | 500;
  /** A message about a refused action, shown above the content. */
  readonly error?: string;
}

/** Responds with a whole HTML page. Every value is escaped by Hono's JSX. */
export async function renderPage(
  c: Context<PlaygroundEnv>,
  state: PlaygroundState,
  title: string,
  body: Child,
  options: PageOptions = {},
): Promise<Response> {
  const session = c.get("session");
  const frame = {
    driver: describeSpec(state.spec),
    encryption: state.cipher !== null,
    takeoverAfter: state.options.takeoverAfter,
    owner: session?.owner ?? null,
    notice: options.error ? null : noticeFor(c.req.query("m")),
    error: options.error ?? null,
  };
  const html = await (
    <Layout title={title} frame={frame}>
      {body}
    </Layout>
  );
  return c.html(`<!DOCTYPE html>${html}`, options.status ?? 200);
}

/**
 * The secrets sink of one test file: every event, error (message, cause chain, stack), log
 * line and worker report is kept as text, every secret the file handled (tokens, passwords,
 * cipher keys, canaries) is remembered, and {@link findLeaks} looks for each secret in every
 * encoding an accident would produce.
 */
import { inspect } from "node:util";

interface Secret {
  readonly label: string;
  readonly forms: readonly string[];
}

const secrets = new Map<string, Secret>();
const captured: { source: string; text: string }[] = [];

// Shorter strings would match by chance (a 6-character password inside a base64 blob).
const MIN_SECRET_CHARS = 8;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

function encodings(bytes: Buffer): string[] {
  return [bytes.toString("hex"), bytes.toString("base64"), bytes.toString("base64url")];
}

/**
 * Remembers a secret. Checked as UTF-8 text, its hex, base64 and base64url; a base64url
 * value of 16+ bytes (a token, a cipher key) is also checked as the bytes it stands for.
 */
export function registerSecret(label: string, value: string | Uint8Array): void {
  const text = typeof value === "string" ? value : Buffer.from(value).toString("base64url");
  if (text.length < MIN_SECRET_CHARS || secrets.has(text)) return;
  const forms = new Set<string>([text, ...encodings(Buffer.from(text, "utf8"))]);
  if (typeof value !== "string" || BASE64URL.test(text)) {
    const bytes = Buffer.from(text, "base64url");
    if (bytes.length >= 16) for (const form of encodings(bytes)) forms.add(form);
  }
  // Base64 of the UTF-8 may end in padding the leak would not show: also match without it.
  for (const form of [...forms]) if (form.endsWith("=")) forms.add(form.replace(/=+$/, ""));
  secrets.set(text, { label, forms: [...forms] });
}

/** Number of secrets registered so far (an audit over none proves nothing). */
export function secretCount(): number {
  return secrets.size;
}

/** Keeps any text that left the library (a worker's report, a log line). */
export function captureText(source: string, text: string): void {
  captured.push({ source, text });
}

/** Keeps an emitted event, as JSON and as `util.inspect` shows it. */
export function captureEvent(source: string, event: unknown): void {
  captureText(`${source} event`, `${JSON.stringify(event)}\n${inspect(event, { depth: 10 })}`);
}

/** Keeps everything an error shows: name, code, message, own fields, stack, and each cause's. */
export function captureError(source: string, error: unknown): void {
  captureText(`${source} error`, describeError(error));
}

/** The text of an error and its whole cause chain (also AggregateError members). */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  const seen = new Set<unknown>();
  const walk = (value: unknown): void => {
    if (seen.has(value) || seen.size > 50) return;
    seen.add(value);
    parts.push(String(value), inspect(value, { depth: 10, showHidden: false }));
    if (value instanceof Error) {
      parts.push(value.stack ?? "", JSON.stringify(value) ?? "");
      walk(value.cause);
      if (value instanceof AggregateError) for (const inner of value.errors) walk(inner);
    }
  };
  walk(error);
  return parts.join("\n");
}

/** Where a registered secret appears in captured text. */
export interface Leak {
  readonly secret: string;
  readonly source: string;
  readonly excerpt: string;
}

/** Labels of the registered secrets that occur, in any of their forms, in `text`. */
export function secretsIn(text: string): string[] {
  const found: string[] = [];
  for (const { label, forms } of secrets.values()) {
    if (forms.some((form) => text.includes(form))) found.push(label);
  }
  return found;
}

/** Every (secret, capture) pair where any form of the secret occurs. */
export function findLeaks(): Leak[] {
  const leaks: Leak[] = [];
  for (const { source, text } of captured) {
    for (const { label, forms } of secrets.values()) {
      const form = forms.find((candidate) => text.includes(candidate));
      if (form === undefined) continue;
      const at = text.indexOf(form);
      leaks.push({ secret: label, source, excerpt: text.slice(Math.max(0, at - 60), at + 60) });
    }
  }
  return leaks;
}

/** How much was captured, by source kind (the audit asserts it saw real traffic). */
export function capturedCount(): number {
  return captured.length;
}

const CONSOLE_METHODS = ["log", "info", "warn", "error", "debug", "trace"] as const;

/** Records every console line of this file too (nothing in the library should log). */
export function captureConsole(): void {
  for (const method of CONSOLE_METHODS) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      captureText(`console.${method}`, args.map((arg) => inspect(arg, { depth: 10 })).join(" "));
      original(...args);
    };
  }
}

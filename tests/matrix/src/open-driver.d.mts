import type { SessionDriver } from "@sessions/core";

/** Where a driver keeps its records: enough for another process to open the same namespace. */
export type DriverSpec =
  | { readonly kind: "memory" }
  | { readonly kind: "sqlite"; readonly path: string; readonly table: string }
  | { readonly kind: "postgres"; readonly url: string; readonly table: string }
  | { readonly kind: "redis"; readonly url: string; readonly prefix: string }
  | {
      readonly kind: "mongo";
      readonly url: string;
      readonly dbName: string;
      readonly collectionName: string;
    }
  | { readonly kind: "json"; readonly path: string }
  | { readonly kind: "csv"; readonly path: string };

/** Opens the driver a spec describes (the driver owns its connection or file). */
export function openDriver(spec: DriverSpec): Promise<SessionDriver>;

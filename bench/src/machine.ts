import os from "node:os";

/** Where a run happened: enough to compare results across machines. */
export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly node: string;
  readonly v8: string;
  readonly platform: string;
  readonly totalMemGiB: number;
  /** Whether `global.gc` was available (node started with `--expose-gc`). */
  readonly exposeGc: boolean;
}

/** Collects {@link MachineInfo} for this process. */
export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    node: process.version,
    v8: process.versions.v8,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    totalMemGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    exposeGc: typeof (globalThis as { gc?: unknown }).gc === "function",
  };
}

/** One printable line: `machine: <cpu> | <cores> cores | node <v> | <mem> GiB | <platform>`. */
export function machineLine(info: MachineInfo): string {
  return [
    `machine: ${info.cpu}`,
    `${info.cores} cores`,
    `node ${info.node}`,
    `${info.totalMemGiB} GiB RAM`,
    info.platform,
    info.exposeGc ? "gc between phases" : "no --expose-gc",
  ].join(" | ");
}

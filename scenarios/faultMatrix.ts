/**
 * The fault matrix: every lifecycle operation of the provider against every fault the emulator can
 * inject, each cell followed by what the next `up` or `refresh` would do, then a comparison of what the
 * provider recorded with what the emulator holds. Shared by the tests (which assert) and the reliability
 * report (which prints); it uses no test framework.
 */
import { createEmulator, type Emulator } from "../emulator";
import { PROVIDER_KEY, type Props } from "../provider/core/dynamic";
import { DedicatedDeploymentProvider } from "../provider/roboflow/provider";

export const operations = ["create", "read", "update", "delete"] as const;
export type Operation = (typeof operations)[number];

/** The seven faults of the matrix, as emulator fault specs without their endpoint. */
export const faultKinds = {
  "500 once": { kind: "status", status: 500 },
  "503 burst of 3": { kind: "status", status: 503, count: 3 },
  "429 + Retry-After": { kind: "status", status: 429, retryAfterSeconds: 1 },
  "connection reset": { kind: "reset" },
  "hang past timeout": { kind: "hang" },
  "malformed JSON": { kind: "malformedJson" },
  "HTML 200": { kind: "html200" },
} as const;
export type FaultName = keyof typeof faultKinds;

const endpointOf: Record<Operation, string> = {
  create: "POST /add",
  read: "GET /get",
  update: "POST /pause",
  delete: "POST /delete",
};

export interface CellResult {
  operation: Operation;
  fault: FaultName;
  /** `recovered`: the operation succeeded after retrying; `clear error`: it failed with a message naming the call and status or failure. */
  outcome: "recovered" | "clear error" | "unclear error";
  error?: string;
  /** Whether the next up/refresh left the provider's record equal to the emulator. */
  converged: boolean;
  orphans: number;
  duplicates: number;
  /** Calls to the faulted endpoint in the cell, retries included. */
  calls: number;
}

const KEY = "rfk-matrix-5b1d0e9a";
const REQUEST_TIMEOUT_MS = 400;
const CALL_PATTERN = /roboflow API (GET|POST) \/[a-z_]+ (failed|returned)/;

/** Runs all 28 cells against one emulator; each cell uses its own deployment name. */
export async function runFaultMatrix(): Promise<CellResult[]> {
  const emulator = await createEmulator({
    apiKey: KEY,
    timing: { pendingMs: 30, resumeMs: 30, deleteMs: 30 },
  });
  try {
    const results: CellResult[] = [];
    let n = 0;
    for (const operation of operations) {
      for (const fault of Object.keys(faultKinds) as FaultName[]) {
        n += 1;
        results.push(await runCell(emulator, operation, fault, `fm-${operation.slice(0, 3)}-${n}`));
      }
    }
    return results;
  } finally {
    await emulator.close();
  }
}

async function providerFor(emulator: Emulator): Promise<DedicatedDeploymentProvider> {
  const provider = new DedicatedDeploymentProvider({
    env: {},
    // Retry-After and backoff are honoured but shortened tenfold, so the matrix runs in seconds.
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.ceil(ms / 10))),
    log: () => undefined,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
  });
  const config: Record<string, string> = { "roboflow:apiKey": KEY, "roboflow:apiUrl": emulator.url };
  await provider.configure({
    config: { get: (k: string) => config[k], require: (k: string) => config[k] ?? "" },
  });
  return provider;
}

async function runCell(
  emulator: Emulator,
  operation: Operation,
  fault: FaultName,
  name: string,
): Promise<CellResult> {
  const provider = await providerFor(emulator);
  const inputs: Props = {
    deploymentName: name,
    machineType: "dev-gpu",
    creatorEmail: "ops@example.com",
    [PROVIDER_KEY]: "serialized provider",
  };
  const checked = (await provider.check({}, inputs)).inputs as Props;
  // What the engine's state holds for this resource, as the provider reported it.
  let state: Props | undefined;
  if (operation !== "create") {
    state = (await provider.create(checked)).outs as Props;
  }

  const endpoint = endpointOf[operation];
  const before = emulator.requests.counts()[endpoint] ?? 0;
  emulator.faults.add({ endpoint, ...faultKinds[fault] } as Parameters<Emulator["faults"]["add"]>[0]);
  const paused = { ...checked, paused: true };
  const attempt = async (): Promise<void> => {
    switch (operation) {
      case "create":
        state = (await provider.create(checked)).outs as Props;
        return;
      case "read": {
        const read = await provider.read(name, state ?? {});
        state = read.id ? (read.props as Props) : undefined;
        return;
      }
      case "update":
        state = (await provider.update(name, state ?? {}, paused)).outs as Props;
        return;
      case "delete":
        await provider.delete(name, state ?? {});
        state = undefined;
        return;
    }
  };

  let outcome: CellResult["outcome"] = "recovered";
  let error: string | undefined;
  try {
    await attempt();
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
    outcome = CALL_PATTERN.test(error) ? "clear error" : "unclear error";
    const partial = e as { id?: string; properties?: Props };
    if (operation === "create" && partial.id) {
      state = partial.properties; // created but failed to initialise: recorded, not orphaned
    }
  }
  const calls = (emulator.requests.counts()[endpoint] ?? 0) - before;
  emulator.faults.clear();

  // The next `up` (or `refresh` for read) repeats what did not finish; a recorded resource is refreshed.
  if (outcome !== "recovered") {
    await attempt();
  } else if (state) {
    const read = await provider.read(name, state);
    state = read.id ? (read.props as Props) : undefined;
  }

  const live = emulator.store.live().filter((d) => d.deployment_name === name);
  const everCreated = emulator.store
    .list({ showExpired: true, showDeleted: true })
    .filter((d) => d.deployment_name === name).length;
  const expectedLive = operation === "delete" ? 0 : 1;
  const orphans = live.length > 0 && !state ? live.length : 0;
  const duplicates = Math.max(0, everCreated - 1);
  const remote = live[0];
  const converged =
    live.length === expectedLive &&
    (state === undefined) === (remote === undefined) &&
    (!state ||
      (state.deploymentId === remote?.deployment_id &&
        state.status === remote?.status &&
        (operation !== "update" || remote?.status === "paused")));
  // Leave nothing behind for the next cell.
  if (remote) {
    await provider.delete(name, state ?? {});
  }
  return { operation, fault, outcome, error, converged, orphans, duplicates, calls };
}

/** The matrix as a printable table: one row per operation, one column per fault. */
export function formatFaultMatrix(cells: CellResult[]): string {
  const faults = Object.keys(faultKinds) as FaultName[];
  const cell = (c: CellResult | undefined) =>
    !c
      ? "?"
      : `${c.outcome === "recovered" ? "ok" : c.outcome === "clear error" ? "error" : "UNCLEAR"}${c.converged && c.orphans === 0 && c.duplicates === 0 ? "" : " DIVERGED"} (${c.calls})`;
  const header = ["", ...faults];
  const rows = operations.map((op) => [
    op,
    ...faults.map((f) => cell(cells.find((c) => c.operation === op && c.fault === f))),
  ]);
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((r) => String(r[i]).length)));
  const line = (r: string[]) => r.map((v, i) => v.padEnd(widths[i] ?? 0)).join(" | ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("-|-"), ...rows.map(line)].join("\n");
}

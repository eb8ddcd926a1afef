/**
 * The fault matrix: every lifecycle operation of a platform's provider against every fault the emulator
 * can inject, each cell followed by what the next `up` or `refresh` would do, then a comparison of what the
 * provider recorded with what the emulator holds. One runner for every platform (each says what a cell's
 * resource is and what to compare, see {@link MatrixPlatform}); shared by the tests (which assert) and the
 * reliability report (which prints); it uses no test framework.
 */
import { createEmulator, type Emulator, type RoboflowStore } from "../emulator";
import { PROVIDER_KEY, type Props, type ProviderImplementation } from "../provider/core/dynamic";
import type { ProviderEnvironment } from "../provider/core/runtime";
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

/** The deployment as the emulator holds it, in the terms the matrix compares. */
export interface RemoteDeployment {
  deploymentId: string;
  status: string;
}

/** What the matrix knows of one platform: its emulator, its provider, a cell's resource, what to compare. */
export interface MatrixPlatform<Store, Remote extends RemoteDeployment> {
  /** The stack config namespace of the key and URL. */
  namespace: string;
  /** How an error names the call that failed: `roboflow API POST /add failed …`. */
  callPattern: RegExp;
  /** An emulator with short timings that accepts `apiKey`. */
  start(apiKey: string): Promise<Emulator<Store>>;
  Provider: new (environment: ProviderEnvironment) => Pick<ProviderImplementation, MatrixCalls>;
  /** The resource of cell `n`: the name that keys it in the emulator, its id, its inputs. */
  cell(n: number, operation: Operation): { key: string; id: string; inputs: Props };
  /** The endpoint `operation` calls for the resource keyed `key`: `POST /add`. */
  endpoint(operation: Operation, key: string): string;
  /** The inputs of the cell's update: one change applied in place. */
  updated(checked: Props): Props;
  /** The deployments of `key` the emulator holds live, and how many it ever held. */
  live(store: Store, key: string): Remote[];
  everCreated(store: Store, key: string): number;
  /** Whether the remote deployment shows what `operation` asked (the update's change, or none). */
  shows(remote: Remote, operation: Operation): boolean;
}

type MatrixCalls = "configure" | "check" | "create" | "read" | "update" | "delete";

const REQUEST_TIMEOUT_MS = 400;

/** Runs all 28 cells of `platform` against one emulator; each cell uses its own deployment. */
export async function runMatrix<Store, Remote extends RemoteDeployment>(
  platform: MatrixPlatform<Store, Remote>,
  apiKey: string,
): Promise<CellResult[]> {
  const emulator = await platform.start(apiKey);
  try {
    const results: CellResult[] = [];
    let n = 0;
    for (const operation of operations) {
      for (const fault of Object.keys(faultKinds) as FaultName[]) {
        n += 1;
        const provider = await providerFor(platform, emulator, apiKey);
        results.push(await runCell(platform, emulator, provider, operation, fault, n));
      }
    }
    return results;
  } finally {
    await emulator.close();
  }
}

async function providerFor<Store, Remote extends RemoteDeployment>(
  platform: MatrixPlatform<Store, Remote>,
  emulator: Emulator<Store>,
  apiKey: string,
) {
  const provider = new platform.Provider({
    env: {},
    // Retry-After and backoff are honoured but shortened tenfold, so the matrix runs in seconds.
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.ceil(ms / 10))),
    log: () => undefined,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
  });
  const config: Record<string, string> = {
    [`${platform.namespace}:apiKey`]: apiKey,
    [`${platform.namespace}:apiUrl`]: emulator.url,
  };
  await provider.configure({
    config: { get: (k: string) => config[k], require: (k: string) => config[k] ?? "" },
  });
  return provider;
}

async function runCell<Store, Remote extends RemoteDeployment>(
  platform: MatrixPlatform<Store, Remote>,
  emulator: Emulator<Store>,
  provider: Pick<ProviderImplementation, MatrixCalls>,
  operation: Operation,
  fault: FaultName,
  n: number,
): Promise<CellResult> {
  const { key, id, inputs } = platform.cell(n, operation);
  const checked = (await provider.check({}, inputs)).inputs as Props;
  // What the engine's state holds for this resource, as the provider reported it.
  let state: Props | undefined;
  if (operation !== "create") {
    state = (await provider.create(checked)).outs as Props;
  }

  const endpoint = platform.endpoint(operation, key);
  const before = emulator.requests.counts()[endpoint] ?? 0;
  emulator.faults.add({ endpoint, ...faultKinds[fault] } as Parameters<Emulator["faults"]["add"]>[0]);
  const updated = platform.updated(checked);
  const attempt = async (): Promise<void> => {
    switch (operation) {
      case "create":
        state = (await provider.create(checked)).outs as Props;
        return;
      case "read": {
        const read = await provider.read(id, state ?? {});
        state = read.id ? (read.props as Props) : undefined;
        return;
      }
      case "update":
        state = (await provider.update(id, state ?? {}, updated)).outs as Props;
        return;
      case "delete":
        await provider.delete(id, state ?? {});
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
    outcome = platform.callPattern.test(error) ? "clear error" : "unclear error";
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
    const read = await provider.read(id, state);
    state = read.id ? (read.props as Props) : undefined;
  }

  const live = platform.live(emulator.store, key);
  const expectedLive = operation === "delete" ? 0 : 1;
  const orphans = live.length > 0 && !state ? live.length : 0;
  const duplicates = Math.max(0, platform.everCreated(emulator.store, key) - 1);
  const remote = live[0];
  const converged =
    live.length === expectedLive &&
    (state === undefined) === (remote === undefined) &&
    (!state ||
      (state.deploymentId === remote?.deploymentId &&
        state.status === remote?.status &&
        remote !== undefined &&
        platform.shows(remote, operation)));
  // Leave nothing behind for the next cell.
  if (remote) {
    await provider.delete(id, state ?? {});
  }
  return { operation, fault, outcome, error, converged, orphans, duplicates, calls };
}

const roboflowEndpoints: Record<Operation, string> = {
  create: "POST /add",
  read: "GET /get",
  update: "POST /pause",
  delete: "POST /delete",
};

/** Roboflow in the matrix: a deployment per cell, keyed by its name; the update pauses it. */
export const roboflowMatrix: MatrixPlatform<RoboflowStore, RemoteDeployment> = {
  namespace: "roboflow",
  callPattern: /roboflow API (GET|POST) \/[a-z_]+ (failed|returned)/,
  start: (apiKey) => createEmulator({ apiKey, timing: { pendingMs: 30, resumeMs: 30, deleteMs: 30 } }),
  Provider: DedicatedDeploymentProvider,
  cell: (n, operation) => {
    const name = `fm-${operation.slice(0, 3)}-${n}`;
    const inputs = {
      deploymentName: name,
      machineType: "dev-gpu",
      creatorEmail: "ops@example.com",
      [PROVIDER_KEY]: "serialized provider",
    };
    return { key: name, id: name, inputs };
  },
  endpoint: (operation) => roboflowEndpoints[operation],
  updated: (checked) => ({ ...checked, paused: true }),
  live: (store, name) =>
    store
      .live()
      .filter((d) => d.deployment_name === name)
      .map((d) => ({ deploymentId: d.deployment_id, status: d.status })),
  everCreated: (store, name) =>
    store.list({ showExpired: true, showDeleted: true }).filter((d) => d.deployment_name === name).length,
  shows: (remote, operation) => operation !== "update" || remote.status === "paused",
};

/** Runs all 28 cells of the Roboflow provider against one emulator. */
export function runFaultMatrix(): Promise<CellResult[]> {
  return runMatrix(roboflowMatrix, "rfk-matrix-5b1d0e9a");
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

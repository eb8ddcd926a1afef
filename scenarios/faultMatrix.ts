/**
 * The fault matrix: every lifecycle operation of the provider against every fault the emulator can
 * inject, each cell followed by what the next `up` or `refresh` would do, then a comparison of what the
 * provider recorded with what the emulator holds. Shared by the tests (which assert) and the reliability
 * report (which prints); it uses no test framework.
 */
import { createEmulator, type Emulator } from "../emulator";
import { PROVIDER_KEY, type Props } from "../provider/core/dynamic";
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

/** What a provider implementation offers the matrix: the engine's calls. */
export interface MatrixProvider {
  check(olds: Props, news: Props): Promise<{ inputs?: unknown }>;
  create(inputs: Props): Promise<{ outs?: unknown }>;
  read(id: string, props: Props): Promise<{ id?: string; props?: unknown }>;
  update(id: string, olds: Props, news: Props): Promise<{ outs?: unknown }>;
  delete(id: string, props: Props): Promise<void>;
}

/**
 * One platform under the matrix: its emulator, its provider, the endpoint each operation calls, and how to
 * compare what the provider recorded for a cell with what the emulator holds. `R` is a deployment as the
 * emulator's store shows it.
 */
export interface MatrixSubject<R> {
  emulator: Pick<Emulator<unknown>, "faults" | "requests">;
  provider(): Promise<MatrixProvider>;
  /** The faulted endpoint of each operation (`POST /add`). */
  endpoints: Record<Operation, string>;
  /** What an error that names the call reads like. */
  callPattern: RegExp;
  /** The cell's inputs as the program gives them, and as an update changes them. */
  inputs(cell: string): { create: Props; update: Props };
  /** The resource's id, from its recorded state when there is one. */
  idOf(cell: string, state: Props | undefined): string;
  /** The cell's deployments the emulator holds now. */
  live(cell: string): R[];
  /** Ids of every deployment the emulator made for the cell so far (seen after each step, deleted ones too). */
  made(cell: string): string[];
  /** The id a live deployment is deleted by. */
  keyOf(remote: R): string;
  /** Whether the recorded state is the deployment the emulator holds, as `operation` should have left it. */
  agrees(state: Props, remote: R, operation: Operation): boolean;
}

/** Runs all 28 cells of `subject`, each with a deployment of its own, named by `cellName`. */
export async function runMatrix<R>(
  subject: MatrixSubject<R>,
  cellName: (operation: Operation, n: number) => string,
): Promise<CellResult[]> {
  const results: CellResult[] = [];
  let n = 0;
  for (const operation of operations) {
    for (const fault of Object.keys(faultKinds) as FaultName[]) {
      n += 1;
      results.push(await runCell(subject, operation, fault, cellName(operation, n)));
    }
  }
  return results;
}

async function runCell<R>(
  subject: MatrixSubject<R>,
  operation: Operation,
  fault: FaultName,
  cell: string,
): Promise<CellResult> {
  const { emulator } = subject;
  const provider = await subject.provider();
  const given = subject.inputs(cell);
  const checked = (await provider.check({}, given.create)).inputs as Props;
  const changed = (await provider.check({}, given.update)).inputs as Props;
  // What the engine's state holds for this resource, as the provider reported it.
  let state: Props | undefined;
  if (operation !== "create") state = (await provider.create(checked)).outs as Props;
  const everMade = new Set(subject.made(cell));

  const endpoint = subject.endpoints[operation];
  const before = emulator.requests.counts()[endpoint] ?? 0;
  emulator.faults.add({ endpoint, ...faultKinds[fault] } as Parameters<Emulator["faults"]["add"]>[0]);
  const attempt = async (): Promise<void> => {
    const id = subject.idOf(cell, state);
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
        state = (await provider.update(id, state ?? {}, changed)).outs as Props;
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
    outcome = subject.callPattern.test(error) ? "clear error" : "unclear error";
    const partial = e as { id?: string; properties?: Props };
    if (partial.id) state = partial.properties; // created (or updated) but failed to initialise: recorded, not orphaned
  }
  for (const id of subject.made(cell)) everMade.add(id);
  const calls = (emulator.requests.counts()[endpoint] ?? 0) - before;
  emulator.faults.clear();

  // The next `up` (or `refresh` for read) repeats what did not finish; a recorded resource is refreshed.
  if (outcome !== "recovered") {
    await attempt();
  } else if (state) {
    const read = await provider.read(subject.idOf(cell, state), state);
    state = read.id ? (read.props as Props) : undefined;
  }
  for (const id of subject.made(cell)) everMade.add(id);

  const live = subject.live(cell);
  const [remote] = live;
  const expectedLive = operation === "delete" ? 0 : 1;
  const orphans = live.length > 0 && !state ? live.length : 0;
  const duplicates = Math.max(0, everMade.size - 1);
  const converged =
    live.length === expectedLive &&
    (state === undefined) === (remote === undefined) &&
    (!state || (remote !== undefined && subject.agrees(state, remote, operation)));
  // Leave nothing behind for the next cell.
  for (const r of live) await provider.delete(subject.keyOf(r), state ?? {});
  return { operation, fault, outcome, error, converged, orphans, duplicates, calls };
}

/** A provider with fast sleeps, configured with `config` as a stack would. */
export async function matrixProvider<P extends MatrixProvider & { configure(req: never): Promise<void> }>(
  make: (environment: ProviderEnvironment) => P,
  config: Record<string, string>,
): Promise<P> {
  const provider = make({
    env: {},
    // Retry-After and backoff are honoured but shortened tenfold, so the matrix runs in seconds.
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.ceil(ms / 10))),
    log: () => undefined,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
  });
  await provider.configure({
    config: { get: (k: string) => config[k], require: (k: string) => config[k] ?? "" },
  } as never);
  return provider;
}

/** Each request's timeout in the matrix: a hang outlasts it. */
const REQUEST_TIMEOUT_MS = 400;

const KEY = "rfk-matrix-5b1d0e9a";

/** Runs all 28 cells against a Roboflow emulator; each cell uses its own deployment name. */
export async function runFaultMatrix(): Promise<CellResult[]> {
  const emulator = await createEmulator({
    apiKey: KEY,
    timing: { pendingMs: 30, resumeMs: 30, deleteMs: 30 },
  });
  const records = (name: string, all: boolean) =>
    (all ? emulator.store.list({ showExpired: true, showDeleted: true }) : emulator.store.live()).filter(
      (d) => d.deployment_name === name,
    );
  try {
    return await runMatrix(
      {
        emulator,
        provider: () =>
          matrixProvider((environment) => new DedicatedDeploymentProvider(environment), {
            "roboflow:apiKey": KEY,
            "roboflow:apiUrl": emulator.url,
          }),
        endpoints: { create: "POST /add", read: "GET /get", update: "POST /pause", delete: "POST /delete" },
        callPattern: /roboflow API (GET|POST) \/[a-z_]+ (failed|returned)/,
        inputs: (name) => {
          const create = {
            deploymentName: name,
            machineType: "dev-gpu",
            creatorEmail: "ops@example.com",
            [PROVIDER_KEY]: "serialized provider",
          };
          return { create, update: { ...create, paused: true } };
        },
        idOf: (name) => name,
        live: (name) => records(name, false),
        made: (name) => records(name, true).map((d) => d.deployment_id),
        keyOf: (d) => d.deployment_name,
        agrees: (state, remote, operation) =>
          state.deploymentId === remote.deployment_id &&
          state.status === remote.status &&
          (operation !== "update" || remote.status === "paused"),
      },
      (operation, n) => `fm-${operation.slice(0, 3)}-${n}`,
    );
  } finally {
    await emulator.close();
  }
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

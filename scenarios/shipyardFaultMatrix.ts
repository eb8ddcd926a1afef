/**
 * The fault matrix for Shipyard: the four lifecycle operations against the seven faults of
 * test/helpers/faultMatrix.ts, each cell followed by what the next `up` or `refresh` would do, then a
 * comparison of what the provider recorded with what the emulator holds. Each cell tags its deployment with an
 * env var, since template deployments get generated names.
 */
import { createEmulator, type Emulator, type ShipyardStore } from "../../emulator";
import { PROVIDER_KEY, type Props } from "../../provider/core/dynamic";
import { DeploymentProvider } from "../../provider/shipyard/provider";
import { type CellResult, type FaultName, faultKinds, type Operation, operations } from "./faultMatrix";

const endpointOf: Record<Operation, string> = {
  create: "POST /api/deployments",
  read: "GET /api/deployments/status",
  update: "PUT /api/deployments/config",
  delete: "POST /api/deployments/delete",
};

const KEY = "syk-matrix-8e2c4a";
const REQUEST_TIMEOUT_MS = 400;
const CALL_PATTERN = /shipyard API (GET|POST|PUT) \/api\/\S+ (failed|returned)/;

/** Runs all 28 cells against one emulator. */
export async function runShipyardFaultMatrix(): Promise<CellResult[]> {
  const emulator = await createEmulator({
    platform: "shipyard",
    apiKey: KEY,
    tier: "enterprise",
    timing: { pendingMs: 20, provisionMs: 20, deleteMs: 20 },
  });
  try {
    const results: CellResult[] = [];
    let n = 0;
    for (const operation of operations) {
      for (const fault of Object.keys(faultKinds) as FaultName[]) {
        n += 1;
        results.push(await runCell(emulator, operation, fault, `cell-${n}`));
      }
    }
    return results;
  } finally {
    await emulator.close();
  }
}

async function providerFor(emulator: Emulator<ShipyardStore>): Promise<DeploymentProvider> {
  const provider = new DeploymentProvider({
    env: {},
    // Retry-After and backoff are honoured but shortened tenfold, so the matrix runs in seconds.
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.ceil(ms / 10))),
    log: () => undefined,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
  });
  const config: Record<string, string> = { "shipyard:apiKey": KEY, "shipyard:apiUrl": emulator.url };
  await provider.configure({
    config: { get: (k: string) => config[k], require: (k: string) => config[k] ?? "" },
  });
  return provider;
}

async function runCell(
  emulator: Emulator<ShipyardStore>,
  operation: Operation,
  fault: FaultName,
  cell: string,
): Promise<CellResult> {
  const provider = await providerFor(emulator);
  const inputs: Props = { template: "nginx", envVars: { CELL: cell }, [PROVIDER_KEY]: "serialized provider" };
  const checked = (await provider.check({}, inputs)).inputs as Props;
  const changed = (await provider.check({}, { ...inputs, envVars: { CELL: cell, MORE: "1" } }))
    .inputs as Props;
  const mine = () => emulator.store.names().filter((n) => emulator.store.get(n)?.envVars.CELL === cell);
  // What the engine's state holds for this resource, as the provider reported it.
  let state: Props | undefined;
  if (operation !== "create") state = (await provider.create(checked)).outs as Props;
  const everCreated = new Set(mine());

  const endpoint = endpointOf[operation];
  const before = emulator.requests.counts()[endpoint] ?? 0;
  emulator.faults.add({ endpoint, ...faultKinds[fault] } as Parameters<Emulator["faults"]["add"]>[0]);
  const attempt = async (): Promise<void> => {
    const id = String(state?.name ?? "");
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
    outcome = CALL_PATTERN.test(error) ? "clear error" : "unclear error";
    const partial = e as { id?: string; properties?: Props };
    if (partial.id) state = partial.properties; // created but failed to initialise: recorded, not orphaned
  }
  for (const name of mine()) everCreated.add(name);
  const calls = (emulator.requests.counts()[endpoint] ?? 0) - before;
  emulator.faults.clear();

  // The next `up` (or `refresh` for read) repeats what did not finish; a recorded resource is refreshed.
  if (outcome !== "recovered") {
    await attempt();
  } else if (state) {
    const read = await provider.read(String(state.name), state);
    state = read.id ? (read.props as Props) : undefined;
  }
  for (const name of mine()) everCreated.add(name);

  const live = mine();
  const remote = live[0] === undefined ? undefined : emulator.store.get(live[0]);
  const expectedLive = operation === "delete" ? 0 : 1;
  const orphans = live.length > 0 && !state ? live.length : 0;
  const duplicates = Math.max(0, everCreated.size - 1);
  const converged =
    live.length === expectedLive &&
    (state === undefined) === (remote === undefined) &&
    (!state ||
      (state.name === remote?.name &&
        state.status === remote?.status &&
        (operation !== "update" || remote?.envVars.MORE === "1")));
  // Leave nothing behind for the next cell.
  for (const name of live) await provider.delete(name, state ?? {});
  return { operation, fault, outcome, error, converged, orphans, duplicates, calls };
}

/**
 * The fault matrix of test/helpers/faultMatrix.ts for the NX1 provider: every lifecycle operation against
 * every fault the emulator injects, each cell followed by what the next `up` or `refresh` would do, then a
 * comparison of what the provider recorded with what the emulator holds. Same faults, same cell result,
 * same table; each cell uses a model of its own, so the paths of its calls are its own too.
 */
import type { Emulator, Nx1Store } from "../../emulator";
import { PROVIDER_KEY, type Props } from "../../provider/core/dynamic";
import { type CellResult, type FaultName, faultKinds, type Operation, operations } from "./faultMatrix";
import { nx1Provider, startNx1Emulator } from "./nx1";

const REQUEST_TIMEOUT_MS = 400;
const CALL_PATTERN = /nx1 API (GET|POST|PUT|DELETE) \/api\/models\/\S+ (failed|returned)/;
const NAME = "scorer";

function endpointOf(operation: Operation, model: string): string {
  const deployments = `/api/models/${model}/deployments`;
  return {
    create: `POST ${deployments}`,
    read: `GET ${deployments}/${NAME}`,
    update: `PUT ${deployments}/${NAME}/allowed_roles`,
    delete: `DELETE ${deployments}/${NAME}`,
  }[operation];
}

/** Runs all 28 cells against one emulator. */
export async function runNx1FaultMatrix(): Promise<CellResult[]> {
  const emulator = await startNx1Emulator({
    timing: { pendingMs: 10, deployMs: 10, readyMs: 10, deleteMs: 10 },
  });
  try {
    const results: CellResult[] = [];
    let n = 0;
    for (const operation of operations) {
      for (const fault of Object.keys(faultKinds) as FaultName[]) {
        n += 1;
        results.push(await runCell(emulator, operation, fault, `fm-${n}`));
      }
    }
    return results;
  } finally {
    await emulator.close();
  }
}

async function runCell(
  emulator: Emulator<Nx1Store>,
  operation: Operation,
  fault: FaultName,
  model: string,
): Promise<CellResult> {
  const { provider } = await nx1Provider(emulator, { requestTimeoutMs: REQUEST_TIMEOUT_MS });
  const inputs: Props = {
    model,
    name: NAME,
    modelVersion: "2",
    type: "online",
    domain: "risk",
    owner: "ops",
    allowedRoles: ["analyst"],
    [PROVIDER_KEY]: "serialized provider",
  };
  const checked = (await provider.check({}, inputs)).inputs as Props;
  const id = `${model}/${NAME}`;
  let state: Props | undefined;
  if (operation !== "create") {
    state = (await provider.create(checked)).outs as Props;
  }

  const endpoint = endpointOf(operation, model);
  const before = emulator.requests.counts()[endpoint] ?? 0;
  emulator.faults.add({ endpoint, ...faultKinds[fault] } as Parameters<Emulator["faults"]["add"]>[0]);
  const wanted = { ...checked, allowedRoles: ["analyst", "ops"] };
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
        state = (await provider.update(id, state ?? {}, wanted)).outs as Props;
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

  const live = emulator.store.list(model).filter((d) => d.status !== "archived");
  const remote = live[0];
  const orphans = live.length > 0 && !state ? live.length : 0;
  const converged =
    live.length === (operation === "delete" ? 0 : 1) &&
    (state === undefined) === (remote === undefined) &&
    (!state ||
      (state.deploymentId === remote?.deployment_id &&
        state.status === remote?.status &&
        JSON.stringify(remote?.allowed_roles) ===
          JSON.stringify(operation === "update" ? ["analyst", "ops"] : ["analyst"])));
  if (remote) {
    await provider.delete(id, state ?? {});
  }
  // Names are unique per model: a second deployment could only exist as an archived one left behind.
  const duplicates = Math.max(0, emulator.store.list(model).length - 1);
  return { operation, fault, outcome, error, converged, orphans, duplicates, calls };
}

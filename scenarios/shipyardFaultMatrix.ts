/**
 * Shipyard in the fault matrix (faultMatrix.ts): the same faults, cell result and table for the Shipyard
 * provider. Template deployments get generated names, so each cell tags its deployment with an env var and
 * takes the id from the recorded state; the update adds an env var.
 */
import { createEmulator, type ShipyardStore } from "../emulator";
import { PROVIDER_KEY } from "../provider/core/dynamic";
import { DeploymentProvider } from "../provider/shipyard/provider";
import { type CellResult, type MatrixPlatform, type RemoteDeployment, runMatrix } from "./faultMatrix";

const endpoints = {
  create: "POST /api/deployments",
  read: "GET /api/deployments/status",
  update: "PUT /api/deployments/config",
  delete: "POST /api/deployments/delete",
};

/** The deployments tagged `cell`, Deleting ones included, as the matrix compares them. */
function tagged(store: ShipyardStore, cell: string) {
  return store
    .names()
    .map((name) => store.get(name))
    .filter((d) => d?.envVars.CELL === cell)
    .map((d) => ({ deploymentId: d?.name ?? "", status: d?.status ?? "", more: d?.envVars.MORE }));
}

/** Shipyard in the matrix: a template deployment per cell, tagged by an env var; the update adds one. */
export const shipyardMatrix: MatrixPlatform<ShipyardStore, RemoteDeployment & { more?: string }> = {
  namespace: "shipyard",
  callPattern: /shipyard API (GET|POST|PUT) \/api\/\S+ (failed|returned)/,
  start: (apiKey) =>
    createEmulator({
      platform: "shipyard",
      apiKey,
      tier: "enterprise",
      timing: { pendingMs: 20, provisionMs: 20, deleteMs: 20 },
    }),
  Provider: DeploymentProvider,
  cell: (n) => {
    const cell = `cell-${n}`;
    const inputs = { template: "nginx", envVars: { CELL: cell }, [PROVIDER_KEY]: "serialized provider" };
    return { key: cell, id: "", inputs };
  },
  idInState: (state) => String(state.name ?? ""),
  endpoint: (operation) => endpoints[operation],
  updated: (checked) => ({ ...checked, envVars: { ...(checked.envVars as object), MORE: "1" } }),
  live: tagged,
  // The store forgets a deployment once its deletion is over: a duplicate would still be held.
  everCreated: (store, cell) => tagged(store, cell).length,
  shows: (remote, operation) => operation !== "update" || remote.more === "1",
};

/** Runs all 28 cells of the Shipyard provider against one emulator. */
export function runShipyardFaultMatrix(): Promise<CellResult[]> {
  return runMatrix(shipyardMatrix, "syk-matrix-8e2c4a");
}

/**
 * The fault matrix for Shipyard: the four lifecycle operations against the seven faults, run by the shared
 * runner of faultMatrix.ts. Each cell tags its deployment with an env var, since template deployments get
 * generated names.
 */
import { createEmulator, type ShipyardDeploymentView } from "../emulator";
import { PROVIDER_KEY } from "../provider/core/dynamic";
import { DeploymentProvider } from "../provider/shipyard/provider";
import { type CellResult, matrixProvider, runMatrix } from "./faultMatrix";

const KEY = "syk-matrix-8e2c4a";

/** Runs all 28 cells against one emulator. */
export async function runShipyardFaultMatrix(): Promise<CellResult[]> {
  const emulator = await createEmulator({
    platform: "shipyard",
    apiKey: KEY,
    tier: "enterprise",
    timing: { pendingMs: 20, provisionMs: 20, deleteMs: 20 },
  });
  const mine = (cell: string) =>
    emulator.store
      .names()
      .map((name) => emulator.store.get(name))
      .filter((d): d is ShipyardDeploymentView => d?.envVars.CELL === cell);
  try {
    return await runMatrix(
      {
        emulator,
        provider: () =>
          matrixProvider((environment) => new DeploymentProvider(environment), {
            "shipyard:apiKey": KEY,
            "shipyard:apiUrl": emulator.url,
          }),
        endpoints: {
          create: "POST /api/deployments",
          read: "GET /api/deployments/status",
          update: "PUT /api/deployments/config",
          delete: "POST /api/deployments/delete",
        },
        callPattern: /shipyard API (GET|POST|PUT) \/api\/\S+ (failed|returned)/,
        inputs: (cell) => ({
          create: { template: "nginx", envVars: { CELL: cell }, [PROVIDER_KEY]: "serialized provider" },
          update: {
            template: "nginx",
            envVars: { CELL: cell, MORE: "1" },
            [PROVIDER_KEY]: "serialized provider",
          },
        }),
        idOf: (_cell, state) => String(state?.name ?? ""),
        live: mine,
        made: (cell) => mine(cell).map((d) => d.name),
        keyOf: (d) => d.name,
        agrees: (state, remote, operation) =>
          state.name === remote.name &&
          state.status === remote.status &&
          (operation !== "update" || remote.envVars.MORE === "1"),
      },
      (_operation, n) => `cell-${n}`,
    );
  } finally {
    await emulator.close();
  }
}

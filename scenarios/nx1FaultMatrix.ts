/**
 * NX1 in the fault matrix (faultMatrix.ts): the same faults, cell result and table for the NX1 provider.
 * Each cell uses a model of its own, so the paths of its calls are its own too; the update adds a role.
 */
import { createEmulator, type Nx1Store } from "../emulator";
import { PROVIDER_KEY } from "../provider/core/dynamic";
import { ModelDeploymentProvider } from "../provider/nx1/provider";
import { type CellResult, type MatrixPlatform, type RemoteDeployment, runMatrix } from "./faultMatrix";

const NAME = "scorer";
const ROLES = ["analyst"];
const UPDATED_ROLES = ["analyst", "ops"];

/** NX1 in the matrix: a deployment per cell, under a model of its own; the update sets its roles. */
export const nx1Matrix: MatrixPlatform<Nx1Store, RemoteDeployment & { roles: string[] | null }> = {
  namespace: "nx1",
  callPattern: /nx1 API (GET|POST|PUT|DELETE) \/api\/models\/\S+ (failed|returned)/,
  start: (apiKey) =>
    createEmulator({
      platform: "nx1",
      apiKey,
      timing: { pendingMs: 10, deployMs: 10, readyMs: 10, deleteMs: 10 },
    }),
  Provider: ModelDeploymentProvider,
  cell: (n) => {
    const model = `fm-${n}`;
    const inputs = {
      model,
      name: NAME,
      modelVersion: "2",
      type: "online",
      domain: "risk",
      owner: "ops",
      allowedRoles: ROLES,
      [PROVIDER_KEY]: "serialized provider",
    };
    return { key: model, id: `${model}/${NAME}`, inputs };
  },
  endpoint: (operation, model) => {
    const deployments = `/api/models/${model}/deployments`;
    return {
      create: `POST ${deployments}`,
      read: `GET ${deployments}/${NAME}`,
      update: `PUT ${deployments}/${NAME}/allowed_roles`,
      delete: `DELETE ${deployments}/${NAME}`,
    }[operation];
  },
  updated: (checked) => ({ ...checked, allowedRoles: UPDATED_ROLES }),
  live: (store, model) =>
    store
      .list(model)
      .filter((d) => d.status !== "archived")
      .map((d) => ({ deploymentId: d.deployment_id, status: d.status, roles: d.allowed_roles })),
  // Names are unique per model: a second deployment could only exist as an archived one left behind.
  everCreated: (store, model) => store.list(model).length,
  shows: (remote, operation) =>
    JSON.stringify(remote.roles) === JSON.stringify(operation === "update" ? UPDATED_ROLES : ROLES),
};

/** Runs all 28 cells of the NX1 provider against one emulator. */
export function runNx1FaultMatrix(): Promise<CellResult[]> {
  return runMatrix(nx1Matrix, "nx1-matrix-8c2f4a6e");
}

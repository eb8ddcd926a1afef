export type { Deployment, LogEntry } from "./api";
export type { ClientOptions } from "./client";
export { RoboflowClient } from "./client";
export {
  DedicatedDeployment,
  type DedicatedDeploymentArgs,
  getDeployment,
  getDeploymentLogs,
  getMachineTypes,
  type LookupOptions,
  listDeployments,
} from "./resource";
export type { DedicatedDeploymentOutputs } from "./schema";

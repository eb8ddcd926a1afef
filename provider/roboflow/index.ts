export type { Deployment, DeploymentUsage, LogEntry, WorkspaceUsage } from "./api";
export type { ClientOptions } from "./client";
export { RoboflowClient } from "./client";
export {
  DedicatedDeployment,
  type DedicatedDeploymentArgs,
  getDeployment,
  getDeploymentLogs,
  getDeploymentUsage,
  getMachineTypes,
  getWorkspaceUsage,
  type LookupOptions,
  listDeployments,
  type UsageWindowArgs,
} from "./resource";
export type { DedicatedDeploymentOutputs } from "./schema";

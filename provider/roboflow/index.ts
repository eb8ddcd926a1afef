export type { Deployment, DeploymentUsage, LogEntry, WorkspaceUsage } from "./api";
export type { ClientOptions } from "./client";
export { RoboflowClient } from "./client";
export {
  DedicatedDeployment,
  type DedicatedDeploymentArgs,
  getDeployment,
  getDeploymentLogs,
  getDeploymentLogsOutput,
  getDeploymentOutput,
  getDeploymentUsage,
  getDeploymentUsageOutput,
  getMachineTypes,
  getMachineTypesOutput,
  getWorkspaceUsage,
  getWorkspaceUsageOutput,
  type LookupOptions,
  listDeployments,
  listDeploymentsOutput,
} from "./resource";
export type { DedicatedDeploymentOutputs } from "./schema";

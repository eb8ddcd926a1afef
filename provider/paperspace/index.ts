export type { DeploymentInfo, DeploymentSpec, LogEntry, MetricPoint, Run } from "./api";
export type { ClientOptions, ListOptions } from "./client";
export { PaperspaceClient } from "./client";
export {
  Deployment,
  type DeploymentArgs,
  type DeploymentResourcesArgs,
  getDeployment,
  getDeploymentHistory,
  getDeploymentLogs,
  getDeploymentMetrics,
  getDeploymentRuns,
  type LookupOptions,
  listDeployments,
} from "./resource";
export type { DeploymentOutputs } from "./schema";

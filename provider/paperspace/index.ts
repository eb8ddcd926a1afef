export type { DeploymentInfo, DeploymentSpec, LogEntry, MetricPoint, Run } from "./api";
export type { ClientOptions, ListOptions } from "./client";
export { PaperspaceClient } from "./client";
export {
  Deployment,
  type DeploymentArgs,
  type DeploymentResourcesArgs,
  getDeployment,
  getDeploymentHistory,
  getDeploymentHistoryOutput,
  getDeploymentLogs,
  getDeploymentLogsOutput,
  getDeploymentMetrics,
  getDeploymentMetricsOutput,
  getDeploymentOutput,
  getDeploymentRuns,
  getDeploymentRunsOutput,
  type LookupOptions,
  listDeployments,
  listDeploymentsOutput,
} from "./resource";
export type { DeploymentOutputs } from "./schema";

export type { DeploymentStatus, DeploymentSummary, Event, Ingress, Metrics, Revision } from "./api";
export type { ClientOptions, ImageCreate, TemplateCreate } from "./client";
export { ShipyardClient } from "./client";
export {
  type AutoUpdateArgs,
  Deployment,
  type DeploymentArgs,
  getDeploymentEvents,
  getDeploymentEventsOutput,
  getDeploymentHistory,
  getDeploymentHistoryOutput,
  getDeploymentLogs,
  getDeploymentLogsOutput,
  getDeploymentMetrics,
  getDeploymentMetricsOutput,
  type LookupOptions,
  listDeployments,
  listDeploymentsOutput,
} from "./resource";
export type { DeploymentOutputs } from "./schema";

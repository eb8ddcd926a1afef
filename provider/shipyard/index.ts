export type { DeploymentStatus, DeploymentSummary, Event, Ingress, Metrics, Revision } from "./api";
export type { ClientOptions, ImageCreate, TemplateCreate } from "./client";
export { ShipyardClient } from "./client";
export {
  type AutoUpdateArgs,
  Deployment,
  type DeploymentArgs,
  getDeploymentEvents,
  getDeploymentHistory,
  getDeploymentLogs,
  getDeploymentMetrics,
  type LookupOptions,
  listDeployments,
} from "./resource";
export type { DeploymentOutputs } from "./schema";

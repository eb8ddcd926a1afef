export type { ClientOptions, ImageCreate, TemplateCreate } from "./client";
export { ShipyardClient } from "./client";
export { DeploymentProvider } from "./provider";
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
export type { DeploymentStatus, DeploymentSummary, Event, Ingress, Metrics, Revision } from "./schema";

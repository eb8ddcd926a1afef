/**
 * Shipyard deployments in a Pulumi program, the package's `shipyard` namespace: the Deployment resource and
 * its Args, the lookups (built from the descriptor, so each is listed once: here) and the API's types.
 */
import { lookupsOf } from "../deploymentResource";
import { platform } from "./platform";

export type { LookupOptions } from "../core/lookup";
export type { DeploymentStatus, DeploymentSummary, Event, Ingress, Metrics, Revision } from "./api";
export type { ClientOptions, ImageCreate, TemplateCreate } from "./client";
export { ShipyardClient } from "./client";
export {
  type AutoUpdateArgs,
  Deployment,
  type DeploymentArgs,
} from "./resource";
export type { DeploymentOutputs } from "./schema";

/**
 * The lookups as Node functions, each as the pair Pulumi's functions are: `getX(args, opts)` returns a
 * Promise, `getXOutput(args, opts)` takes Inputs and returns an Output; the results are the camelCase objects
 * the plugin's invokes return (see `functions.ts`). The key and URL come from the arguments, else the
 * `shipyard` stack config, else the SHIPYARD_API_KEY / SHIPYARD_API_URL environment variables.
 */
export const {
  listDeployments,
  listDeploymentsOutput,
  getDeploymentLogs,
  getDeploymentLogsOutput,
  getDeploymentMetrics,
  getDeploymentMetricsOutput,
  getDeploymentHistory,
  getDeploymentHistoryOutput,
  getDeploymentEvents,
  getDeploymentEventsOutput,
  listUnmanagedDeployments,
  listUnmanagedDeploymentsOutput,
} = lookupsOf(platform);

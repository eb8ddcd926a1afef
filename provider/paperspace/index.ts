/**
 * Paperspace Deployments in a Pulumi program, the package's `paperspace` namespace: the Deployment resource
 * and its Args, the lookups (built from the descriptor, so each is listed once: here) and the API's types.
 */
import { lookupsOf } from "../deploymentResource";
import { platform } from "./platform";

export type { LookupOptions } from "../core/lookup";
export type { DeploymentInfo, DeploymentSpec, LogEntry, MetricPoint, Run } from "./api";
export type { ClientOptions, ListOptions } from "./client";
export { PaperspaceClient } from "./client";
export {
  Deployment,
  type DeploymentArgs,
  type DeploymentResourcesArgs,
} from "./resource";
export type { DeploymentOutputs } from "./schema";

/**
 * The lookups as Node functions, each as the pair Pulumi's functions are: `getX(args, opts)` returns a
 * Promise, `getXOutput(args, opts)` takes Inputs and returns an Output; the results are the camelCase objects
 * the plugin's invokes return (see `functions.ts`). The key and URL come from the arguments, else the
 * `paperspace` stack config, else the PAPERSPACE_API_KEY / PAPERSPACE_API_URL environment variables.
 */
export const {
  getDeployment,
  getDeploymentOutput,
  listDeployments,
  listDeploymentsOutput,
  getDeploymentLogs,
  getDeploymentLogsOutput,
  getDeploymentHistory,
  getDeploymentHistoryOutput,
  getDeploymentMetrics,
  getDeploymentMetricsOutput,
  getDeploymentRuns,
  getDeploymentRunsOutput,
  listUnmanagedDeployments,
  listUnmanagedDeploymentsOutput,
} = lookupsOf(platform);

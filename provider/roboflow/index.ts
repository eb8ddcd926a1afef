/**
 * Roboflow Dedicated Deployments in a Pulumi program, the package's `roboflow` namespace: the
 * DedicatedDeployment resource and its Args, the lookups (built from the descriptor, so each is listed once:
 * here) and the API's types.
 */
import { lookupsOf } from "../deploymentResource";
import { platform } from "./platform";

export type { LookupOptions } from "../core/lookup";
export type { Deployment, DeploymentUsage, LogEntry, WorkspaceUsage } from "./api";
export type { ClientOptions } from "./client";
export { RoboflowClient } from "./client";
export {
  DedicatedDeployment,
  type DedicatedDeploymentArgs,
} from "./resource";
export type { DedicatedDeploymentOutputs } from "./schema";

/**
 * Roboflow's lookups as Node functions, each as the pair Pulumi's functions are: `getDeployment(args, opts)`
 * returns a Promise, `getDeploymentOutput(args, opts)` takes Inputs and returns an Output; the results are
 * the camelCase objects the plugin's invokes return (see `functions.ts`). The key and URL come from the
 * arguments, else the `roboflow` stack config, else ROBOFLOW_API_KEY / ROBOFLOW_API_URL.
 */
export const {
  getMachineTypes,
  getMachineTypesOutput,
  getDeployment,
  getDeploymentOutput,
  listDeployments,
  listDeploymentsOutput,
  getDeploymentLogs,
  getDeploymentLogsOutput,
  getWorkspaceUsage,
  getWorkspaceUsageOutput,
  getDeploymentUsage,
  getDeploymentUsageOutput,
  listUnmanagedDeployments,
  listUnmanagedDeploymentsOutput,
} = lookupsOf(platform);

/**
 * NX1 model deployments in a Pulumi program, the package's `nx1` namespace: the ModelDeployment resource and
 * its Args, the lookups (built from the descriptor, so each is listed once: here) and the API's types.
 */
import { lookupsOf } from "../deploymentResource";
import { platform } from "./platform";

export type { LookupOptions } from "../core/lookup";
export type { Deployment } from "./api";
export type { ClientOptions } from "./client";
export { Nx1Client } from "./client";
export { cronProblem } from "./cron";
export {
  type IcebergSourceArgs,
  type IcebergTargetArgs,
  ModelDeployment,
  type ModelDeploymentArgs,
  type RunSummary,
} from "./resource";
export type { ModelDeploymentOutputs } from "./schema";

/**
 * The lookups as Node functions, each as the pair Pulumi's functions are: `getX(args, opts)` returns a
 * Promise, `getXOutput(args, opts)` takes Inputs and returns an Output; the results are the camelCase objects
 * the plugin's invokes return (see `functions.ts`). The key and URL come from the arguments, else the
 * `nx1` stack config, else the NX1_API_KEY / NX1_API_URL environment variables.
 */
export const {
  getModelDeployment,
  getModelDeploymentOutput,
  listUnmanagedDeployments,
  listUnmanagedDeploymentsOutput,
} = lookupsOf(platform);

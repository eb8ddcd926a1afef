export type { Deployment } from "./api";
export type { ClientOptions } from "./client";
export { Nx1Client } from "./client";
export { cronProblem } from "./cron";
export {
  getModelDeployment,
  getModelDeploymentOutput,
  type IcebergSourceArgs,
  type IcebergTargetArgs,
  type LookupOptions,
  ModelDeployment,
  type ModelDeploymentArgs,
  type RunSummary,
} from "./resource";
export type { ModelDeploymentOutputs } from "./schema";

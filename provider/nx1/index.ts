export type { ClientOptions } from "./client";
export { Nx1Client } from "./client";
export { cronProblem } from "./cron";
export { ModelDeploymentProvider } from "./provider";
export {
  getModelDeployment,
  type IcebergSourceArgs,
  type IcebergTargetArgs,
  type LookupOptions,
  ModelDeployment,
  type ModelDeploymentArgs,
  type RunSummary,
} from "./resource";
export type { Deployment } from "./schema";

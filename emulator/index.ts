/** The emulators' public surface: `createEmulator`, the platforms' stores, shapes and options, faults and clocks. */
export { type Clock, ManualClock, realClock } from "./clock";
export { type FaultKind, FaultSpec, Faults } from "./faults";
export { createNx1Routes } from "./nx1/routes";
export {
  type Issue as Nx1Issue,
  type Nx1DeploymentRecord,
  Nx1Failure,
  type Nx1Status,
  type Nx1Timing,
  type RegisteredModel,
  type RunRecord as Nx1RunRecord,
} from "./nx1/shapes";
export { Nx1Store, type Nx1StoreOptions } from "./nx1/store";
export { createPaperspaceRoutes } from "./paperspace/routes";
export {
  type DeploymentRecord as PaperspaceDeploymentRecord,
  type InstanceRecord,
  type LogRecord as PaperspaceLogRecord,
  PaperspaceFailure,
  type PaperspaceTiming,
  type RunRecord,
  type SpecRecord,
} from "./paperspace/shapes";
export { PaperspaceStore, type PaperspaceStoreOptions, type UpsertInput } from "./paperspace/store";
export type {
  CommonEmulatorOptions,
  EmulatedPlatform,
  PlatformFlag,
  PlatformModule,
  PlatformRequest,
  PlatformResponse,
} from "./platform";
export {
  createEmulator,
  type Emulator,
  type EmulatorOptions,
  type EmulatorOptionsOf,
  type Nx1EmulatorOptions,
  type PaperspaceEmulatorOptions,
  type PlatformName,
  platforms,
} from "./registry";
export { RequestLog, type RequestLogEntry, redact } from "./requestLog";
export { createRoboflowRoutes, parseTimestamp } from "./roboflow/routes";
export {
  type AddDeploymentInput,
  ApiFailure,
  DEFAULT_MACHINE_TYPES,
  type DeploymentRecord,
  type DeploymentStatus,
  LATEST_INFERENCE_VERSION,
  type LogEntry,
  type RoboflowTiming,
} from "./roboflow/shapes";
export { RoboflowStore, type RoboflowStoreOptions } from "./roboflow/store";
export type { RunningEmulator } from "./server";

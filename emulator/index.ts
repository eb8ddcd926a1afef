export { createEmulator, type Emulator, type EmulatorOptions, type PaperspaceEmulatorOptions } from "./app";
export { type Clock, ManualClock, realClock } from "./clock";
export { type FaultKind, FaultSpec, Faults } from "./faults";
export {
  createNx1Routes,
  type Nx1DeploymentRecord,
  type Nx1EmulatorOptions,
  Nx1Failure,
  type Nx1Status,
  Nx1Store,
  type Nx1StoreOptions,
  type Nx1Timing,
  type RegisteredModel,
} from "./nx1";
export { createPaperspaceRoutes } from "./paperspace";
export {
  type DeploymentRecord as PaperspaceDeploymentRecord,
  type InstanceRecord,
  type LogRecord as PaperspaceLogRecord,
  PaperspaceFailure,
  type PaperspaceTiming,
  type RunRecord,
  type SpecRecord,
} from "./paperspaceShapes";
export { PaperspaceStore, type PaperspaceStoreOptions, type UpsertInput } from "./paperspaceStore";
export { RequestLog, type RequestLogEntry, redact } from "./requestLog";
export { createRoboflowRoutes, parseTimestamp } from "./roboflow";
export {
  type AddDeploymentInput,
  ApiFailure,
  DEFAULT_MACHINE_TYPES,
  type DeploymentRecord,
  type DeploymentStatus,
  LATEST_INFERENCE_VERSION,
  type LogEntry,
  type RoboflowTiming,
} from "./roboflowShapes";
export type { PlatformModule, PlatformRequest, PlatformResponse } from "./routing";
export { RoboflowStore, type RoboflowStoreOptions } from "./store";

export { createEmulator, type Emulator, type EmulatorOptions } from "./app";
export { type Clock, ManualClock, realClock } from "./clock";
export { type FaultKind, FaultSpec, Faults } from "./faults";
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

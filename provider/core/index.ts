export * from "./dynamic";
export * from "./errors";
export * from "./http";
export * from "./redact";
export * from "./retry";
export * from "./runtime";
export * from "./wait";

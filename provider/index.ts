/**
 * The public surface of the package: one namespace per platform, each holding its resource, the resource's
 * Args, the lookup functions and the API's types. The machinery (core/, the provider implementations) is
 * internal; the implementations are reachable only at the subpaths the engine loads (see registry.ts).
 */
export * as nx1 from "./nx1";
export * as paperspace from "./paperspace";
export * as roboflow from "./roboflow";

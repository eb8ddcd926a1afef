export * as core from "./core";
export * as paperspace from "./paperspace";
export * as roboflow from "./roboflow";
export * as shipyard from "./shipyard";

export * as core from "./core";
export * as paperspace from "./paperspace";
export * as roboflow from "./roboflow";

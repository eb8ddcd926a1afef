export * as core from "./core";
export * as nx1 from "./nx1";
export * as paperspace from "./paperspace";
export * as roboflow from "./roboflow";

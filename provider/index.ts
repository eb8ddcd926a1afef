export * as core from "./core";
export * as roboflow from "./roboflow";

// One Roboflow Dedicated Deployment, its URL as a stack output. The API key is the secret stack config
// `roboflow:apiKey` (or the ROBOFLOW_API_KEY variable); `roboflow:apiUrl` points it at an emulator.
import * as pulumi from "@pulumi/pulumi";
import { roboflow } from "pulumi-dedicated-deployments";

const config = new pulumi.Config();

const deployment = new roboflow.DedicatedDeployment("inference", {
  deploymentName: config.get("deploymentName") ?? "basic-infer",
  machineType: config.get("machineType") ?? "dev-gpu",
  creatorEmail: config.require("creatorEmail"),
  duration: config.getNumber("duration") ?? 3,
});

export const url = deployment.url;
export const status = deployment.status;
export const deploymentId = deployment.deploymentId;

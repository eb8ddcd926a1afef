// The README's demo stack: one Roboflow Dedicated Deployment. `npm run demo` points it at the embedded
// emulator; against the real API, set roboflow:apiKey (secret) and leave roboflow:apiUrl unset.
import * as pulumi from "@pulumi/pulumi";
import { roboflow } from "./provider";

const config = new pulumi.Config();

const deployment = new roboflow.DedicatedDeployment("demo", {
  deploymentName: config.get("deploymentName") ?? "demo-deploy",
  machineType: config.get("machineType") ?? "dev-gpu",
  creatorEmail: config.get("creatorEmail") ?? "demo@example.com",
  duration: config.getNumber("duration") ?? 1,
});

export const url = deployment.url;
export const status = deployment.status;
export const deploymentId = deployment.deploymentId;
export const resolvedInferenceVersion = deployment.resolvedInferenceVersion;

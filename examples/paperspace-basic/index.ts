// One Paperspace Deployment, its URL as a stack output. The API key is the secret stack config
// `paperspace:apiKey` (or the PAPERSPACE_API_KEY variable); `paperspace:apiUrl` points it at an emulator.
// Changing the image, env or replicas updates the deployment in place; changing the project replaces it.
import * as pulumi from "@pulumi/pulumi";
import { paperspace } from "pulumi-dedicated-deployments";

const config = new pulumi.Config();

const deployment = new paperspace.Deployment("api", {
  projectId: config.require("projectId"),
  name: config.get("name") ?? "basic-api",
  image: config.get("image") ?? "paperspace/deployment-fixture:latest",
  port: 8888,
  resources: {
    machineType: config.get("machineType") ?? "C4",
    replicas: config.getNumber("replicas") ?? 1,
  },
  env: { GREETING: "hello", API_TOKEN: config.requireSecret("apiToken") },
  healthChecks: { readiness: { path: "/", periodSeconds: 10 } },
});

export const url = deployment.url;
export const deploymentId = deployment.deploymentId;
export const readyReplicas = deployment.readyReplicas;
export const latestSpecHash = deployment.latestSpecHash;

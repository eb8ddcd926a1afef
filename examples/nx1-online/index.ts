// One NX1 online model deployment: a registered MLflow model served at a URL. The API key is the secret
// stack config `nx1:apiKey` (or NX1_API_KEY) and the platform's URL is `nx1:apiUrl` (or NX1_API_URL): NX1
// has no public default. Changing `allowedRoles` updates the deployment in place; changing the model
// version replaces it (the old one is deleted first, since the name is unique per model).
import * as pulumi from "@pulumi/pulumi";
import { nx1 } from "pulumi-dedicated-deployments";

const config = new pulumi.Config();

const deployment = new nx1.ModelDeployment("churn", {
  model: config.get("model") ?? "churn",
  name: config.get("name") ?? "churn-online",
  modelVersion: config.get("modelVersion") ?? "3",
  type: "online",
  domain: config.get("domain") ?? "marketing",
  owner: config.require("owner"),
  allowedRoles: config.getObject<string[]>("allowedRoles") ?? [],
});

export const serviceUrl = deployment.serviceUrl;
export const status = deployment.status;
export const resolvedModelVersion = deployment.resolvedModelVersion;
export const readyReplicas = deployment.readyReplicas;
export const deploymentId = deployment.deploymentId;

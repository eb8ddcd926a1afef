// An environment per branch: one Roboflow Dedicated Deployment whose name comes from the branch, with a
// short lifetime. Expiry is the TTL: once the deployment expires, `pulumi refresh` drops it from the stack
// and the next `pulumi up` creates it again; `pulumi destroy` removes it before then.
import * as pulumi from "@pulumi/pulumi";
import { roboflow } from "pulumi-dedicated-deployments";
import { deploymentNameFor } from "./names";

const config = new pulumi.Config();
// CI sets `branch`; by hand, the stack name stands for the branch (`pulumi stack init my-feature`).
const branch = config.get("branch") ?? pulumi.getStack();
const deploymentName = deploymentNameFor(branch);

const deployment = new roboflow.DedicatedDeployment("preview", {
  deploymentName,
  machineType: config.get("machineType") ?? "dev-gpu",
  creatorEmail: config.require("creatorEmail"),
  // Hours until the API expires the deployment: the environment's time to live.
  duration: config.getNumber("ttlHours") ?? 1,
  // An expired deployment is removed by the API rather than kept as expired, freeing its name for the next up.
  deleteOnExpiration: true,
});

export const name = deployment.deploymentName;
export const url = deployment.url;
export const status = deployment.status;
export { branch };

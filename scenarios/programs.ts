/**
 * Test programs. The generic one declares one DedicatedDeployment per entry of the stack config object
 * `deployments` ({logicalName: args}), so tests change the desired state by changing config.
 */
export const ROBOFLOW_TYPE = "pulumi-nodejs:dynamic/roboflow:DedicatedDeployment";

export const deploymentsProgram = `
const pulumi = require("@pulumi/pulumi");
const { roboflow } = require("pulumi-dedicated-deployments");
const specs = new pulumi.Config().requireObject("deployments");
for (const [name, args] of Object.entries(specs)) {
  const d = new roboflow.DedicatedDeployment(name, args);
  exports[name] = { url: d.url, status: d.status, deploymentId: d.deploymentId, paused: d.paused,
    inferenceVersion: d.inferenceVersion, resolvedInferenceVersion: d.resolvedInferenceVersion,
    numReplicas: d.numReplicas, machineType: d.machineType };
}
`;

/** A value for stack config `deployments`. */
export function deploymentsConfig(specs: Record<string, Record<string, unknown>>) {
  return { deployments: { value: JSON.stringify(specs) } };
}

/**
 * The Roboflow plugin `pulumi-resource-roboflow` through the same YAML table as the other platforms (see
 * test/helpers/yamlSuite.ts); yamlNative.test.ts covers what is Roboflow's own (progress rows, state size).
 */
import type { RoboflowStore } from "../../emulator";
import { DedicatedDeploymentProvider } from "../../provider/roboflow/provider";
import { type OutOfBandProvider, yamlPlatformSuite } from "../helpers/yamlSuite";

jest.setTimeout(180_000);

yamlPlatformSuite({
  namespace: "roboflow",
  type: "roboflow:index:DedicatedDeployment",
  apiKey: "rf-yaml-table-8Ks2Wq-do-not-print",
  // Ready 1.2 s after a create: quick, and still longer than the 1 s customTimeouts test.
  emulator: { platform: "roboflow", timing: { pendingMs: 1200, resumeMs: 300, deleteMs: 200 } },
  properties: (name, variant) => ({
    deploymentName: name,
    machineType: variant === "replacing" ? "prod-gpu" : "dev-gpu",
    creatorEmail: "ops@example.com",
    duration: 2,
    paused: variant === "inPlace",
  }),
  outOfBand: () => new DedicatedDeploymentProvider({ env: {} }) as unknown as OutOfBandProvider,
  lookup: (id) => ({
    function: "roboflow:index:getDeployment",
    arguments: { deploymentName: id },
    return: "status",
  }),
  secrets: [],
  live: (store) => (store as RoboflowStore).live().length,
});

/** The Paperspace plugin `pulumi-resource-paperspace` end to end from a YAML program (see test/helpers/yamlSuite.ts). */

import type { PaperspaceStore } from "../../emulator";
import { DeploymentProvider } from "../../provider/paperspace/provider";
import { type OutOfBandProvider, yamlPlatformSuite } from "../helpers/yamlSuite";

jest.setTimeout(180_000);

const SECRET = "env-yaml-Pq81Zs-secret";

yamlPlatformSuite({
  namespace: "paperspace",
  type: "paperspace:index:Deployment",
  apiKey: "psk-yaml-3Mv6Jd-do-not-print",
  // Healthy 1.2 s after a create: quick, and still longer than the 1 s customTimeouts test.
  emulator: { platform: "paperspace", timing: { applyMs: 300, readyMs: 900 } },
  properties: (name, variant) => ({
    // Only the project replaces a Paperspace deployment.
    projectId: variant === "replacing" ? "pr2emulat" : "pr1emulat",
    name,
    image: "paperspace/fastapi-deployment:latest",
    ports: [8000],
    resources: { machineType: "C4", replicas: variant === "inPlace" || variant === "replacing" ? 2 : 1 },
    env: { TOKEN: SECRET },
  }),
  outOfBand: () => new DeploymentProvider({ env: {} }) as unknown as OutOfBandProvider,
  lookup: (id) => ({ function: "paperspace:index:getDeployment", arguments: { id }, return: "name" }),
  secrets: [SECRET],
  live: (store) => (store as PaperspaceStore).list().length,
});

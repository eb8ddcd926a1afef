/** The Shipyard plugin `pulumi-resource-shipyard` end to end from a YAML program (see test/helpers/yamlSuite.ts). */

import type { ShipyardStore } from "../../emulator";
import { DeploymentProvider } from "../../provider/shipyard/provider";
import { type OutOfBandProvider, yamlPlatformSuite } from "../helpers/yamlSuite";

jest.setTimeout(180_000);

const SECRET = "env-yaml-Rk29Xw-secret";

yamlPlatformSuite({
  namespace: "shipyard",
  type: "shipyard:index:Deployment",
  apiKey: "syk-yaml-7Hq3Vn-do-not-print",
  // Ready 1.2 s after a create: quick, and still longer than the 1 s customTimeouts test.
  emulator: {
    platform: "shipyard",
    tier: "enterprise",
    timing: { pendingMs: 200, provisionMs: 1000, deleteMs: 200 },
  },
  properties: (name, variant) => ({
    image: variant === "replacing" ? "myapp:v2.0.0" : "myapp:v1.0.0",
    name,
    envVars: { TOKEN: SECRET, MODE: variant === "inPlace" || variant === "replacing" ? "large" : "small" },
  }),
  outOfBand: () => new DeploymentProvider({ env: {} }) as unknown as OutOfBandProvider,
  lookup: (id) => ({
    function: "shipyard:index:getDeploymentHistory",
    arguments: { name: id },
    return: "revisions",
  }),
  secrets: [SECRET],
  live: (store) => (store as ShipyardStore).list().length,
});

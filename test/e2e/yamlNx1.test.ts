/** The NX1 plugin `pulumi-resource-nx1` end to end from a YAML program (see test/helpers/yamlSuite.ts). */

import type { Nx1Store } from "../../emulator";
import { ModelDeploymentProvider } from "../../provider/nx1/provider";
import { type OutOfBandProvider, yamlPlatformSuite } from "../helpers/yamlSuite";

jest.setTimeout(180_000);

yamlPlatformSuite({
  namespace: "nx1",
  type: "nx1:index:ModelDeployment",
  apiKey: "nx1k-yaml-5Tw8Lp-do-not-print",
  // Active 1.2 s after a create: quick, and still longer than the 1 s customTimeouts test.
  emulator: { platform: "nx1", timing: { pendingMs: 200, deployMs: 600, readyMs: 400, deleteMs: 200 } },
  properties: (name, variant) => ({
    model: "churn",
    name,
    modelVersion: variant === "replacing" ? "4" : "3",
    type: "online",
    domain: "marketing",
    owner: "ml-team",
    allowedRoles: variant === "inPlace" || variant === "replacing" ? ["analyst", "ops"] : ["analyst"],
  }),
  outOfBand: () => new ModelDeploymentProvider({ env: {} }) as unknown as OutOfBandProvider,
  lookup: () => ({
    function: "nx1:index:getModelDeployment",
    arguments: { model: "churn", name: "yaml-one" },
    return: "status",
  }),
  secrets: [],
  live: (store) => (store as Nx1Store).list().filter((d) => d.status !== "archived").length,
});

/**
 * Each lookup is defined once and served twice: as the Node pair (`getX`, `getXOutput`) and as the native
 * invoke, every platform's whole set on both sides, with the same camelCase result.
 */
import * as pulumi from "@pulumi/pulumi";
import * as surface from "../../provider";
import { nativeProvider } from "../../provider/native/host";
import { packageSchema } from "../../provider/native/packageSchema";
import { platformList } from "../../provider/platforms";
import { addBody, call } from "../emulator/http";
import { KEY, startRoboflowEmulator } from "./roboflowHarness";

const log = { info: () => {}, flush: async () => {} };

describe.each(platformList.map((p) => [p.name, p] as const))("the %s lookups", (name, descriptor) => {
  const namespace = (surface as Record<string, Record<string, unknown>>)[name] ?? {};
  const lookups = Object.keys(descriptor.lookups);

  test("are each a Node function, its Output form, and an invoke of the package schema", () => {
    for (const lookup of lookups) {
      expect(typeof namespace[lookup]).toBe("function");
      expect(typeof namespace[`${lookup}Output`]).toBe("function");
    }
    const functions = Object.keys(packageSchema(name, "1.0.0").functions as object);
    expect(functions).toEqual(lookups.map((lookup) => `${name}:index:${lookup}`));
  });
});

test("a Roboflow lookup answers the same camelCase result as a Node function, an Output and an invoke", async () => {
  const emulator = await startRoboflowEmulator();
  try {
    expect((await call(emulator, "POST /add", { body: addBody("lk-same") })).status).toBe(200);
    const args = { deploymentName: "lk-same" };
    const credentials = { apiKey: KEY, apiUrl: emulator.url };
    const node = await surface.roboflow.getDeployment({ ...args, ...credentials });
    expect(node).toMatchObject({ deploymentName: "lk-same", machineType: "dev-gpu" });
    expect(node).not.toHaveProperty("deployment_name");

    const output = surface.roboflow.getDeploymentOutput({
      deploymentName: pulumi.output("lk-same"),
      ...credentials,
    });
    const fromOutput = await new Promise((resolve) => output.apply(resolve));
    expect(fromOutput).toEqual(node);

    const host = nativeProvider("roboflow", "0.0.1", log, { env: {} });
    host.configure({ "roboflow:apiKey": KEY, "roboflow:apiUrl": emulator.url });
    const invoked = await host.provider.invoke("roboflow:index:getDeployment", args);
    expect(invoked.outputs).toEqual(node);
  } finally {
    await emulator.close();
  }
});

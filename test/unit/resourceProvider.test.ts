import * as pulumi from "@pulumi/pulumi";

const SECRET = "rf-key-Zq81XvK3pL-resource";
const created: Array<{ type: string; inputs: Record<string, unknown> }> = [];

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        created.push({ type: args.type, inputs: args.inputs });
        return { id: args.inputs.deploymentName ?? args.name, state: args.inputs };
      },
      call: () => ({}),
    },
    "project",
    "stack",
    true,
  );
});

describe("DedicatedDeployment", () => {
  test("stores a small provider that loads the implementation by package name and holds no key", async () => {
    const { roboflow } = await import("../../provider");
    const deployment = new roboflow.DedicatedDeployment("demo", {
      deploymentName: "dev-testing",
      machineType: "dev-gpu",
      creatorEmail: "dev@example.com",
      apiKey: SECRET,
    });
    await new Promise<void>((resolve) => deployment.urn.apply(() => resolve()));
    expect(created).toHaveLength(1);
    expect(created[0].type).toBe("pulumi-nodejs:dynamic/roboflow:DedicatedDeployment");
    const text = created[0].inputs.__provider;
    expect(typeof text).toBe("string");
    const bytes = Buffer.byteLength(text as string);
    console.log(`serialized DedicatedDeployment provider: ${bytes} bytes`);
    expect(bytes).toBeLessThan(8 * 1024);
    expect(text).not.toContain(SECRET);
    expect(text).toContain('.target = "pulumi-dedicated-deployments/dist/provider/roboflow/provider"');
  });
});

import * as pulumi from "@pulumi/pulumi";
import { UNKNOWN } from "../../provider/core/dynamic";
import { diffKeys } from "../../provider/core/fields";
import { errorDetail, PAGE_LIMIT, PaperspaceClient } from "../../provider/paperspace/client";
import { DeploymentProvider } from "../../provider/paperspace/provider";
import { DeploymentInputs } from "../../provider/paperspace/schema";
import { specRequest } from "../../provider/paperspace/spec";

const valid = {
  projectId: "pr1",
  name: "web",
  image: "nginx:1.27",
  port: 80,
  resources: { machineType: "C4" },
};

function rejected(input: Record<string, unknown>): string[] {
  const result = DeploymentInputs.safeParse(input);
  expect(result.success).toBe(false);
  return (result.error?.issues ?? []).flatMap((i) =>
    i.code === "unrecognized_keys" ? i.keys.map((k) => [...i.path, k].join(".")) : [i.path.join(".")],
  );
}

function accepted(input: Record<string, unknown>): DeploymentInputs {
  const result = DeploymentInputs.safeParse(input);
  expect(result.error?.issues ?? []).toEqual([]);
  return result.data as DeploymentInputs;
}

describe("DeploymentInputs", () => {
  test("applies the defaults: one replica, enabled, waiting 20 minutes for health, no adoption", () => {
    expect(accepted(valid)).toEqual({
      ...valid,
      resources: { machineType: "C4", replicas: 1 },
      enabled: true,
      waitForHealthy: true,
      readyTimeoutMinutes: 20,
      adopt: false,
    });
  });

  test("requires projectId, name, image and resources", () => {
    expect(rejected({ port: 80 }).sort()).toEqual(["image", "name", "projectId", "resources"]);
  });

  test.each([
    ["neither port nor ports", { port: undefined }, ["port"]],
    ["both port and ports", { ports: [80] }, ["port"]],
    ["a port of 0", { port: 0 }, ["port"]],
    ["a port above 65535", { port: 70_000 }, ["port"]],
    ["negative replicas", { resources: { machineType: "C4", replicas: -1 } }, ["resources.replicas"]],
    ["an unknown input", { replica: 2 }, ["replica"]],
    ["an env value that is not a string", { env: { A: 1 } }, ["env.A"]],
    [
      "a health check that is neither HTTP nor command",
      { healthChecks: { readiness: { port: 80 } } },
      ["healthChecks.readiness"],
    ],
    ["an unknown probe kind", { healthChecks: { warmup: { path: "/" } } }, ["healthChecks.warmup"]],
    [
      "autoscaling below replicas",
      {
        resources: {
          machineType: "C4",
          replicas: 3,
          autoscaling: { maxReplicas: 2, metrics: [{ metric: "cpu", target: 50 }] },
        },
      },
      ["resources.autoscaling.maxReplicas"],
    ],
    [
      "an unknown autoscaling metric",
      {
        resources: {
          machineType: "C4",
          autoscaling: { maxReplicas: 2, metrics: [{ metric: "gpu", target: 50 }] },
        },
      },
      ["resources.autoscaling.metrics.0.metric"],
    ],
  ])("rejects %s", (_why, overrides, paths) => {
    expect(rejected({ ...valid, ...overrides })).toEqual(paths);
  });

  test("accepts the whole spec", () => {
    accepted({
      ...valid,
      port: undefined,
      ports: [8000, 9000],
      resources: {
        machineType: "A4000",
        replicas: 2,
        autoscaling: { maxReplicas: 5, metrics: [{ metric: "requestDuration", target: 0.2 }] },
      },
      env: { MODEL: "small" },
      command: ["python", "serve.py"],
      healthChecks: {
        readiness: { path: "/health", port: 8000, periodSeconds: 5 },
        liveness: { exec: ["true"] },
      },
      integrations: [{ type: "volume", name: "models", path: "/models" }],
      containerRegistry: "team-registry",
      region: "ny2",
      enabled: false,
      basicAuthKey: "secret",
    });
  });
});

test("check reports an unknown nested key at its path", async () => {
  const provider = new DeploymentProvider({ env: { PAPERSPACE_API_KEY: "k" } });
  const result = await provider.check({}, { ...valid, healthChecks: { warmup: { path: "/" } } });
  expect(result.failures).toEqual([{ property: "healthChecks.warmup", reason: 'unknown property "warmup"' }]);
});

describe("specRequest", () => {
  test("puts the inputs in the API's shape: ports under resources, env as name/value pairs, no undefined", () => {
    const spec = specRequest(accepted({ ...valid, env: { A: "1", B: "2" }, region: "ams1" }));
    expect(spec).toEqual({
      apiVersion: "v0alpha0",
      name: "web",
      image: "nginx:1.27",
      enabled: true,
      region: "ams1",
      resources: { machineType: "C4", ports: [80], replicas: 1 },
      env: [
        { name: "A", value: "1" },
        { name: "B", value: "2" },
      ],
    });
  });
});

describe("diff", () => {
  const provider = new DeploymentProvider({ env: {} });
  const olds = { ...accepted(valid), deploymentId: "d1", endpoint: "x.paperspacegradient.com" };

  test.each(["projectId", "region"])("a change of %s replaces the deployment", async (key) => {
    const diff = await provider.diff("d1", olds, { ...accepted(valid), [key]: "other" });
    expect(diff).toEqual({ changes: true, replaces: [key], deleteBeforeReplace: key === "region" });
  });

  test.each([
    ["image", "nginx:2"],
    ["name", "web-2"],
    ["port", 81],
    ["resources", { machineType: "A4000", replicas: 3 }],
    ["env", { A: "1" }],
    ["command", ["serve"]],
    ["healthChecks", { readiness: { path: "/" } }],
    ["integrations", [{ type: "volume" }]],
    ["containerRegistry", "reg"],
    ["enabled", false],
    ["basicAuthKey", "k"],
    ["readyTimeoutMinutes", 5],
    ["apiKey", "k2"],
  ])("a change of %s updates in place", async (key, value) => {
    const diff = await provider.diff("d1", olds, { ...accepted(valid), [key]: value });
    expect(diff).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  test("no change is no change, and an unknown projectId is a possible replacement", async () => {
    expect(await provider.diff("d1", olds, accepted(valid))).toMatchObject({ changes: false });
    expect(await provider.diff("d1", olds, { ...accepted(valid), projectId: UNKNOWN })).toMatchObject({
      replaces: ["projectId"],
    });
  });

  test("every input is either a replace key or an update key", () => {
    const keys = Object.keys(DeploymentInputs.shape);
    const { replaceKeys, updateKeys } = diffKeys(DeploymentInputs);
    expect([...replaceKeys, ...updateKeys].sort()).toEqual(keys.sort());
  });
});

describe("the client", () => {
  test("follows nextPage with the largest page until hasMore is false, sending the key as a Bearer token", async () => {
    const seen: Array<{ url: URL; auth: string | null }> = [];
    const pages: Record<string, unknown> = {
      "": {
        hasMore: true,
        items: [{ id: "l1", dtCreated: "t", jobId: "j", message: "one" }],
        nextPage: "p2",
      },
      p2: {
        hasMore: false,
        items: [{ id: "l2", dtCreated: "t", jobId: "j", message: "two" }],
        nextPage: null,
      },
    };
    const client = new PaperspaceClient({
      apiKey: "k-123456",
      apiUrl: "https://api.example/v1",
      fetch: (async (input: URL, init: RequestInit) => {
        seen.push({ url: input, auth: new Headers(init.headers).get("authorization") });
        return new Response(JSON.stringify(pages[input.searchParams.get("after") ?? ""]), { status: 200 });
      }) as typeof fetch,
    });
    const logs = await client.getLogs("d1", { instanceId: "i1" });
    expect(logs.map((l) => l.message)).toEqual(["one", "two"]);
    expect(seen.map((s) => `${s.url.pathname}?${s.url.searchParams}`)).toEqual([
      `/v1/deployments/d1/logs?instanceId=i1&limit=${PAGE_LIMIT}`,
      `/v1/deployments/d1/logs?instanceId=i1&limit=${PAGE_LIMIT}&after=p2`,
    ]);
    expect(seen.every((s) => s.auth === "Bearer k-123456")).toBe(true);
  });

  test.each([
    ['{"code":"NOT_FOUND","message":"Deployment not found"}', "Deployment not found (NOT_FOUND)"],
    [
      '{"code":"BAD_REQUEST","message":"Invalid input","issues":[{"path":["config","image"],"message":"Required"}]}',
      "Invalid input (BAD_REQUEST): config.image: Required",
    ],
    ["<html>Bad Gateway</html>", "<html>Bad Gateway</html>"],
    ["", "(empty body)"],
  ])("words the error body %j as %j", (body, detail) => {
    expect(errorDetail(body)).toBe(detail);
  });
});

describe("the Deployment resource", () => {
  const created: Array<{ type: string; inputs: Record<string, unknown> }> = [];
  beforeAll(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          created.push({ type: args.type, inputs: args.inputs });
          return { id: "d1", state: args.inputs };
        },
        call: () => ({}),
      },
      "project",
      "stack",
      true,
    );
  });

  test("has its type token and a small serialized provider that loads the implementation by name", async () => {
    const { paperspace } = await import("../../provider");
    const deployment = new paperspace.Deployment("web", {
      ...valid,
      env: { TOKEN: "t0k3n-value" },
      apiKey: "key-value",
    });
    await new Promise<void>((resolve) => deployment.urn.apply(() => resolve()));
    expect(created[0]?.type).toBe("pulumi-nodejs:dynamic/paperspace:Deployment");
    const text = String(created[0]?.inputs.__provider);
    expect(Buffer.byteLength(text)).toBeLessThan(8 * 1024);
    expect(text).toContain('.target = "pulumi-dedicated-deployments/dist/provider/paperspace/provider"');
    expect(text).toContain('.exportName = "DeploymentProvider"');
    expect(text).not.toContain("t0k3n-value");
    expect(text).not.toContain("key-value");
  });
});

import * as pulumi from "@pulumi/pulumi";
import { UNKNOWN } from "../../provider/core/dynamic";
import { diffKeys, resourceOutputs } from "../../provider/core/fields";
import type { Deployment } from "../../provider/nx1/api";
import { errorDetail, MISSING_URL, Nx1Client } from "../../provider/nx1/client";
import { cronProblem } from "../../provider/nx1/cron";
import { createRequest, parseId, readiness } from "../../provider/nx1/mapping";
import { ModelDeploymentProvider } from "../../provider/nx1/provider";
import { ModelDeploymentInputs, ModelDeploymentOutputs } from "../../provider/nx1/schema";

const online = {
  model: "churn",
  name: "churn-online",
  modelVersion: "3",
  type: "online",
  domain: "marketing",
  owner: "ml-team",
};
const batch = {
  model: "churn",
  name: "churn-nightly",
  modelAlias: "champion",
  type: "batch",
  domain: "marketing",
  owner: "ml-team",
  source: { schema: "crm", table: "customers" },
  target: { schema: "scores", table: "churn" },
  schedule: "0 3 * * *",
};

function rejected(input: Record<string, unknown>): string[] {
  const result = ModelDeploymentInputs.safeParse(input);
  expect(result.success).toBe(false);
  return (result.error?.issues ?? []).flatMap((i) =>
    i.code === "unrecognized_keys" ? i.keys.map((k) => [...i.path, k].join(".")) : [i.path.join(".")],
  );
}

function accepted(input: Record<string, unknown>): ModelDeploymentInputs {
  const result = ModelDeploymentInputs.safeParse(input);
  expect(result.error?.issues ?? []).toEqual([]);
  return result.data as ModelDeploymentInputs;
}

describe("ModelDeploymentInputs", () => {
  test("an online deployment gets the client-side defaults and no batch default", () => {
    expect(accepted(online)).toEqual({
      ...online,
      waitForActive: true,
      readyTimeoutMinutes: 20,
      adopt: false,
    });
  });

  test("a batch deployment gets the batch defaults and the iceberg catalog", () => {
    expect(accepted(batch)).toMatchObject({
      source: { schema: "crm", table: "customers", catalog: "iceberg" },
      target: { schema: "scores", table: "churn", catalog: "iceberg" },
      rerunBehavior: "overwrite_partition",
      partitionColumn: "scored_at",
      triggerNow: false,
    });
  });

  test("requires model, name, type, domain and owner", () => {
    expect(rejected({ modelVersion: "1" }).sort()).toEqual(["domain", "model", "name", "owner", "type"]);
  });

  test.each([
    ["a name with uppercase letters", { name: "Churn" }, ["name"]],
    ["a name ending with '-'", { name: "churn-" }, ["name"]],
    ["a name starting with '-'", { name: "-churn" }, ["name"]],
    ["a name with '_'", { name: "churn_online" }, ["name"]],
    ["a name of 64 characters", { name: "a".repeat(64) }, ["name"]],
    ["a model name with '/'", { model: "team/churn" }, ["model"]],
    ["both a version and an alias", { modelAlias: "champion" }, ["modelVersion"]],
    ["neither a version nor an alias", { modelVersion: undefined }, ["modelVersion"]],
    ["a version that is not a number", { modelVersion: "v3" }, ["modelVersion"]],
    ["an unknown type", { type: "stream" }, ["type"]],
    ["a source on an online deployment", { source: { schema: "a", table: "b" } }, ["source"]],
    ["a schedule on an online deployment", { schedule: "@daily" }, ["schedule"]],
    ["triggerNow on an online deployment", { triggerNow: true }, ["triggerNow"]],
    ["an unknown input", { replicas: 2 }, ["replicas"]],
    ["an empty role", { allowedRoles: [""] }, ["allowedRoles.0"]],
  ])("rejects %s", (_why, overrides, paths) => {
    expect(rejected({ ...online, ...overrides })).toEqual(paths);
  });

  test.each([
    ["a batch deployment without source", { source: undefined }, ["source"]],
    ["a batch deployment without target", { target: undefined }, ["target"]],
    ["a schedule of four fields", { schedule: "0 3 * *" }, ["schedule"]],
    ["an hour of 24", { schedule: "0 24 * * *" }, ["schedule"]],
    ["an unknown rerun behavior", { rerunBehavior: "replace" }, ["rerunBehavior"]],
    ["a source table missing", { source: { schema: "crm" } }, ["source.table"]],
    ["an unknown source key", { source: { schema: "crm", table: "t", where: "x" } }, ["source.where"]],
  ])("rejects %s", (_why, overrides, paths) => {
    expect(rejected({ ...batch, ...overrides })).toEqual(paths);
  });

  test("takes a null schedule (manual runs only)", () => {
    expect(accepted({ ...batch, schedule: null }).schedule).toBeNull();
  });
});

describe("cronProblem", () => {
  test.each([
    "0 3 * * *",
    "*/15 * * * *",
    "0 9-17/2 * * mon-fri",
    "0 0 1,15 jan,jul *",
    "30 6 * * 7",
    "@daily",
    "@once",
    "  5 4 * * sun  ",
  ])("accepts %j", (expression) => {
    expect(cronProblem(expression)).toBeUndefined();
  });

  test.each([
    ["0 3 * *", /must have 5 fields/],
    ["0 3 * * * *", /must have 5 fields/],
    ["60 * * * *", /minute field "60"/],
    ["* * 0 * *", /day of month field "0"/],
    ["* * * 13 *", /month field "13"/],
    ["* * * * 8", /day of week field "8"/],
    ["*/0 * * * *", /step 0/],
    ["5-1 * * * *", /runs backwards/],
    ["1,,2 * * * *", /empty list item/],
    ["* * * foo *", /"foo" is not a number or name/],
    ["@sometimes", /unknown preset/],
  ])("refuses %j, saying why", (expression, why) => {
    expect(cronProblem(expression)).toMatch(why);
  });
});

describe("check", () => {
  const configured = (env: NodeJS.ProcessEnv) => new ModelDeploymentProvider({ env });

  test("fails at preview, before any call, when no API URL is set anywhere", async () => {
    const result = await configured({ NX1_API_KEY: "k-123456" }).check({}, online);
    expect(result.failures).toEqual([{ property: "", reason: MISSING_URL }]);
  });

  test("names the property and the rule", async () => {
    const env = { NX1_API_KEY: "k-123456", NX1_API_URL: "https://nx1.example" };
    const result = await configured(env).check({}, { ...online, name: "Bad_Name" });
    expect(result.failures).toEqual([{ property: "name", reason: expect.stringMatching(/DNS-1123 label/) }]);
  });

  test("a failure on the apiKey input names no property, so the engine never prints the value", async () => {
    const result = await configured({ NX1_API_URL: "https://nx1.example" }).check(
      {},
      { ...online, apiKey: "" },
    );
    expect(result.failures).toEqual([{ property: "", reason: expect.stringMatching(/^apiKey: /) }]);
  });
});

describe("diff", () => {
  const provider = new ModelDeploymentProvider({ env: {} });
  const olds = { ...accepted(online), deploymentId: "d1", status: "active" };

  test.each([
    ["model", "fraud", false],
    ["name", "churn-online-2", false],
    ["modelVersion", "4", true],
    ["type", "batch", true],
    ["domain", "sales", true],
    ["owner", "someone", true],
    ["entityColumns", ["id"], true],
    ["schedule", "@daily", true],
  ])(
    "a change of %s replaces the deployment (old first when model and name stay: %s)",
    async (key, value, first) => {
      const diff = await provider.diff("churn/churn-online", olds, { ...accepted(online), [key]: value });
      expect(diff).toEqual({ changes: true, replaces: [key], deleteBeforeReplace: first });
    },
  );

  test("moving from a version to an alias replaces on both keys", async () => {
    // As the engine runs it: check, given the inputs the program gave last, marks the version removed.
    const { modelVersion: _removed, ...alias } = { ...online, modelAlias: "champion" };
    const news = (await provider.check(accepted(online), { ...alias, apiKey: "k" })).inputs;
    expect((await provider.diff("churn/churn-online", olds, news)).replaces).toEqual([
      "modelVersion",
      "modelAlias",
    ]);
  });

  test.each([
    ["allowedRoles", ["analyst"]],
    ["waitForActive", false],
    ["readyTimeoutMinutes", 5],
    ["adopt", true],
    ["apiKey", "k2-123456"],
  ])("a change of %s updates in place", async (key, value) => {
    const diff = await provider.diff("churn/churn-online", olds, { ...accepted(online), [key]: value });
    expect(diff).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  test("no change is no change; an unknown name is a possible replacement", async () => {
    expect(await provider.diff("churn/churn-online", olds, accepted(online))).toMatchObject({
      changes: false,
    });
    const unknown = await provider.diff("churn/churn-online", olds, { ...accepted(online), name: UNKNOWN });
    expect(unknown.replaces).toEqual(["name"]);
  });

  test("a deployment recorded as failed is replaced, its name reused", async () => {
    const diff = await provider.diff("churn/churn-online", { ...olds, status: "failed" }, accepted(online));
    expect(diff).toEqual({ changes: true, replaces: ["status"], deleteBeforeReplace: true });
  });

  test("every input is either a replace key or an update key", () => {
    const keys = Object.keys(ModelDeploymentInputs.shape);
    const { replaceKeys, updateKeys } = diffKeys(ModelDeploymentInputs);
    expect([...replaceKeys, ...updateKeys].sort()).toEqual(keys.sort());
  });
});

describe("mapping", () => {
  test("the create body is the API's shape, batch fields only for batch, nothing undefined", () => {
    expect(createRequest(accepted({ ...online, allowedRoles: ["analyst"] }))).toEqual({
      name: "churn-online",
      model: { model_name: "churn", model_version: "3" },
      type: "online",
      domain: "marketing",
      owner: "ml-team",
      allowed_roles: ["analyst"],
    });
    expect(createRequest(accepted({ ...batch, source: { ...batch.source, filterSql: "x > 1" } }))).toEqual({
      name: "churn-nightly",
      model: { model_name: "churn", model_alias: "champion" },
      type: "batch",
      domain: "marketing",
      owner: "ml-team",
      source: { schema: "crm", table: "customers", catalog: "iceberg", filter_sql: "x > 1" },
      target: { schema: "scores", table: "churn", catalog: "iceberg" },
      schedule: "0 3 * * *",
      rerun_behavior: "overwrite_partition",
      partition_column: "scored_at",
      trigger_now: false,
    });
  });

  test("a batch deployment without a schedule sends null: manual runs only", () => {
    expect(createRequest(accepted({ ...batch, schedule: undefined })).schedule).toBeNull();
  });

  const live = (over: Partial<Deployment>): Deployment => ({
    deployment_id: "d1",
    name: "churn-online",
    type: "online",
    status: "active",
    domain: "marketing",
    owner: "ml-team",
    model: { model_name: "churn", model_version: "3" },
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
    replica_count: 2,
    ready_replicas: 2,
    ...over,
  });

  test.each([
    ["active with every replica ready", {}, "done"],
    ["active with a replica not ready", { ready_replicas: 1 }, "waiting"],
    ["deploying", { status: "deploying" }, "waiting"],
    ["failed", { status: "failed", error_message: "OOMKilled" }, "failed"],
    ["stopped", { status: "stopped" }, "failed"],
    ["an active batch deployment", { type: "batch", replica_count: null, ready_replicas: null }, "done"],
  ])("readiness of a deployment %s", (_why, over, expected) => {
    const outcome = readiness(live(over));
    const kind = "failed" in outcome ? "failed" : outcome.done ? "done" : "waiting";
    expect(kind).toBe(expected);
  });

  test("a failure says the API's error message", () => {
    expect(readiness(live({ status: "failed", error_message: "OOMKilled" }))).toEqual({
      failed: "it failed: OOMKilled",
    });
  });

  test("outputs carry every response field in camelCase, and the inputs", () => {
    const out = resourceOutputs(
      { inputs: ModelDeploymentInputs, outputs: ModelDeploymentOutputs },
      accepted(online),
      live({
        resolved_model_version: "3",
        service_url: "https://s",
        last_run: { run_id: "r", rows_scored: 5 },
      }),
      { live: false },
    );
    expect(out).toMatchObject({
      model: "churn",
      name: "churn-online",
      deploymentId: "d1",
      status: "active",
      resolvedModelVersion: "3",
      serviceUrl: "https://s",
      replicaCount: 2,
      readyReplicas: 2,
      dagId: null,
      lastRun: { runId: "r", rowsScored: 5, airflowRunId: null },
      errorMessage: null,
      stoppedAt: null,
      createdAt: "2026-01-01T00:00:00Z",
    });
  });

  test("an id is the model and the name; a model name may hold what a name cannot", () => {
    expect(parseId("churn.v2/churn-online")).toEqual({ model: "churn.v2", name: "churn-online" });
  });
});

describe("the client", () => {
  test("encodes the model and name in the path and sends the key as a Bearer token", async () => {
    const seen: Array<{ url: string; method?: string; auth: string | null; body?: unknown }> = [];
    const client = new Nx1Client({
      apiKey: "k-123456",
      apiUrl: "https://nx1.example/base",
      fetch: (async (input: URL, init: RequestInit) => {
        seen.push({
          url: input.pathname,
          method: init.method,
          auth: new Headers(init.headers).get("authorization"),
          body: init.body && JSON.parse(String(init.body)),
        });
        return init.method === "DELETE"
          ? new Response(null, { status: 204 })
          : new Response('{"detail":"bad roles"}', { status: 400 });
      }) as typeof fetch,
    });
    await client.deleteDeployment("churn model", "churn-online");
    await expect(client.setAllowedRoles("churn", "c", ["a"])).rejects.toThrow(
      /PUT .*allowed_roles failed with status 400/,
    );
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      "DELETE /base/api/models/churn%20model/deployments/churn-online",
      "PUT /base/api/models/churn/deployments/c/allowed_roles",
    ]);
    expect(seen[1]?.body).toEqual({ allowed_roles: ["a"] });
    expect(seen.every((s) => s.auth === "Bearer k-123456")).toBe(true);
  });

  test.each([
    ['{"detail":"Deployment not found"}', "Deployment not found"],
    [
      '{"detail":[{"loc":["body","name"],"msg":"String should match pattern"},{"loc":["body","model"],"msg":"Value error"}]}',
      "name: String should match pattern; model: Value error",
    ],
    ["<html>Bad Gateway</html>", "<html>Bad Gateway</html>"],
    ["", "(empty body)"],
  ])("words the error body %j as %j", (body, detail) => {
    expect(errorDetail(body)).toBe(detail);
  });
});

describe("the ModelDeployment resource", () => {
  const created: Array<{ type: string; inputs: Record<string, unknown> }> = [];
  beforeAll(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          created.push({ type: args.type, inputs: args.inputs });
          return { id: "churn/churn-online", state: args.inputs };
        },
        call: () => ({}),
      },
      "project",
      "stack",
      true,
    );
  });

  test("has its type token and a small serialized provider that loads the implementation by name", async () => {
    const { nx1 } = await import("../../provider");
    const deployment = new nx1.ModelDeployment("churn", { ...online, type: "online", apiKey: "key-value" });
    await new Promise<void>((resolve) => deployment.urn.apply(() => resolve()));
    expect(created[0]?.type).toBe("pulumi-nodejs:dynamic/nx1:ModelDeployment");
    const text = String(created[0]?.inputs.__provider);
    expect(Buffer.byteLength(text)).toBeLessThan(8 * 1024);
    expect(text).toContain('.target = "pulumi-dedicated-deployments/dist/provider/nx1/provider"');
    expect(text).toContain('.exportName = "ModelDeploymentProvider"');
    expect(text).not.toContain("key-value");
  });
});

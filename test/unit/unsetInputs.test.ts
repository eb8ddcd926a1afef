/**
 * An optional input the program leaves unset is no opinion: whatever the API reports for it (true or false,
 * present or absent) plans no change; a value the program sets is compared with what the API holds; removing
 * a value the program had set is a change. Checked at the core rule and at each platform's check and diff.
 */
import { z } from "zod";
import { type Props, withoutProvider } from "../../provider/core/dynamic";
import { field } from "../../provider/core/fields";
import {
  markRemoved,
  recordedInputs,
  sameWhereSet,
  settledInputs,
  withoutRemovalMarks,
} from "../../provider/core/unset";
import { ModelDeploymentProvider } from "../../provider/nx1/provider";
import { DeploymentProvider as PaperspaceProvider } from "../../provider/paperspace/provider";
import { DedicatedDeploymentProvider } from "../../provider/roboflow/provider";
import { DeploymentProvider as ShipyardProvider } from "../../provider/shipyard/provider";
import { DeploymentInputs as ShipyardInputs } from "../../provider/shipyard/schema";

const inner = z.strictObject({ size: z.number(), extra: z.number().optional() });
const schema = z.strictObject({
  name: field(z.string(), { change: "replace", type: "string", wire: "name", live: true }),
  keep: field(z.boolean().optional(), { change: "replace", type: "boolean", wire: "keep" }),
  from: field(z.string().optional(), { change: "replace", type: "string", identity: true }),
  box: field(inner, { change: "update", type: "object" }),
});

describe("the core rule", () => {
  test("check marks an optional input the program set last time and no longer sets as removed, at any depth", () => {
    const olds = { name: "a", keep: true, box: { size: 1, extra: 2 } };
    expect(markRemoved(schema.shape, olds, { name: "a", box: { size: 1 } })).toEqual({
      name: "a",
      keep: null,
      box: { size: 1, extra: null },
    });
    expect(markRemoved(schema.shape, { name: "a", keep: null }, { name: "a" })).toEqual({ name: "a" });
  });

  test.each([
    ["unset", undefined, true],
    ["the same", 1, true],
    ["another", 3, false],
    ["removed", null, false],
  ])("a nested value %s compares as asking for nothing else: %s", (_what, extra, same) => {
    expect(sameWhereSet(inner, { size: 1, extra: 1 }, { size: 1, extra })).toBe(same);
  });

  test("an update keeps what state holds where the program has no opinion, never for an identity input", () => {
    const olds = { name: "a", keep: true, from: "x", box: { size: 1, extra: 2 } };
    expect(settledInputs(schema, olds, { name: "a", box: { size: 5 } })).toEqual({
      name: "a",
      keep: true,
      box: { size: 5, extra: 2 },
    });
  });

  test("a read records an optional input only where the program set it, or where it is an identity", () => {
    const found = { name: "a", keep: true, from: "x", box: { size: 1 } };
    expect(recordedInputs(schema, found, {})).toEqual({ name: "a", from: "x", box: { size: 1 } });
    expect(recordedInputs(schema, found, { keep: false })).toEqual(found);
  });
});

interface Planner {
  check(olds: Props, news: Props): Promise<{ inputs: Props }>;
  diff(id: string, olds: Props, news: Props): Promise<{ changes?: boolean; replaces?: string[] }>;
}

/**
 * Check then diff, as the engine runs them: `lastInputs` the program's last inputs; the state, the inputs
 * `stateOf` checks (defaults filled in) with what the API reports (`api`) over them.
 */
async function plan(provider: Planner, lastInputs: Props, state: Props, program: Props) {
  const { inputs } = await provider.check(lastInputs, { ...program, apiKey: "k" });
  return provider.diff("id", { ...state, apiKey: "k" }, inputs);
}

async function stateOf(provider: Planner, inputs: Props, api: Props): Promise<Props> {
  const checked = (await provider.check({}, { ...inputs, apiKey: "k" })).inputs;
  return { ...checked, ...api };
}

describe("Roboflow's deleteOnExpiration", () => {
  const provider = new DedicatedDeploymentProvider({ env: {} });
  const program = { deploymentName: "dev-testing", machineType: "dev-gpu", creatorEmail: "ops@example.com" };
  let state: Props;
  beforeAll(async () => {
    state = await stateOf(provider, program, {});
  });

  test.each([
    ["true", { deleteOnExpiration: true }],
    ["false", { deleteOnExpiration: false }],
    ["absent", {}],
  ])("an import finding it %s plans no change for a program that leaves it unset", async (_what, api) => {
    const diff = await plan(provider, program, { ...state, ...api }, program);
    expect(diff).toMatchObject({ changes: false, replaces: [] });
  });

  test.each([
    [true, true, false],
    [false, false, false],
    [true, false, true],
    [false, true, true],
  ])("the API holding %s and the program setting %s: a change is %s", async (api, set, change) => {
    const diff = await plan(
      provider,
      program,
      { ...state, deleteOnExpiration: api },
      {
        ...program,
        deleteOnExpiration: set,
      },
    );
    expect(diff.changes).toBe(change);
    expect(diff.replaces).toEqual(change ? ["deleteOnExpiration"] : []);
  });

  test("removing a value the program had set replaces the deployment, with it not sent", async () => {
    const last = { ...program, deleteOnExpiration: true };
    const diff = await plan(provider, last, { ...state, deleteOnExpiration: true }, program);
    expect(diff).toMatchObject({ changes: true, replaces: ["deleteOnExpiration"] });
    // Once done (the mark recorded as the last inputs), the same program plans nothing, whatever the API says.
    const after = await plan(
      provider,
      { ...program, deleteOnExpiration: null },
      { ...state, deleteOnExpiration: true },
      program,
    );
    expect(after.changes).toBe(false);
  });
});

describe("the other platforms' optional inputs", () => {
  test.each([
    ["healthChecks", { healthChecks: { liveness: { path: "/health" } } }],
    [
      "autoscaling",
      {
        resources: {
          machineType: "C4",
          replicas: 1,
          autoscaling: { enabled: true, maxReplicas: 3, metrics: [{ metric: "cpu", target: 50 }] },
        },
      },
    ],
    ["env", { env: { A: "1" } }],
  ])("Paperspace: the API holding %s plans no change for a program without it", async (_what, api) => {
    const provider = new PaperspaceProvider({ env: {} });
    const program = {
      projectId: "p",
      name: "web",
      image: "nginx",
      port: 80,
      resources: { machineType: "C4" },
    };
    const state = await stateOf(provider, program, api);
    expect((await plan(provider, program, state, program)).changes).toBe(false);
    const removed = await plan(provider, { ...program, ...api }, state, program);
    expect(removed.changes).toBe(true);
  });

  test.each([
    ["allowedRoles", { allowedRoles: ["ops"] }],
    ["rerunBehavior", { rerunBehavior: "append_dedup" }],
  ])("NX1: the API holding %s plans no change for a program without it", async (_what, api) => {
    const provider = new ModelDeploymentProvider({ env: { NX1_API_URL: "https://nx1.example.com" } });
    const program = { model: "m", name: "n", modelVersion: "1", type: "online", domain: "d", owner: "o" };
    const state = await stateOf(provider, program, api);
    expect((await plan(provider, program, state, program)).changes).toBe(false);
    expect((await plan(provider, { ...program, ...api }, state, program)).changes).toBe(true);
  });

  test.each([
    ["on", { autoUpdate: { enabled: true, strategy: "rolling" } }],
    ["off", { autoUpdate: { enabled: false, strategy: "rolling" } }],
    ["absent", {}],
  ])("Shipyard: auto-update %s at the API plans no change for a program without it", async (_what, api) => {
    const provider = new ShipyardProvider({ env: { SHIPYARD_API_URL: "https://shipyard.example.com" } });
    const program = { template: "jupyter" };
    const state = await stateOf(provider, program, { name: "jupyter-x1", status: "Ready", ...api });
    expect((await plan(provider, program, state, program)).changes).toBe(false);
  });
});

describe("Roboflow's inferenceVersion left unset", () => {
  const provider = new DedicatedDeploymentProvider({ env: {} });
  const program = { deploymentName: "dev-testing", machineType: "dev-gpu", creatorEmail: "ops@example.com" };
  const running = { resolvedInferenceVersion: "0.45.0" };

  test("after a state whose inputs recorded latest (as 0.1.0's check filled it in) plans no change", async () => {
    const state = await stateOf(provider, program, { inferenceVersion: "latest", ...running });
    const diff = await plan(provider, { ...program, inferenceVersion: "latest" }, state, program);
    expect(diff).toMatchObject({ changes: false, replaces: [] });
  });

  test("after a pinned version the program no longer sets replaces, asking for latest", async () => {
    const state = await stateOf(provider, program, { inferenceVersion: "0.44.0", ...running });
    const diff = await plan(provider, { ...program, inferenceVersion: "0.44.0" }, state, program);
    expect(diff).toMatchObject({ changes: true, replaces: ["inferenceVersion"] });
  });
});

describe("inputs with a default the program leaves unset", () => {
  const shipyard = new ShipyardProvider({ env: { SHIPYARD_API_URL: "https://shipyard.example.com" } });
  const roboflow = new DedicatedDeploymentProvider({ env: {} });
  const paperspace = new PaperspaceProvider({ env: {} });
  const machine = { machineType: "C4" };
  const top = (key: string) => (value: unknown) => (value === undefined ? {} : { [key]: value });
  // Each case: the platform, the program, how a value of the input reads, its default and another value.
  const cases: Array<[string, Planner, Props, (value: unknown) => Props, unknown, unknown]> = [
    ["Shipyard visibility", shipyard, { template: "jupyter" }, top("visibility"), "public", "internal"],
    [
      "Roboflow minReplicas",
      roboflow,
      { deploymentName: "dev-testing", machineType: "dev-gpu", creatorEmail: "ops@example.com" },
      top("minReplicas"),
      1,
      3,
    ],
    [
      "Roboflow paused",
      roboflow,
      { deploymentName: "dev-testing", machineType: "dev-gpu", creatorEmail: "ops@example.com" },
      top("paused"),
      false,
      true,
    ],
    [
      "Paperspace enabled",
      paperspace,
      { projectId: "p", name: "web", image: "nginx", port: 80, resources: machine },
      top("enabled"),
      true,
      false,
    ],
    [
      "Paperspace resources.replicas",
      paperspace,
      { projectId: "p", name: "web", image: "nginx", port: 80, resources: machine },
      (value) => ({ resources: value === undefined ? machine : { ...machine, replicas: value } }),
      1,
      2,
    ],
  ];

  test.each(cases)(
    "%s: the API holding the default, another value, or none plans no change",
    async (_what, provider, program, at, fallback, other) => {
      const state = await stateOf(provider, program, {});
      for (const api of [fallback, other, undefined]) {
        const diff = await plan(provider, program, { ...state, ...at(api) }, program);
        expect(diff).toMatchObject({ changes: false, replaces: [] });
      }
    },
  );

  test.each(cases)(
    "%s: a value the program sets is compared with what the API holds",
    async (_what, provider, program, at, fallback, other) => {
      const state = await stateOf(provider, program, {});
      const set = { ...program, ...at(other) };
      expect((await plan(provider, set, { ...state, ...at(other) }, set)).changes).toBe(false);
      expect((await plan(provider, set, { ...state, ...at(fallback) }, set)).changes).toBe(true);
    },
  );

  test.each(cases)(
    "%s: removing a set value is a change to the default",
    async (_what, provider, program, at, fallback, other) => {
      const state = await stateOf(provider, program, {});
      const last = { ...program, ...at(other) };
      expect((await plan(provider, last, { ...state, ...at(other) }, program)).changes).toBe(true);
      // The API holding the default already: nothing to change.
      expect((await plan(provider, last, { ...state, ...at(fallback) }, program)).changes).toBe(false);
    },
  );

  test("Shipyard: a create sends the default; an update keeps what the API holds", async () => {
    const checked = (await shipyard.check({}, { template: "jupyter", apiKey: "k" })).inputs;
    expect(checked).not.toHaveProperty("visibility");
    expect(ShipyardInputs.parse(withoutProvider(checked))).toMatchObject({ visibility: "public" });
    const update = settledInputs(ShipyardInputs, { template: "jupyter", visibility: "internal" }, checked);
    expect(update).toMatchObject({ visibility: "internal" });
    const removed = (
      await shipyard.check({ template: "jupyter", visibility: "internal" }, { template: "jupyter" })
    ).inputs;
    expect(removed.visibility).toBeNull();
    expect(
      ShipyardInputs.parse(withoutRemovalMarks(ShipyardInputs.shape, withoutProvider(removed))),
    ).toMatchObject({
      visibility: "public",
    });
  });

  test("a client-side setting's default is filled in by check, as before", async () => {
    const checked = (
      await shipyard.check({ template: "jupyter", waitForReady: false }, { template: "jupyter" })
    ).inputs;
    expect(checked).toMatchObject({ waitForReady: true, readyTimeoutMinutes: 20 });
  });
});

import { checkInputs, diffByKeys, PROVIDER_KEY, UNKNOWN, withoutProvider } from "../../provider/core/dynamic";
import { diffKeys } from "../../provider/core/fields";
import { DedicatedDeploymentProvider } from "../../provider/roboflow/provider";
import { DedicatedDeploymentInputs } from "../../provider/roboflow/schema";

const valid = { deploymentName: "dev-testing", machineType: "dev-gpu", creatorEmail: "dev@example.com" };

describe("checkInputs", () => {
  test("returns the defaulted inputs without the serialized provider, and no failures", () => {
    const result = checkInputs(DedicatedDeploymentInputs, { ...valid, [PROVIDER_KEY]: "text" });
    expect(result.failures).toEqual([]);
    expect(result.inputs).toMatchObject({ ...valid, duration: 3, minReplicas: 1 });
    expect(PROVIDER_KEY in result.inputs).toBe(false);
    expect(result.parsed?.inferenceVersion).toBe("latest");
  });

  test("names each failing property with a readable reason", () => {
    const result = checkInputs(DedicatedDeploymentInputs, {
      ...valid,
      deploymentName: "X",
      duration: -1,
      inferenceVersion: "newest",
    });
    expect(result.failures.map((f) => f.property).sort()).toEqual([
      "deploymentName",
      "duration",
      "inferenceVersion",
    ]);
    expect(result.failures.find((f) => f.property === "duration")?.reason).toBe("must be more than 0 hours");
    expect(result.parsed).toBeUndefined();
  });

  test("names an unknown property and says it is unknown", () => {
    const result = checkInputs(DedicatedDeploymentInputs, { ...valid, region: "eu" });
    expect(result.failures).toEqual([{ property: "region", reason: 'unknown property "region"' }]);
  });

  test("does not judge properties whose value is not known yet", () => {
    const result = checkInputs(DedicatedDeploymentInputs, {
      ...valid,
      deploymentName: UNKNOWN,
      creatorEmail: UNKNOWN,
      maxReplicas: UNKNOWN,
      minReplicas: 2,
    });
    expect(result.failures).toEqual([]);
  });

  test("still judges the known properties next to unknown ones", () => {
    const result = checkInputs(DedicatedDeploymentInputs, { ...valid, machineType: UNKNOWN, duration: 0 });
    expect(result.failures.map((f) => f.property)).toEqual(["duration"]);
  });

  test("withoutProvider drops only the serialized provider", () => {
    expect(withoutProvider({ a: 1, [PROVIDER_KEY]: "x" })).toEqual({ a: 1 });
  });
});

describe("diffByKeys", () => {
  const spec = { replaceKeys: ["name", "size"], updateKeys: ["paused"] };

  test("reports no change, with changes set to false rather than left out", () => {
    const result = diffByKeys(
      { name: "a", size: 1, paused: false },
      { name: "a", size: 1, paused: false },
      spec,
    );
    expect(result).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  test("names the replaced keys", () => {
    const result = diffByKeys({ name: "a", size: 1 }, { name: "b", size: 2 }, spec);
    expect(result.changes).toBe(true);
    expect(result.replaces).toEqual(["name", "size"]);
  });

  test("reports an update-only change with nothing to replace", () => {
    const result = diffByKeys({ name: "a", paused: false }, { name: "a", paused: true }, spec);
    expect(result).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  test("counts a value not known yet as a change", () => {
    expect(diffByKeys({ name: "a" }, { name: UNKNOWN }, spec).replaces).toEqual(["name"]);
    expect(diffByKeys({ paused: true }, { paused: UNKNOWN }, spec).changes).toBe(true);
  });

  test("treats a missing value and undefined alike", () => {
    expect(diffByKeys({ name: "a" }, { name: "a", size: undefined }, spec).changes).toBe(false);
  });

  test("ignores keys the spec does not name", () => {
    expect(diffByKeys({ name: "a", status: "ready" }, { name: "a" }, spec).changes).toBe(false);
  });

  test("asks for delete-before-replace only when something is replaced", () => {
    const always = { ...spec, deleteBeforeReplace: () => true };
    expect(diffByKeys({ paused: false }, { paused: true }, always).deleteBeforeReplace).toBe(false);
    expect(diffByKeys({ size: 1 }, { size: 2 }, always).deleteBeforeReplace).toBe(true);
  });
});

describe("DedicatedDeploymentProvider.diff", () => {
  const provider = new DedicatedDeploymentProvider({ env: {} });
  const olds = {
    ...DedicatedDeploymentInputs.parse(valid),
    deploymentId: "abc",
    status: "ready",
    resolvedInferenceVersion: "0.45.0",
    [PROVIDER_KEY]: "old provider text",
  };
  const news = { ...DedicatedDeploymentInputs.parse(valid), [PROVIDER_KEY]: "new provider text" };

  test("reports no change when the inputs match the outputs", async () => {
    expect(await provider.diff("dev-testing", olds, news)).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  test.each([
    ["machineType", "prod-gpu"],
    ["creatorEmail", "other@example.com"],
    ["duration", 8],
    ["inferenceVersion", "0.44.0"],
    ["minReplicas", 2],
    ["maxReplicas", 2],
    ["deleteOnExpiration", true],
  ])(
    "replaces the deployment, deleting it first, when %s changes and the name is kept",
    async (key, value) => {
      const result = await provider.diff("dev-testing", olds, { ...news, [key]: value });
      expect(result).toEqual({ changes: true, replaces: [key], deleteBeforeReplace: true });
    },
  );

  test.each(["expired", "deleting"])(
    "replaces a deployment a refresh found %s, deleting it first, though the inputs match",
    async (status) => {
      const result = await provider.diff("dev-testing", { ...olds, status }, news);
      expect(result).toEqual({ changes: true, replaces: ["status"], deleteBeforeReplace: true });
    },
  );

  test("replaces without deleting first when the name changes", async () => {
    const result = await provider.diff("dev-testing", olds, { ...news, deploymentName: "dev-other" });
    expect(result).toEqual({ changes: true, replaces: ["deploymentName"], deleteBeforeReplace: false });
  });

  test("does not delete first when the name changes along with another replaced input", async () => {
    const result = await provider.diff("dev-testing", olds, {
      ...news,
      deploymentName: "dev-other",
      machineType: "prod-gpu",
    });
    expect(result.replaces).toEqual(["deploymentName", "machineType"]);
    expect(result.deleteBeforeReplace).toBe(false);
  });

  test.each([
    ["paused", true],
    ["waitForReady", false],
    ["readyTimeoutMinutes", 5],
    ["adopt", true],
    ["apiKey", "another-key"],
  ])("updates %s in place", async (key, value) => {
    expect(await provider.diff("dev-testing", olds, { ...news, [key]: value })).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  test("counts an unknown name as a replacement that does not delete first", async () => {
    const result = await provider.diff("dev-testing", olds, { ...news, deploymentName: UNKNOWN });
    expect(result).toEqual({ changes: true, replaces: ["deploymentName"], deleteBeforeReplace: false });
  });

  test("counts an unknown in-place input as a change", async () => {
    const result = await provider.diff("dev-testing", olds, { ...news, paused: UNKNOWN });
    expect(result).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  test("keeps every input either replaced or updated, none forgotten", () => {
    const all = Object.keys(DedicatedDeploymentInputs.shape).sort();
    const { replaceKeys, updateKeys } = diffKeys(DedicatedDeploymentInputs);
    expect([...replaceKeys, ...updateKeys].sort()).toEqual(all);
  });
});

/**
 * An optional input the program did not set, whose API value is the one an unset input gets
 * (`whenUnset`), compares equal to unset: read does not record it on an import, and the diff sees no change.
 */
import { z } from "zod";
import { field, inputsFromApi, withUnsetAsApi } from "../../provider/core/fields";
import { DedicatedDeploymentProvider } from "../../provider/roboflow/provider";
import { DedicatedDeploymentInputs } from "../../provider/roboflow/schema";

const schema = z.strictObject({
  name: field(z.string(), { change: "replace", type: "string", wire: "name", live: true }),
  keep: field(z.boolean().optional(), { change: "replace", type: "boolean", wire: "keep", whenUnset: false }),
  note: field(z.string().optional(), { change: "replace", type: "string", wire: "note" }),
});

describe("inputsFromApi", () => {
  test("an import does not record an input whose API value is the one an unset input gets", () => {
    expect(inputsFromApi(schema, {}, { name: "a", keep: false, note: "n" })).toEqual({
      name: "a",
      note: "n",
    });
  });

  test("an import records an input whose API value differs from unset", () => {
    expect(inputsFromApi(schema, {}, { name: "a", keep: true })).toEqual({ name: "a", keep: true });
  });

  test("a refresh keeps the stored value, even when it equals the API's value for unset", () => {
    expect(inputsFromApi(schema, { keep: false }, { name: "a", keep: false })).toEqual({
      name: "a",
      keep: false,
    });
  });
});

describe("withUnsetAsApi", () => {
  test("fills unset inputs that have a whenUnset with it on both sides, and leaves the rest alone", () => {
    expect(withUnsetAsApi(schema, { name: "a", keep: false }, { name: "a" })).toEqual({
      olds: { name: "a", keep: false },
      news: { name: "a", keep: false },
    });
    expect(withUnsetAsApi(schema, { name: "a" }, { name: "a", note: "n" }).news).toEqual({
      name: "a",
      keep: false,
      note: "n",
    });
  });
});

describe("the Roboflow diff of deleteOnExpiration", () => {
  const provider = new DedicatedDeploymentProvider({ env: {} });
  const inputs = DedicatedDeploymentInputs.parse({
    deploymentName: "dev-testing",
    machineType: "dev-gpu",
    creatorEmail: "ops@example.com",
  });
  const { deleteOnExpiration: _unset, ...unset } = inputs;

  test.each([
    ["false in state, unset in the program", { deleteOnExpiration: false }, {}],
    ["unset in state, false in the program", {}, { deleteOnExpiration: false }],
    ["unset on both sides", {}, {}],
  ])("plans no change with %s", async (_what, old, next) => {
    const diff = await provider.diff("dev-testing", { ...unset, ...old }, { ...unset, ...next });
    expect(diff).toMatchObject({ changes: false, replaces: [] });
  });

  test("still replaces when the API deletes on expiry and the program leaves it unset (the default keeps it)", async () => {
    const diff = await provider.diff("dev-testing", { ...unset, deleteOnExpiration: true }, unset);
    expect(diff).toMatchObject({ changes: true, replaces: ["deleteOnExpiration"] });
  });

  test.each([
    ["latest, running 0.45.0", "latest", "0.45.0", false],
    ["0.45.0 pinned, running 0.45.0", "0.45.0", "0.45.0", false],
    ["0.38.1 pinned, running 0.45.0", "0.38.1", "0.45.0", true],
  ])(
    "inferenceVersion after an import reading latest: the program says %s",
    async (_what, asked, running, change) => {
      const olds = { ...unset, inferenceVersion: "latest", resolvedInferenceVersion: running };
      const diff = await provider.diff("dev-testing", olds, { ...unset, inferenceVersion: asked });
      expect(diff.changes).toBe(change);
    },
  );

  test("a program moving from a pinned version to latest still replaces: it asks for the newest", async () => {
    const olds = { ...unset, inferenceVersion: "0.38.1", resolvedInferenceVersion: "0.38.1" };
    const diff = await provider.diff("dev-testing", olds, { ...unset, inferenceVersion: "latest" });
    expect(diff).toMatchObject({ changes: true, replaces: ["inferenceVersion"] });
  });
});

/**
 * One platform's native plugin under the real engine, from a Pulumi YAML program using the packed package
 * installed outside the repository: create and wait, a no-change preview with no API call, an in-place
 * change, a replacing change, an invoke of a lookup, `pulumi import` and the `import` option with no write
 * and no diff after,
 * refresh dropping an out-of-band delete, `customTimeouts` ending a wait with the resource recorded,
 * destroy, and no secret in state, CLI output or engine events. Each platform's file gives a {@link YamlPlatform}.
 */
import { createEmulator, type Emulator, type EmulatorOptions } from "../../emulator";
import type { Props } from "../../provider/core/dynamic";
import { resourcesOfType } from "../../scenarios/engine";
import { createYamlStack, type YamlResource } from "../../scenarios/native";

/** The provider class of a platform, used out of band (as someone outside the stack would). */
export interface OutOfBandProvider {
  configureFrom(get: (key: string) => string | undefined): void;
  check(olds: Props, news: Props): Promise<{ inputs?: unknown; failures?: unknown[] }>;
  create(inputs: never): Promise<{ id?: string; outs: object }>;
  delete(id: string, props: never): Promise<void>;
}

export interface YamlPlatform {
  namespace: string;
  type: string;
  apiKey: string;
  /** The emulator's options (its platform, timings), less the key. */
  emulator: Record<string, unknown>;
  /** The inputs of a deployment called `name`; `variant` picks the in-place or the replacing change. */
  properties(name: string, variant?: "inPlace" | "replacing"): Record<string, unknown>;
  /** The provider class, for out-of-band creates and deletes. */
  outOfBand(): OutOfBandProvider;
  /** An invoke of one of the platform's lookups about the deployment of `id`, and the output it gives. */
  lookup(id: string): { function: string; arguments: Record<string, unknown>; return: string };
  /** Secret inputs' values, which must appear nowhere. */
  secrets: string[];
  /** Deployments the API still holds, for the destroy check. */
  live(store: unknown): number;
}

const isWrite = (call: string) => !call.startsWith("GET ");

export function yamlPlatformSuite(p: YamlPlatform): void {
  let emulator: Emulator;
  let t: Awaited<ReturnType<typeof createYamlStack>>;
  let program: Record<string, YamlResource>;
  let firstId = "";
  let importedId = "";
  let importedOuts: object = {};
  const res = (name: string, variant?: "inPlace" | "replacing", options?: Record<string, unknown>) => ({
    type: p.type,
    properties: p.properties(name, variant),
    ...(options ? { options } : {}),
  });
  const apply = (
    next: Record<string, YamlResource>,
    outs?: Record<string, string>,
    vars?: Record<string, unknown>,
  ) => {
    program = next;
    t.write(program, outs, vars);
  };
  const writes = () =>
    Object.entries(emulator.requests.counts())
      .filter(([call]) => isWrite(call))
      .reduce((n, [, count]) => n + count, 0);
  const ids = async () => resourcesOfType(await t.exportState(), p.type).map((r) => r.id ?? "");
  const config = () => ({
    [`${p.namespace}:apiUrl`]: { value: emulator.url },
    [`${p.namespace}:apiKey`]: { value: p.apiKey, secret: true },
  });
  const outOfBand = () => {
    const provider = p.outOfBand();
    provider.configureFrom(
      (key) => ({ [`${p.namespace}:apiUrl`]: emulator.url, [`${p.namespace}:apiKey`]: p.apiKey })[key],
    );
    return provider;
  };

  beforeAll(async () => {
    emulator = await createEmulator({ ...p.emulator, apiKey: p.apiKey } as EmulatorOptions);
    program = { one: res("yaml-one") };
    t = await createYamlStack(`yaml${p.namespace}`, program, config());
  });
  afterAll(async () => {
    await t?.remove();
    await emulator?.close();
  });

  test("a first preview plans the create and writes nothing to the API", async () => {
    const preview = await t.preview();
    expect(preview.changeSummary).toEqual({ create: 2 });
    expect(writes()).toBe(0);
    expect(p.live(emulator.store)).toBe(0);
  });

  test("up creates the deployment through the plugin and waits for it", async () => {
    const up = await t.runCli(["up", "--yes", "--skip-preview"]);
    expect(up.text).not.toMatch(/error:/);
    expect(up.code).toBe(0);
    [firstId] = await ids();
    expect(firstId).not.toBe("");
    expect(p.live(emulator.store)).toBe(1);
  });

  test("a second preview shows no changes and makes no API call", async () => {
    emulator.requests.reset();
    const preview = await t.preview();
    expect(preview.changeSummary).toEqual({ same: 2 });
    expect(emulator.requests.counts()).toEqual({});
  });

  test("an in-place change updates it", async () => {
    apply({ one: res("yaml-one", "inPlace") });
    const up = await t.up();
    expect(up.summary.resourceChanges).toEqual({ same: 1, update: 1 });
  });

  test("a replacing change replaces it", async () => {
    apply({ one: res("yaml-one", "replacing") });
    const up = await t.up();
    expect(up.summary.resourceChanges).toEqual({ same: 1, replace: 1 });
    [firstId] = await ids();
    expect(p.live(emulator.store)).toBe(1);
  });

  test("an invoke of a lookup answers about the deployment", async () => {
    const lookup = p.lookup(firstId);
    apply(
      program,
      { looked: ["$", "{looked}"].join("") },
      {
        looked: {
          "fn::invoke": { function: lookup.function, arguments: lookup.arguments, return: lookup.return },
        },
      },
    );
    const up = await t.up();
    expect(up.outputs.looked?.value).toBeDefined();
    expect(JSON.stringify(up.outputs.looked?.value)).not.toBe("null");
  });

  test("pulumi import brings a deployment made elsewhere under management with no write, and no diff after", async () => {
    const provider = outOfBand();
    const checked = await provider.check({}, p.properties("yaml-two"));
    expect(checked.failures ?? []).toEqual([]);
    const made = await provider.create(checked.inputs as never);
    importedId = made.id ?? "";
    importedOuts = made.outs;
    emulator.requests.reset();
    // The CLI's generated code would print the secret inputs read back in plaintext (the engine's code
    // generator shows secrets as values), so the import writes none; the program declares it below.
    const imported = await t.runCli([
      "import",
      p.type,
      "two",
      importedId,
      "--yes",
      "--protect=false",
      "--generate-code=false",
    ]);
    expect(imported.text).not.toMatch(/error/i);
    expect(imported.code).toBe(0);
    expect(writes()).toBe(0);
    apply({ ...program, two: res("yaml-two") });
    const preview = await t.preview();
    expect(preview.changeSummary).toEqual({ same: 3 });
  });

  test("refresh drops a deployment deleted out of band", async () => {
    await outOfBand().delete(importedId, importedOuts as never);
    const refresh = await t.refresh();
    expect(refresh.summary.resourceChanges?.delete).toBe(1);
    expect(await ids()).toEqual([firstId]);
    const { two: _dropped, ...rest } = program;
    apply(rest);
  });

  test("the import option adopts a deployment made elsewhere with no write, and no diff after", async () => {
    const provider = outOfBand();
    const checked = await provider.check({}, p.properties("yaml-three"));
    const made = await provider.create(checked.inputs as never);
    emulator.requests.reset();
    apply({ ...program, three: res("yaml-three", undefined, { import: made.id }) });
    const up = await t.up();
    expect(up.summary.resourceChanges).toEqual({ same: 2, import: 1 });
    expect(writes()).toBe(0);
    apply({ ...program, three: res("yaml-three") });
    expect((await t.preview()).changeSummary).toEqual({ same: 3 });
  });

  test("customTimeouts.create ends the wait, and the deployment is recorded", async () => {
    apply({ ...program, slow: res("yaml-slow", undefined, { customTimeouts: { create: "1s" } }) });
    const up = await t.runCli(["up", "--yes", "--skip-preview"]);
    expect(up.code).not.toBe(0);
    expect(up.text).toMatch(/timed out after 1 s/);
    expect((await ids()).length).toBe(3);
  });

  test("destroy leaves no deployment in the API", async () => {
    const destroy = await t.runCli(["destroy", "--yes", "--skip-preview"]);
    expect(destroy.code).toBe(0);
    expect(p.live(emulator.store)).toBe(0);
  });

  test("neither the state, any CLI output nor any engine event shows the key or a secret input", async () => {
    expect(t.events?.length).toBeGreaterThan(10);
    const everything = [await t.exportState(), ...t.output, ...(t.events ?? [])].join("\n");
    expect(everything.length).toBeGreaterThan(1000);
    const shown = [p.apiKey, ...p.secrets].flatMap((secret) =>
      everything.split(secret).length > 1
        ? [everything.slice(everything.indexOf(secret) - 300, everything.indexOf(secret) + 40)]
        : [],
    );
    expect(shown).toEqual([]);
  });
}

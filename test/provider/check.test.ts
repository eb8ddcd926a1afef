import type { Emulator } from "../../emulator";
import { PROVIDER_KEY, UNKNOWN } from "../../provider/core/dynamic";
import { checked, PROVIDER_TEXT, rejection, uniqueName } from "./harness";
import { inputsFor, KEY, roboflowProvider, startRoboflowEmulator } from "./roboflowHarness";

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startRoboflowEmulator();
});
afterAll(() => emulator.close());
beforeEach(() => emulator.requests.reset());

describe("check", () => {
  // The API's defaults (duration, replicas, paused, ...) are left out when unset: no opinion, so the API's
  // value wins in a diff; a create parses the inputs again and sends them. Client-side settings are filled.
  test("returns the inputs with the client-side defaults, and keeps the serialized provider", async () => {
    const { provider } = await roboflowProvider(emulator);
    const inputs = await checked(provider, inputsFor("dev-testing"));
    expect(inputs).toEqual({
      deploymentName: "dev-testing",
      machineType: "dev-gpu",
      creatorEmail: "dev@example.com",
      waitForReady: true,
      readyTimeoutMinutes: 20,
      adopt: false,
      [PROVIDER_KEY]: PROVIDER_TEXT,
    });
  });

  test.each([
    ["deploymentName", "Dev_Testing"],
    ["deploymentName", "abcd"],
    ["deploymentName", "abcdefghijklmnop"],
    ["creatorEmail", "not-an-email"],
    ["duration", 0],
    ["duration", -2],
    ["minReplicas", 1.5],
    ["minReplicas", 0],
    ["maxReplicas", 0],
    ["inferenceVersion", "v1"],
    ["machineType", ""],
    ["paused", "no"],
    ["readyTimeoutMinutes", -1],
  ])("rejects %s = %j, naming the property, with no API call", async (property, value) => {
    const { provider } = await roboflowProvider(emulator);
    const result = await provider.check({}, inputsFor("dev-testing", { [property]: value }));
    // maxReplicas 0 is also below the default minReplicas, which may be reported too.
    expect(result.failures?.map((f) => f.property)).toContain(property);
    expect(result.failures?.find((f) => f.property === property)?.reason).toEqual(expect.any(String));
    expect(emulator.requests.entries).toEqual([]);
  });

  test("rejects minReplicas above maxReplicas, naming minReplicas", async () => {
    const { provider } = await roboflowProvider(emulator);
    const result = await provider.check({}, inputsFor("dev-testing", { minReplicas: 3, maxReplicas: 2 }));
    expect(result.failures).toEqual([
      { property: "minReplicas", reason: "must not be more than maxReplicas" },
    ]);
    expect(emulator.requests.entries).toEqual([]);
  });

  test("rejects an unknown input, naming it", async () => {
    const { provider } = await roboflowProvider(emulator);
    const result = await provider.check({}, inputsFor("dev-testing", { replicas: 2 }));
    expect(result.failures).toEqual([{ property: "replicas", reason: 'unknown property "replicas"' }]);
  });

  test("accepts a duration of 8 hours", async () => {
    const { provider } = await roboflowProvider(emulator);
    const inputs = await checked(provider, inputsFor("dev-testing", { duration: 8 }));
    expect(inputs.duration).toBe(8);
  });

  test("does not judge inputs that are not known yet during preview", async () => {
    const { provider } = await roboflowProvider(emulator);
    const result = await provider.check(
      {},
      inputsFor(UNKNOWN, { creatorEmail: UNKNOWN, maxReplicas: UNKNOWN, minReplicas: 2 }),
    );
    expect(result.failures).toEqual([]);
  });

  test("reports a missing API key, naming no property, when there is no config, environment variable or input", async () => {
    const { provider } = await roboflowProvider(emulator, { config: {}, env: {} });
    const result = await provider.check({}, inputsFor("dev-testing"));
    expect(result.failures).toEqual([{ property: "", reason: expect.stringContaining("roboflow:apiKey") }]);
    expect(result.failures?.[0].reason).toContain("ROBOFLOW_API_KEY");
    expect(emulator.requests.entries).toEqual([]);
  });

  test("accepts a missing apiKey input when the key comes from config or the environment", async () => {
    const fromConfig = await roboflowProvider(emulator, { config: { "roboflow:apiKey": KEY }, env: {} });
    const fromEnv = await roboflowProvider(emulator, { config: {}, env: { ROBOFLOW_API_KEY: KEY } });
    const fromInput = await roboflowProvider(emulator, { config: {}, env: {} });
    await checked(fromConfig.provider, inputsFor("dev-testing"));
    await checked(fromEnv.provider, inputsFor("dev-testing"));
    await checked(fromInput.provider, inputsFor("dev-testing", { apiKey: KEY }));
  });

  test("rejects an invalid apiKey input naming no property, since the engine would print its value", async () => {
    const { provider } = await roboflowProvider(emulator);
    const result = await provider.check({}, inputsFor("dev-testing", { apiKey: 12345 }));
    expect(result.failures).toEqual([
      { property: "", reason: "apiKey: must be a string (its value is not shown)" },
    ]);
  });

  test("accepts an apiKey input that is not known yet", async () => {
    const { provider } = await roboflowProvider(emulator, { config: {}, env: {} });
    const result = await provider.check({}, inputsFor("dev-testing", { apiKey: UNKNOWN }));
    expect(result.failures).toEqual([]);
  });
});

describe("where the API key comes from", () => {
  const wrong = "rfk-not-the-right-key-0000";

  async function createWith(setup: Parameters<typeof roboflowProvider>[1], overrides = {}) {
    const { provider } = await roboflowProvider(emulator, setup);
    const name = uniqueName("key");
    const inputs = await checked(provider, inputsFor(name, overrides));
    return provider.create(inputs);
  }

  test("uses the roboflow:apiKey config, before the environment variable", async () => {
    const result = await createWith({
      config: { "roboflow:apiKey": KEY },
      env: { ROBOFLOW_API_URL: emulator.url, ROBOFLOW_API_KEY: wrong },
    });
    expect(result.outs.status).toBe("ready");
  });

  test("uses ROBOFLOW_API_KEY when there is no config", async () => {
    const result = await createWith({
      config: {},
      env: { ROBOFLOW_API_URL: emulator.url, ROBOFLOW_API_KEY: KEY },
    });
    expect(result.outs.status).toBe("ready");
  });

  test("uses the apiKey input when there is neither config nor environment variable", async () => {
    const result = await createWith({ config: {}, env: { ROBOFLOW_API_URL: emulator.url } }, { apiKey: KEY });
    expect(result.outs.status).toBe("ready");
    expect(result.outs.apiKey).toBe(KEY);
  });

  test("uses the apiKey input for that deployment instead of the stack-wide key", async () => {
    // The apiKey input is documented as "for this deployment only, instead of the roboflow:apiKey config".
    const result = await createWith(
      {
        config: { "roboflow:apiKey": wrong },
        env: { ROBOFLOW_API_URL: emulator.url, ROBOFLOW_API_KEY: wrong },
      },
      { apiKey: KEY },
    );
    expect(result.outs.status).toBe("ready");
  });

  test("sends the configured key: a wrong one is refused by the API", async () => {
    const error = await rejection(
      createWith({ config: { "roboflow:apiKey": wrong }, env: { ROBOFLOW_API_URL: emulator.url } }),
    );
    expect(error.message).toContain("roboflow API GET /get failed with status 401");
    expect(error.message).not.toContain(wrong);
  });

  test("reads the API URL from roboflow:apiUrl", async () => {
    const { provider } = await roboflowProvider(emulator, {
      config: { "roboflow:apiKey": KEY, "roboflow:apiUrl": emulator.url },
      env: {},
    });
    const inputs = await checked(provider, inputsFor(uniqueName("url")));
    expect((await provider.create(inputs)).outs.status).toBe("ready");
  });

  test("fails create clearly when there is no key at all", async () => {
    const { provider } = await roboflowProvider(emulator, {
      config: {},
      env: { ROBOFLOW_API_URL: emulator.url },
    });
    const error = await rejection(provider.create(inputsFor(uniqueName("nokey"))));
    expect(error.message).toContain("no Roboflow API key");
    expect(emulator.requests.entries).toEqual([]);
  });
});

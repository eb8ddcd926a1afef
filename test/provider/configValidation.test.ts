/**
 * The provider config as one typed schema per platform: an `apiUrl` that would carry the key in clear text
 * (http to another machine) or is no URL at all is refused at preview, naming the key, before any request;
 * http to a loopback host (the emulator) and https are accepted; and every surface reads the same keys.
 */
import { apiUrlProblem, resolveConfig } from "../../provider/core/config";
import { PROVIDER_KEY } from "../../provider/core/dynamic";
import { nativeProvider } from "../../provider/native/host";
import { platforms } from "../../provider/native/platforms";
import { settings as paperspace } from "../../provider/paperspace/platform";
import { DeploymentProvider as PaperspaceProvider } from "../../provider/paperspace/provider";
import { getDeployment } from "../../provider/roboflow";
import { settings as roboflow } from "../../provider/roboflow/platform";
import { DedicatedDeploymentProvider } from "../../provider/roboflow/provider";
import { KEY } from "./roboflowHarness";

const inputs = {
  deploymentName: "cfg-check",
  machineType: "dev-gpu",
  creatorEmail: "ops@example.com",
  [PROVIDER_KEY]: "shim",
};

/** A fetch that counts what would reach a server, and answers nothing useful. */
function countingFetch() {
  const calls: string[] = [];
  const fetch = (async (url: string | URL | Request) => {
    calls.push(String(url));
    return new Response("no", { status: 599 });
  }) as typeof globalThis.fetch;
  return { calls, fetch };
}

test.each([
  ["https://roboflow.cloud", undefined],
  ["http://127.0.0.1:8080", undefined],
  ["http://127.4.5.6", undefined],
  ["http://localhost:9", undefined],
  ["http://[::1]:9", undefined],
  ["http://api.example.com", /must use https/],
  ["http://10.0.0.7:8080", /must use https/],
  ["http://127.0.0.1.example.com", /must use https/],
  ["ftp://files.example.com", /must be an https URL/],
  ["roboflow.cloud", /must be an absolute URL/],
])("apiUrl %s is %s", (url, problem) => {
  const found = apiUrlProblem(url);
  if (problem === undefined) {
    expect(found).toBeUndefined();
  } else {
    expect(found).toMatch(problem);
  }
});

test("check refuses an http:// apiUrl to another machine, naming the key, and create sends nothing", async () => {
  const { calls, fetch } = countingFetch();
  const provider = new DedicatedDeploymentProvider({ env: {}, fetch, sleep: async () => {} });
  provider.configureFrom(
    (key) => ({ "roboflow:apiKey": KEY, "roboflow:apiUrl": "http://api.example.com" })[key],
  );
  const checked = await provider.check({}, inputs);
  expect(checked.failures).toEqual([
    {
      property: "",
      reason: expect.stringMatching(/^roboflow:apiUrl \(or ROBOFLOW_API_URL\) must use https/),
    },
  ]);
  await expect(provider.create(checked.inputs as never)).rejects.toThrow(/roboflow:apiUrl .*must use https/);
  await expect(provider.read("cfg-check", {})).rejects.toThrow(/roboflow:apiUrl/);
  expect(calls).toEqual([]);
});

test("the environment's URL is held to the same rule, and its failure never shows the key", async () => {
  const { calls, fetch } = countingFetch();
  const provider = new PaperspaceProvider({
    env: { PAPERSPACE_API_URL: "http://10.0.0.7/v1", PAPERSPACE_API_KEY: KEY },
    fetch,
  });
  provider.configureFrom(() => undefined);
  const checked = await provider.check(
    {},
    { projectId: "p", name: "n", image: "nginx", [PROVIDER_KEY]: "s" },
  );
  expect((checked.failures ?? []).map((f) => f.reason)).toContainEqual(
    expect.stringMatching(/^paperspace:apiUrl \(or PAPERSPACE_API_URL\) must use https/),
  );
  expect(JSON.stringify(checked.failures)).not.toContain(KEY);
  expect(calls).toEqual([]);
});

test("adoptExisting must be true or false, from config or the environment", () => {
  const get = (value: unknown) =>
    resolveConfig(roboflow.config, roboflow, (key) => (key === "adoptExisting" ? value : undefined), {});
  expect(get("true").values.adoptExisting).toBe(true);
  expect(get(false).values.adoptExisting).toBe(false);
  expect(get("yes").failures[0]?.reason).toMatch(/^roboflow:adoptExisting .*must be true or false/);
  const env = resolveConfig(paperspace.config, paperspace, () => undefined, {
    PAPERSPACE_ADOPT_EXISTING: "true",
  });
  expect(env.values.adoptExisting).toBe(true);
});

test.each(platforms)("the %s plugin answers CheckConfig with the invalid key as the property", (platform) => {
  const host = nativeProvider(platform, "0.0.1", { info: () => {}, flush: async () => {} }, { env: {} });
  expect(host.provider.checkConfig?.({ apiUrl: "http://api.example.com", version: "0.0.1" })).toEqual([
    { property: "apiUrl", reason: expect.stringMatching(new RegExp(`^${platform}:apiUrl .*must use https`)) },
  ]);
  expect(host.provider.checkConfig?.({ apiUrl: "https://api.example.com", adoptExisting: "true" })).toEqual(
    [],
  );
});

test("a lookup refuses an http:// apiUrl to another machine before any request", async () => {
  const spy = jest.spyOn(globalThis, "fetch");
  try {
    await expect(
      (async () => getDeployment({ deploymentName: "x", apiKey: KEY, apiUrl: "http://api.example.com" }))(),
    ).rejects.toThrow(/^roboflow lookup: roboflow:apiUrl .*must use https/);
    expect(spy).not.toHaveBeenCalled();
  } finally {
    spy.mockRestore();
  }
});

/**
 * How the Paperspace Deployment provider fails: a spec the cluster cannot apply and a failed replica end
 * the wait at once with their messages, a wait past its deadline is "created but failed", check names
 * the property without its value, and no error carries a secret.
 */
import type { Emulator, PaperspaceStore } from "../../emulator";
import { PROVIDER_KEY, type Props } from "../../provider/core/dynamic";
import { DeploymentProvider } from "../../provider/paperspace/provider";
import { paperspaceProvider, rejection, startPaperspaceEmulator } from "./paperspaceHarness";

const KEY = "psk-F41L-3c8e2a6d-do-not-print";
const ENV_SECRET = "env-value-Qw81Zt-secret";
const PROVIDER_TEXT = "exports.handler = __f0;";

let emulator: Emulator<PaperspaceStore>;
beforeAll(async () => {
  // Replicas start for longer than the provider's first poll interval (1 s), so a poll sees a spec applied
  // but not yet healthy: the moment a test fails an instance.
  emulator = await startPaperspaceEmulator(KEY, { applyMs: 20, readyMs: 2_000 });
});
afterAll(() => emulator.close());

let counter = 0;
function inputs(overrides: Props = {}): Props {
  counter += 1;
  return {
    projectId: "prfail",
    name: `fail-${counter}`,
    image: "nginx:1.27",
    port: 80,
    resources: { machineType: "C4" },
    env: { TOKEN: ENV_SECRET },
    [PROVIDER_KEY]: PROVIDER_TEXT,
    ...overrides,
  };
}

/** A provider whose sleeps are short and which calls `onSleep` before each. */
function provider(
  onSleep?: (ms: number) => void,
  clock?: { now: () => number; sleep: (ms: number) => Promise<void> },
) {
  return paperspaceProvider(emulator, {
    env: { PAPERSPACE_API_KEY: KEY, PAPERSPACE_API_URL: emulator.url },
    onSleep,
    sleep: clock?.sleep,
    now: clock?.now,
    log: () => undefined,
  });
}

/** The id of the deployment named `name`, once it exists. */
const idOf = (name: unknown) => emulator.store.list("prfail").find((d) => d.name === name)?.id;

describe("waiting fails fast", () => {
  test("on latestSpec.error, with its message, as created but failed", async () => {
    const news = inputs();
    const p = provider(() => {
      const id = idOf(news.name);
      if (id && !emulator.store.get(id)?.latestSpec?.error)
        emulator.store.setError(id, "image not found: nginx:1.27");
    });
    const error = await rejection(p.create((await p.check({}, news)).inputs));
    const id = idOf(news.name);
    expect(error.message).toContain(
      `the cluster could not apply the spec of ${news.name}: image not found: nginx:1.27`,
    );
    expect(error.id).toBe(id);
    expect(error.reasons).toEqual([error.message]);
    expect(error.properties).toMatchObject({
      deploymentId: id,
      name: news.name,
      [PROVIDER_KEY]: PROVIDER_TEXT,
    });
    expect(JSON.parse(JSON.stringify(error.properties))).toEqual(error.properties);
  });

  test("on a failed instance, with the instance's message", async () => {
    const news = inputs();
    const p = provider(() => {
      const id = idOf(news.name);
      const spec = id ? emulator.store.get(id)?.latestSpec : undefined;
      if (id && spec?.externalApplied && !emulator.store.runs(id)[0]?.instances[0]?.message) {
        emulator.store.failInstance(id, "Container exited with code 137 (OOMKilled)");
      }
    });
    const error = await rejection(p.create((await p.check({}, news)).inputs));
    expect(error.message).toMatch(
      /instances of fail-\d+ failed: [0-9a-f-]+: Container exited with code 137 \(OOMKilled\)/,
    );
    expect(error.id).toBe(idOf(news.name));
  });

  test("on an update whose spec cannot be applied, keeping the resource with the new inputs", async () => {
    const p = provider();
    const news = (await p.check({}, inputs())).inputs;
    const created = await p.create(news);
    const id = created.id as string;
    const failing = provider(() => {
      const spec = emulator.store.get(id)?.latestSpec;
      if (spec?.data.image === "nginx:broken" && !spec.error) emulator.store.setError(id, "manifest unknown");
    });
    const next = (await failing.check({}, { ...news, image: "nginx:broken" })).inputs;
    const error = await rejection(failing.update(id, created.outs, next));
    expect(error.message).toContain("manifest unknown");
    expect(error.id).toBe(id);
    expect(error.properties).toMatchObject({ image: "nginx:broken", deploymentId: id });
  });
});

test("a wait past readyTimeoutMinutes is created but failed, with the last progress", async () => {
  const slow = await startPaperspaceEmulator(KEY, { applyMs: 10, readyMs: 3_600_000 });
  try {
    const p = paperspaceProvider(slow, {
      env: { PAPERSPACE_API_KEY: KEY, PAPERSPACE_API_URL: slow.url },
      log: () => undefined,
    });
    const news = (await p.check({}, inputs({ readyTimeoutMinutes: 2 }))).inputs;
    const error = await rejection(p.create(news));
    expect(error.message).toBe(
      `timed out after 120 s waiting for deployment ${news.name} to be applied and healthy; last seen: 0/1 replicas ready, not healthy yet`,
    );
    expect(error.id).toBe(slow.store.list()[0]?.id);
    expect(error.properties).toMatchObject({
      externalApplied: expect.any(String),
      dtHealthy: null,
      readyReplicas: 0,
    });
    expect(slow.requests.counts()[`GET /deployments/${error.id}`]).toBeLessThanOrEqual(31);
  } finally {
    await slow.close();
  }
});

test("the update after a create that failed to initialise waits again, without an upsert", async () => {
  const news = inputs();
  let broken = true;
  const p = provider(() => {
    const id = idOf(news.name);
    if (id && broken && !emulator.store.get(id)?.latestSpec?.error) emulator.store.setError(id, "quota");
  });
  const failed = await rejection(p.create((await p.check({}, news)).inputs));
  broken = false;
  emulator.store.markHealthy(failed.id as string);
  emulator.requests.reset();
  const checkedNews = (await p.check({}, news)).inputs;
  const updated = await p.update(failed.id as string, failed.properties as Props, checkedNews);
  expect(updated.outs).toMatchObject({ dtHealthy: expect.any(String), readyReplicas: 1 });
  expect(emulator.requests.counts()["POST /deployments"]).toBeUndefined();
});

describe("check", () => {
  test("names a bad env value's property without its value, and other inputs as usual", async () => {
    const p = provider();
    const result = await p.check({}, inputs({ env: { TOKEN: ENV_SECRET, BAD: 5 }, port: 0, ports: [80] }));
    const failures = result.failures ?? [];
    expect(failures).toEqual([
      { property: "port", reason: "must be at least 1" },
      { property: "", reason: "env.BAD: must be a string (its value is not shown)" },
    ]);
    expect(JSON.stringify(failures)).not.toContain(ENV_SECRET);
  });

  test("reports a missing key, on no property, when neither config, environment nor input has one", async () => {
    const p = new DeploymentProvider({ env: {} });
    const result = await p.check({}, inputs());
    expect(result.failures).toEqual([{ property: "", reason: expect.stringContaining("paperspace:apiKey") }]);
  });

  test("refuses port together with ports, and autoscaling below replicas", async () => {
    const result = await provider().check(
      {},
      inputs({
        ports: [80],
        resources: {
          machineType: "C4",
          replicas: 3,
          autoscaling: { maxReplicas: 2, metrics: [{ metric: "cpu", target: 60 }] },
        },
      }),
    );
    expect(result.failures?.map((f) => f.property).sort()).toEqual([
      "port",
      "resources.autoscaling.maxReplicas",
    ]);
  });
});

test("an API error names platform, call and status, with the {code, message} detail and no secret", async () => {
  const p = provider();
  emulator.faults.add({
    endpoint: "POST /deployments",
    kind: "status",
    status: 400,
    body: `bad token ${KEY}`,
  });
  const error = await rejection(p.create((await p.check({}, inputs())).inputs));
  expect(error.message).toBe(
    "paperspace API POST /deployments failed with status 400: bad token *** (BAD_REQUEST)",
  );
  const wrongKey = new DeploymentProvider({
    env: { PAPERSPACE_API_KEY: "wrong-key-123", PAPERSPACE_API_URL: emulator.url },
  });
  const unauthorized = await rejection(wrongKey.create((await wrongKey.check({}, inputs())).inputs));
  expect(unauthorized.message).toMatch(
    /status 401: Invalid API key \(UNAUTHORIZED\); check the key in paperspace:apiKey or PAPERSPACE_API_KEY;/,
  );
  expect(unauthorized.message).not.toContain("wrong-key-123");
});

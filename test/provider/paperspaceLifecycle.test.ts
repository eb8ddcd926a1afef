/**
 * The Paperspace Deployment provider against the emulator: create, read, update in place, delete, the
 * name check before create, adoption, and what a refresh sees after out-of-band changes.
 */
import { createEmulator, type Emulator, type PaperspaceStore } from "../../emulator";
import { PROVIDER_KEY, type Props } from "../../provider/core/dynamic";
import { DeploymentProvider } from "../../provider/paperspace/provider";
import { checked, paperspaceProvider, rejection, startPaperspaceEmulator } from "./paperspaceHarness";

const KEY = "psk-S3CRET-9d1e4b7a-do-not-print";
const ENV_SECRET = "env-value-Hx72Lq-secret";
const BASIC_AUTH = "basic-auth-Vb93Kd-secret";
const PROVIDER_TEXT = "exports.handler = __f0; // serialized provider";
const PROJECT = "pr1emulat";

let emulator: Emulator<PaperspaceStore>;
beforeAll(async () => {
  emulator = await startPaperspaceEmulator(KEY, { applyMs: 30, readyMs: 30 });
});
afterAll(() => emulator.close());
beforeEach(() => {
  emulator.requests.reset();
  emulator.faults.clear();
});

const logs: string[] = [];
async function provider(extra: { onSleep?: () => void } = {}) {
  const p = paperspaceProvider(emulator, { env: {}, onSleep: extra.onSleep, log: (line) => logs.push(line) });
  await p.configure({
    config: {
      get: (k: string) => ({ "paperspace:apiKey": KEY, "paperspace:apiUrl": emulator.url })[k],
    } as never,
  });
  return p;
}

let counter = 0;
function inputs(overrides: Props = {}): Props {
  counter += 1;
  return {
    projectId: PROJECT,
    name: `life-${counter}`,
    image: "paperspace/fastapi-deployment:latest",
    port: 8000,
    resources: { machineType: "C4", replicas: 2 },
    env: { MODEL: "small", TOKEN: ENV_SECRET },
    basicAuthKey: BASIC_AUTH,
    [PROVIDER_KEY]: PROVIDER_TEXT,
    ...overrides,
  };
}

async function createReady(overrides: Props = {}) {
  const p = await provider();
  const news = await checked(p, inputs(overrides));
  const created = await p.create(news);
  emulator.requests.reset();
  return { p, news, created, id: created.id as string };
}

describe("create", () => {
  test("looks the name up, upserts without an id, waits until applied and healthy, and returns the outputs", async () => {
    const { created, id, news } = await createReady();
    const live = emulator.store.get(id);
    expect(live?.name).toBe(news.name);
    expect(created.outs).toMatchObject({
      deploymentId: id,
      projectId: PROJECT,
      endpoint: live?.endpoint,
      url: `https://${live?.endpoint}`,
      latestSpecHash: live?.latestSpecHash,
      replicas: 2,
      readyReplicas: 2,
      image: "paperspace/fastapi-deployment:latest",
      env: { MODEL: "small", TOKEN: ENV_SECRET },
      basicAuthKey: BASIC_AUTH,
      enabled: true,
      readyTimeoutMinutes: 20,
    });
    expect(created.outs.dtHealthy).toBe(live?.latestSpec?.dtHealthy);
    expect(live?.latestSpec?.data).toMatchObject({
      apiVersion: "v0alpha0",
      resources: { machineType: "C4", ports: [8000], replicas: 2 },
      env: [
        { name: "MODEL", value: "small" },
        { name: "TOKEN", value: ENV_SECRET },
      ],
    });
  });

  test("calls the project list before the one upsert", async () => {
    const p = await provider();
    await p.create(await checked(p, inputs()));
    const calls = emulator.requests.entries.map((e) => `${e.method} ${e.path.split("?")[0]}`);
    expect(calls[0]).toBe(`GET /projects/${PROJECT}/deployments`);
    expect(calls.filter((c) => c === "POST /deployments")).toHaveLength(1);
  });

  test("refuses to take over an existing deployment of the same name, naming it", async () => {
    const { news, id } = await createReady();
    const p = await provider();
    const error = await rejection(p.create(news));
    expect(error.message).toContain(
      `paperspace: deployment ${news.name} in project ${PROJECT} already exists (id ${id}) and this stack did not create it`,
    );
    expect(error.message).toContain("adopt: true");
    expect(emulator.requests.counts()["POST /deployments"]).toBeUndefined();
  });

  test("adopt: true manages the existing deployment and applies the inputs to it", async () => {
    const { news, id } = await createReady();
    const p = await provider();
    const adopted = await p.create(await checked(p, { ...news, image: "nginx:1.27", adopt: true }));
    expect(adopted.id).toBe(id);
    expect(emulator.store.get(id)?.latestSpec?.data.image).toBe("nginx:1.27");
    expect(emulator.store.list(PROJECT).filter((d) => d.name === news.name)).toHaveLength(1);
  });

  test("a lost answer to the upsert does not create a second deployment", async () => {
    const p = await provider();
    const news = await checked(p, inputs());
    emulator.faults.add({ endpoint: "POST /deployments", kind: "loseResponse" });
    const created = await p.create(news);
    expect(emulator.store.list(PROJECT).filter((d) => d.name === news.name)).toHaveLength(1);
    expect(created.id).toBe(emulator.store.list(PROJECT, news.name as string)[0]?.id);
    expect(emulator.requests.counts()["POST /deployments"]).toBe(1);
  });

  test("retries a 503 from the API, then succeeds", async () => {
    const p = await provider();
    emulator.faults.add({ endpoint: "POST /deployments", kind: "status", status: 503, retryAfterSeconds: 0 });
    const created = await p.create(await checked(p, inputs()));
    expect(created.outs.readyReplicas).toBe(2);
    expect(emulator.requests.counts()["POST /deployments"]).toBe(2);
  });

  test("with waitForHealthy: false returns as soon as the API accepted", async () => {
    const slow = await createEmulator({
      platform: "paperspace",
      apiKey: KEY,
      timing: { applyMs: 3_600_000 },
    });
    try {
      const p = new DeploymentProvider({ env: { PAPERSPACE_API_KEY: KEY, PAPERSPACE_API_URL: slow.url } });
      const created = await p.create(await checked(p, inputs({ waitForHealthy: false })));
      expect(created.outs).toMatchObject({ externalApplied: null, dtHealthy: null, readyReplicas: 0 });
    } finally {
      await slow.close();
    }
  });
});

describe("update", () => {
  test("changes image, env and replicas in place through the upsert with the deployment's id", async () => {
    const { p, news, created, id } = await createReady();
    const next = await checked(p, {
      ...news,
      image: "paperspace/fastapi-deployment:v2",
      env: { MODEL: "large", TOKEN: ENV_SECRET },
      resources: { machineType: "C4", replicas: 3 },
    });
    const diff = await p.diff(id, created.outs, next);
    expect(diff).toMatchObject({ changes: true, replaces: [] });
    const updated = await p.update(id, created.outs, next);
    expect(updated.outs).toMatchObject({ deploymentId: id, replicas: 3, readyReplicas: 3 });
    expect(updated.outs.latestSpecHash).not.toBe(created.outs.latestSpecHash);
    const data = emulator.store.get(id)?.latestSpec?.data;
    expect(data?.image).toBe("paperspace/fastapi-deployment:v2");
    expect(emulator.store.list(PROJECT).filter((d) => d.name === news.name)).toHaveLength(1);
    expect(emulator.requests.counts()["POST /deployments"]).toBe(1);
  });

  test("a client-side change only records state, with no upsert", async () => {
    const { p, news, created, id } = await createReady();
    const updated = await p.update(id, created.outs, await checked(p, { ...news, readyTimeoutMinutes: 5 }));
    expect(updated.outs.readyTimeoutMinutes).toBe(5);
    expect(emulator.requests.counts()["POST /deployments"]).toBeUndefined();
  });
});

describe("read", () => {
  test("returns the outputs as the API reports them, unchanged when nothing drifted", async () => {
    const { p, id, created } = await createReady();
    const read = await p.read(id, created.outs);
    expect(read).toEqual({ id, props: created.outs });
  });

  test("returns an empty id for a deployment deleted out of band", async () => {
    const { p, id, created } = await createReady();
    emulator.store.deleteOutOfBand(id);
    expect(await p.read(id, created.outs)).toEqual({ id: "", props: {} });
  });

  test("shows an unhealthy deployment and a spec changed by someone else", async () => {
    const { p, id, created } = await createReady();
    emulator.store.markUnhealthy(id);
    emulator.store.updateOutOfBand(id, { image: "someone/else:1" });
    const read = await p.read(id, created.outs);
    expect(read.props).toMatchObject({
      dtHealthy: null,
      readyReplicas: 0,
      image: "someone/else:1",
      port: 8000,
    });
  });
});

describe("delete", () => {
  test("removes the deployment and treats a repeat as success", async () => {
    const { p, id, created } = await createReady();
    await p.delete(id, created.outs);
    expect(emulator.store.get(id)).toBeUndefined();
    await p.delete(id, created.outs);
    expect(emulator.requests.counts()[`DELETE /deployments/${id}`]).toBe(2);
  });
});

describe("secrets", () => {
  test("no log line holds the key, an env value or the basic auth key", () => {
    const text = logs.join("\n");
    expect(text.length).toBeGreaterThan(0);
    for (const secret of [KEY, ENV_SECRET, BASIC_AUTH]) expect(text).not.toContain(secret);
  });
});

/**
 * The Shipyard Deployment provider against the emulator: create from a template and from an image, waiting
 * until Ready; env vars, auto-update and restarts in place; read and drift; delete; the lost answer of a
 * template create resolved without a second deployment; tier limits, 503 and Error.
 */
import type { Emulator, ShipyardStore } from "../../emulator";
import { PROVIDER_KEY, type Props } from "../../provider/core/dynamic";
import { checked, rejection, shipyardProvider, startShipyardEmulator } from "./shipyardHarness";

const KEY = "syk-S3CRET-4c8e1f-do-not-print";
const ENV_SECRET = "env-value-Wq83Zp-secret";
const PROVIDER_TEXT = "exports.handler = __f0; // serialized provider";

let emulator: Emulator<ShipyardStore>;
beforeAll(async () => {
  emulator = await startShipyardEmulator(KEY, {
    tier: "enterprise",
    timing: { pendingMs: 20, provisionMs: 30, deleteMs: 20 },
  });
});
afterAll(() => emulator.close());
beforeEach(() => {
  emulator.store.reset();
  emulator.requests.reset();
  emulator.faults.clear();
});

let logs: string[] = [];
async function provider(options: { onSleep?: () => void; config?: Record<string, string> } = {}) {
  logs = [];
  return shipyardProvider(emulator, { ...options, log: (line) => logs.push(line) });
}

const template = (overrides: Props = {}): Props => ({
  template: "nginx",
  envVars: { MODE: "small", TOKEN: ENV_SECRET },
  [PROVIDER_KEY]: PROVIDER_TEXT,
  ...overrides,
});
const image = (overrides: Props = {}): Props => ({
  image: "myapp:v1.0.0",
  name: "my-app",
  envVars: { TOKEN: ENV_SECRET },
  [PROVIDER_KEY]: PROVIDER_TEXT,
  ...overrides,
});

async function up(news: Props) {
  const p = await provider();
  const inputs = await checked(p, news);
  const created = await p.create(inputs);
  return { p, inputs, id: created.id as string, outs: created.outs as Props };
}

const calls = () => emulator.requests.entries.map((e) => `${e.method} ${e.path.split("?")[0]}`);

describe("create", () => {
  test("a template deployment gets the server's name and is Ready with its URL when create returns", async () => {
    const { id, outs } = await up(template());
    expect(id).toMatch(/^[a-z][a-z0-9]{9}$/);
    expect(emulator.store.get(id)).toMatchObject({ status: "Ready", template: "nginx" });
    expect(outs).toMatchObject({
      name: id,
      requestedName: null,
      template: "nginx",
      status: "Ready",
      ready: true,
      url: `https://${id}.apps.shipyard.test`,
      visibility: "public",
      envVars: { MODE: "small", TOKEN: ENV_SECRET },
      lastError: null,
    });
    expect(calls().slice(0, 2)).toEqual(["GET /api/deployments", "POST /api/deployments"]);
  });

  test("an image deployment keeps its name and port, and applies auto-update", async () => {
    const { id, outs } = await up(
      image({ containerPort: 3000, autoUpdate: { enabled: true, strategy: "recreate" } }),
    );
    expect(id).toBe("my-app");
    expect(emulator.store.get("my-app")).toMatchObject({
      image: "myapp:v1.0.0",
      port: 3000,
      autoUpdate: { enabled: true, strategy: "recreate" },
      envVars: { TOKEN: ENV_SECRET },
    });
    expect(outs).toMatchObject({ name: "my-app", requestedName: "my-app", containerPort: 3000, ready: true });
  });

  test("a lost answer to a template create makes one deployment, found by listing before and after", async () => {
    emulator.store.create({ template: "nginx", envVars: {}, visibility: "public" }); // someone's earlier one
    emulator.faults.add({ endpoint: "POST /api/deployments", kind: "loseResponse" });
    const { id } = await up(template());
    const nginx = emulator.store.names().filter((n) => emulator.store.get(n)?.template === "nginx");
    expect(nginx).toHaveLength(2);
    expect(nginx).toContain(id);
    expect(emulator.requests.counts()["POST /api/deployments"]).toBe(1);
    expect(logs.join("\n")).toContain(`deployment ${id} was created despite the lost answer`);
  });

  test("a create that certainly did nothing (connection reset) is sent again", async () => {
    emulator.faults.add({ endpoint: "POST /api/deployments", kind: "reset" });
    const { id } = await up(template());
    expect(emulator.store.names()).toEqual([id]);
    expect(emulator.requests.counts()["POST /api/deployments"]).toBe(2);
  });

  test("two new deployments of the template after a lost answer are told apart by env vars", async () => {
    emulator.faults.add({ endpoint: "POST /api/deployments", kind: "loseResponse" });
    let raced = false;
    const p = await provider({
      onSleep: () => {
        if (raced) return;
        raced = true; // another client creates the same template with other env vars meanwhile
        emulator.store.create({ template: "nginx", envVars: { OTHER: "1" }, visibility: "public" });
      },
    });
    const created = await p.create(await checked(p, template()));
    expect(emulator.store.get(created.id)?.envVars).toEqual({ MODE: "small", TOKEN: ENV_SECRET });
    expect(emulator.store.names()).toHaveLength(2);
  });

  test("indistinguishable concurrent creates of the same template end in an error naming both", async () => {
    emulator.faults.add({ endpoint: "POST /api/deployments", kind: "loseResponse" });
    let raced = false;
    const p = await provider({
      onSleep: () => {
        if (raced) return;
        raced = true;
        emulator.store.create({
          template: "nginx",
          envVars: { MODE: "small", TOKEN: ENV_SECRET },
          visibility: "public",
        });
      },
    });
    const error = await rejection(p.create(await checked(p, template())));
    const names = emulator.store.names();
    expect(error.message).toContain("2 new deployments of template nginx appeared");
    for (const name of names) expect(error.message).toContain(name);
    expect(error.message).not.toContain(ENV_SECRET);
    expect(emulator.requests.counts()["POST /api/deployments"]).toBe(1);
  });

  test("a lost answer to a named image create is resolved by name", async () => {
    emulator.faults.add({ endpoint: "POST /api/deployments/deploy-image", kind: "loseResponse" });
    const { id } = await up(image());
    expect(id).toBe("my-app");
    expect(emulator.requests.counts()["POST /api/deployments/deploy-image"]).toBe(1);
  });

  test("an existing name is refused before any create, unless adopt is set", async () => {
    await up(image());
    const p = await provider();
    const error = await rejection(p.create(await checked(p, image())));
    expect(error.message).toContain(
      "deployment my-app already exists (id my-app, status Ready) and this stack did not create it",
    );
    expect(error.message).toContain("adopt: true");
    const adopted = await p.create(await checked(p, image({ adopt: true, envVars: { NEW: "1" } })));
    expect(adopted.id).toBe("my-app");
    expect(emulator.store.get("my-app")?.envVars).toEqual({ NEW: "1" });
  });

  test("the tier limit is a 403 that is not retried, and the error names the limit", async () => {
    const small = await startShipyardEmulator(KEY, {
      tier: "free",
      timing: { pendingMs: 5, provisionMs: 5 },
    });
    try {
      small.store.create({ template: "redis", envVars: {}, visibility: "public" });
      const p = await provider({ config: { "shipyard:apiKey": KEY, "shipyard:apiUrl": small.url } });
      const error = await rejection(p.create(await checked(p, template())));
      expect(error.message).toBe(
        "shipyard API POST /api/deployments failed with status 403: Deployment limit reached: the free tier " +
          "allows 1 deployment; the account's tier limit on deployments is reached: delete a deployment or " +
          "upgrade the plan, then run `pulumi up` again",
      );
      expect(small.requests.counts()["POST /api/deployments"]).toBe(1);
    } finally {
      await small.close();
    }
  });

  test("503 (operator unavailable) is retried on the create and on the status", async () => {
    emulator.faults.add({ endpoint: "POST /api/deployments", kind: "status", status: 503, count: 2 });
    emulator.faults.add({ endpoint: "GET /api/deployments/status", kind: "status", status: 503 });
    const { id } = await up(template());
    expect(emulator.store.names()).toEqual([id]);
    expect(emulator.requests.counts()["POST /api/deployments"]).toBe(3);
  });

  test("Error during the wait is created-but-failed, with lastError, and no secret", async () => {
    const p = await provider();
    const inputs = await checked(p, image({ image: "myapp:missing" }));
    const error = await rejection(p.create(inputs));
    expect(error.message).toContain('deployment my-app is in Error: Failed to pull image "myapp:missing"');
    expect(error.id).toBe("my-app");
    expect(error.properties).toMatchObject({
      name: "my-app",
      status: "Error",
      lastError: expect.any(String),
    });
    expect((error.properties as Props)[PROVIDER_KEY]).toBe(PROVIDER_TEXT);
    expect(error.message).not.toContain(ENV_SECRET);
  });
});

describe("update", () => {
  test("env vars are replaced in place: one config PUT, pods restarted, Ready again, same name", async () => {
    const { p, id, outs } = await up(template());
    emulator.requests.reset();
    const news = await checked(p, template({ envVars: { MODE: "large" } }));
    expect(await p.diff(id, outs, news)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const updated = await p.update(id, outs, news);
    expect(emulator.store.get(id)?.envVars).toEqual({ MODE: "large" });
    expect(calls().filter((c) => c.startsWith("PUT") || c.startsWith("POST"))).toEqual([
      "PUT /api/deployments/config",
    ]);
    expect(updated.outs).toMatchObject({ name: id, status: "Ready", envVars: { MODE: "large" } });
  });

  test("restartTrigger restarts the pods in place and waits until Ready", async () => {
    const { p, id, outs } = await up(template({ restartTrigger: "1" }));
    emulator.requests.reset();
    const news = await checked(p, template({ restartTrigger: "2" }));
    expect((await p.diff(id, outs, news)).replaces).toEqual([]);
    await p.update(id, outs, news);
    expect(emulator.store.get(id)?.restarts).toBe(1);
    expect(calls()).toContain("POST /api/deployments/restart");
  });

  test("auto-update changes in place, and removing it turns it off", async () => {
    const { p, id, outs, inputs } = await up(template({ autoUpdate: { enabled: true } }));
    expect(emulator.store.get(id)?.autoUpdate).toEqual({ enabled: true, strategy: "rolling" });
    const news = await checked(p, template(), inputs);
    await p.update(id, outs, news);
    expect(emulator.store.get(id)?.autoUpdate.enabled).toBe(false);
  });

  test("template, image, port, visibility and name replace; a kept custom name deletes first", async () => {
    const { p, id, outs } = await up(image());
    const diff = async (change: Props) => p.diff(id, outs, await checked(p, image(change)));
    expect(await diff({ image: "myapp:v2" })).toMatchObject({
      replaces: ["image"],
      deleteBeforeReplace: true,
    });
    expect((await diff({ containerPort: 9000 })).replaces).toEqual(["containerPort"]);
    expect((await diff({ visibility: "internal" })).replaces).toEqual(["visibility"]);
    expect(await diff({ name: "other-app" })).toMatchObject({
      replaces: ["name"],
      deleteBeforeReplace: false,
    });
    expect(await diff({ readyTimeoutMinutes: 5 })).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect(await diff({})).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  test("an unnamed deployment does not replace because the API named it", async () => {
    const { p, id, outs } = await up(template());
    expect(await p.diff(id, outs, await checked(p, template()))).toMatchObject({
      changes: false,
      replaces: [],
    });
    expect((await p.diff(id, outs, await checked(p, template({ template: "redis" })))).replaces).toEqual([
      "template",
    ]);
  });
});

describe("read and delete", () => {
  test("read shows live env vars and Error as drift; the next update restarts and waits", async () => {
    const { p, id, outs } = await up(template());
    emulator.store.fail(id, "Back-off restarting failed container");
    const read = await p.read(id, { ...outs, [PROVIDER_KEY]: PROVIDER_TEXT });
    expect(read.props).toMatchObject({
      status: "Error",
      ready: false,
      lastError: "Back-off restarting failed container",
    });
    const news = await checked(p, template());
    expect(await p.diff(id, read.props as Props, news)).toMatchObject({ changes: true, replaces: [] });
    const repaired = await p.update(id, read.props as Props, news);
    expect(repaired.outs).toMatchObject({ status: "Ready", lastError: null });
  });

  test("read drops a deployment that is gone or being deleted", async () => {
    const { p, id, outs } = await up(template());
    emulator.store.deleteOutOfBand(id);
    expect(await p.read(id, outs)).toEqual({ id: "", props: {} });
  });

  test("delete waits until the deployment is gone, and a missing one is already deleted", async () => {
    const { p, id, outs } = await up(template());
    await p.delete(id, outs);
    expect(emulator.store.get(id)).toBeUndefined();
    await p.delete(id, outs);
  });

  test("canDelete false is a clear error and nothing is deleted", async () => {
    const { p, id, outs } = await up(template());
    emulator.store.protect(id);
    const error = await rejection(p.delete(id, outs));
    expect(error.message).toContain(
      `deployment ${id} cannot be deleted now: the API reports canDelete false`,
    );
    expect(emulator.store.get(id)?.status).toBe("Ready");
  });
});

describe("check and configuration", () => {
  test("a missing API URL fails check naming shipyard:apiUrl, before any API call", async () => {
    const p = await provider({ config: { "shipyard:apiKey": KEY } });
    const result = await p.check({}, template());
    expect(result.failures?.map((f) => f.reason)).toEqual([expect.stringContaining("shipyard:apiUrl")]);
    expect(emulator.requests.entries).toEqual([]);
  });

  test("the key and env values never reach a log line or an error", async () => {
    emulator.faults.add({
      endpoint: "GET /api/deployments/status",
      kind: "status",
      status: 500,
      body: `bad ${ENV_SECRET} ${KEY}`,
      count: 6,
    });
    const p = await provider();
    const error = await rejection(p.create(await checked(p, template())));
    const everything = [error.message, JSON.stringify(error.properties ?? {}), ...logs].join("\n");
    expect(everything).toContain("status 500");
    expect(everything).not.toContain(KEY);
    expect(error.message).not.toContain(ENV_SECRET);
    expect(logs.join("\n")).not.toContain(ENV_SECRET);
  });
});

import type { Emulator } from "../../emulator";
import { PROVIDER_KEY, type Props } from "../../provider/core/dynamic";
import { checked, uniqueName } from "./harness";
import { inputsFor, roboflowProvider, startRoboflowEmulator } from "./roboflowHarness";

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startRoboflowEmulator();
});
afterAll(() => emulator.close());
beforeEach(() => emulator.requests.reset());

const OUTPUT_KEYS = [
  "adopt",
  "creatorEmail",
  "creatorId",
  "deploymentId",
  "deploymentName",
  "domain",
  "duration",
  "inferenceVersion",
  "machineType",
  "maxReplicas",
  "minReplicas",
  "numReplicas",
  "paused",
  "readyTimeoutMinutes",
  "resolvedInferenceVersion",
  "status",
  "subdomain",
  "url",
  "waitForReady",
  "workspaceId",
  "workspaceUrl",
].sort();

/** Creates a ready deployment through check and create, as the engine would. */
async function createReady(overrides: Props = {}) {
  const harness = await roboflowProvider(emulator);
  const name = uniqueName("life");
  const inputs = await checked(harness.provider, inputsFor(name, overrides));
  const created = await harness.provider.create(inputs);
  emulator.requests.reset();
  return { ...harness, name, inputs, created };
}

describe("create", () => {
  test("adds the deployment, waits until it is ready and returns its outputs", async () => {
    const { provider, logs } = await roboflowProvider(emulator);
    const name = uniqueName("create");
    const inputs = await checked(provider, inputsFor(name));
    const result = await provider.create(inputs);

    expect(result.id).toBe(name);
    expect(Object.keys(result.outs).sort()).toEqual(OUTPUT_KEYS);
    const live = emulator.store.get(name);
    expect(result.outs).toMatchObject({
      deploymentName: name,
      deploymentId: live?.deployment_id,
      status: "ready",
      numReplicas: 1,
      inferenceVersion: "latest",
      resolvedInferenceVersion: "0.45.0",
      domain: `${name}.roboflow.cloud`,
      url: `https://${name}.roboflow.cloud`,
      paused: false,
    });
    expect(PROVIDER_KEY in result.outs).toBe(false);
    expect(emulator.requests.counts()["POST /add"]).toBe(1);
    expect(emulator.requests.counts()["GET /get"]).toBeGreaterThanOrEqual(1);
    expect(logs[0]).toMatch(new RegExp(`^created deployment ${name} \\(\\w+\\), status pending$`));
    expect(logs.some((l) => l.startsWith(`waiting for deployment ${name} to be ready: status pending`))).toBe(
      true,
    );
  });

  test("keeps an explicit inference version as given", async () => {
    const { created } = await createReady({ inferenceVersion: "0.44.1" });
    expect(created.outs.inferenceVersion).toBe("0.44.1");
    expect(created.outs.resolvedInferenceVersion).toBe("0.44.1");
  });

  test("returns at once, pending, when asked not to wait", async () => {
    const { provider } = await roboflowProvider(emulator);
    const inputs = await checked(provider, inputsFor(uniqueName("nowait"), { waitForReady: false }));
    const result = await provider.create(inputs);
    expect(result.outs.status).toBe("pending");
  });

  test("leaves a deployment asked paused at create paused", async () => {
    const { provider, logs } = await roboflowProvider(emulator);
    const name = uniqueName("paused");
    const inputs = await checked(provider, inputsFor(name, { paused: true }));
    const result = await provider.create(inputs);
    expect(result.outs).toMatchObject({ status: "paused", paused: true, numReplicas: 0 });
    expect(emulator.store.get(name)?.status).toBe("paused");
    expect(logs).toContain(`paused deployment ${name}`);
  });

  test("sends every input the API takes, and delete_on_expiration only when set", async () => {
    const { provider } = await roboflowProvider(emulator);
    const name = uniqueName("full");
    const inputs = await checked(
      provider,
      inputsFor(name, {
        machineType: "prod-cpu",
        duration: 8,
        minReplicas: 2,
        maxReplicas: 3,
        deleteOnExpiration: true,
      }),
    );
    const result = await provider.create(inputs);
    expect(emulator.store.get(name)).toMatchObject({
      machine_type: "prod-cpu",
      duration: 8,
      min_replicas: 2,
      max_replicas: 3,
    });
    expect(result.outs).toMatchObject({
      duration: 8,
      minReplicas: 2,
      maxReplicas: 3,
      deleteOnExpiration: true,
    });
    emulator.store.expire(name);
    expect(emulator.store.get(name)).toBeUndefined();
  });
});

describe("read", () => {
  test("returns the outputs of a ready deployment, keeping the input inference version", async () => {
    const { provider, name, created } = await createReady();
    const result = await provider.read(name, { ...created.outs, [PROVIDER_KEY]: "text" });
    expect(result.id).toBe(name);
    expect(result.props).toEqual(created.outs);
    expect(result.props?.inferenceVersion).toBe("latest");
    expect(result.props?.resolvedInferenceVersion).toBe("0.45.0");
    expect(emulator.requests.counts()).toEqual({ "GET /get": 1 });
  });

  test("sees a deployment paused behind its back", async () => {
    const { provider, name, created } = await createReady();
    emulator.store.pauseOutOfBand(name);
    const result = await provider.read(name, created.outs);
    expect(result.props).toMatchObject({ status: "paused", paused: true, numReplicas: 0 });
  });

  test("returns an empty id for a deployment that is not there (404)", async () => {
    const { provider } = await roboflowProvider(emulator);
    expect(await provider.read("dev-nowhere", {})).toEqual({ id: "", props: {} });
  });

  test("returns an empty id for a deployment deleted out of band", async () => {
    const { provider, name, created } = await createReady();
    emulator.store.deleteOutOfBand(name);
    expect((await provider.read(name, created.outs)).id).toBe("");
  });

  test("keeps an expired deployment, which holds its name until deleted, with status expired", async () => {
    const { provider, name, created } = await createReady();
    emulator.store.expire(name);
    expect(emulator.store.get(name)?.status).toBe("expired");
    const result = await provider.read(name, created.outs);
    expect(result.id).toBe(name);
    expect(result.props).toMatchObject({ status: "expired", deploymentName: name });
  });

  test("returns an empty id for a deployment being deleted once it is gone", async () => {
    const { provider, name, created } = await createReady();
    await provider.delete(name, created.outs);
    expect((await provider.read(name, created.outs)).id).toBe("");
  });
});

describe("update", () => {
  test("pauses in place and returns the full outputs", async () => {
    const { provider, name, created, logs } = await createReady();
    const news = await checked(provider, inputsFor(name, { paused: true }));
    const diff = await provider.diff(name, created.outs, news);
    expect(diff).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });

    const result = await provider.update(name, created.outs, news);
    expect(Object.keys(result.outs ?? {}).sort()).toEqual(OUTPUT_KEYS);
    expect(result.outs).toMatchObject({
      status: "paused",
      paused: true,
      deploymentId: created.outs.deploymentId,
    });
    expect(emulator.store.get(name)?.status).toBe("paused");
    expect(emulator.requests.counts()["POST /pause"]).toBe(1);
    expect(emulator.requests.counts()["POST /add"]).toBeUndefined();
    expect(logs).toContain(`paused deployment ${name}`);
  });

  test("resumes in place, waits until ready and returns the full outputs", async () => {
    const { provider, name, created } = await createReady({ paused: true });
    expect(created.outs.status).toBe("paused");
    const news = await checked(provider, inputsFor(name, { paused: false }));
    const result = await provider.update(name, created.outs, news);
    expect(Object.keys(result.outs ?? {}).sort()).toEqual(OUTPUT_KEYS);
    expect(result.outs).toMatchObject({ status: "ready", paused: false, numReplicas: 1 });
    expect(emulator.requests.counts()["POST /resume"]).toBe(1);
    expect(emulator.store.get(name)?.status).toBe("ready");
  });

  test("resumes a deployment paused behind its back when the inputs say running", async () => {
    const { provider, name, created } = await createReady();
    emulator.store.pauseOutOfBand(name);
    const news = await checked(provider, inputsFor(name, { readyTimeoutMinutes: 5 }));
    const result = await provider.update(name, created.outs, news);
    expect(result.outs).toMatchObject({ status: "ready", paused: false });
  });

  test("records a client-side setting in state only, with no pause, resume, add or delete", async () => {
    const { provider, name, created } = await createReady();
    const news = await checked(provider, inputsFor(name, { readyTimeoutMinutes: 7, waitForReady: false }));
    const result = await provider.update(name, created.outs, news);
    expect(result.outs).toMatchObject({ readyTimeoutMinutes: 7, waitForReady: false, status: "ready" });
    expect(Object.keys(emulator.requests.counts())).toEqual(["GET /get"]);
  });
});

describe("delete", () => {
  test("waits until the deployment is gone", async () => {
    const { provider, name, created, logs } = await createReady();
    await provider.delete(name, created.outs);
    expect(emulator.store.get(name)).toBeUndefined();
    expect(emulator.requests.counts()["POST /delete"]).toBe(1);
    const last = emulator.requests.entries.filter((e) => e.method === "GET").at(-1);
    expect(last?.status).toBe(404);
    expect(logs).toContain(`deleted deployment ${name}`);
  });

  test("treats 404 on delete as success", async () => {
    const { provider } = await roboflowProvider(emulator);
    await expect(provider.delete("dev-nowhere", {})).resolves.toBeUndefined();
    expect(emulator.requests.counts()).toEqual({ "POST /delete": 1 });
  });

  test("lets the same name be created again right after", async () => {
    const { provider, name, inputs, created } = await createReady();
    await provider.delete(name, created.outs);
    const again = await provider.create(inputs);
    expect(again.outs.status).toBe("ready");
    expect(again.outs.deploymentId).not.toBe(created.outs.deploymentId);
  });

  test("deletes a paused deployment", async () => {
    const { provider, name, created } = await createReady({ paused: true });
    await provider.delete(name, created.outs);
    expect(emulator.store.get(name)).toBeUndefined();
  });
});

describe("the whole lifecycle", () => {
  test("configure, check, diff, create, read, update and delete in the engine's order", async () => {
    const { provider } = await roboflowProvider(emulator);
    const name = uniqueName("whole");
    const first = await checked(provider, inputsFor(name));
    const { id, outs } = await provider.create(first);
    const read = await provider.read(id, outs);
    const second = await checked(provider, inputsFor(name, { paused: true }), first);
    expect((await provider.diff(id, read.props ?? {}, second)).changes).toBe(true);
    const updated = await provider.update(id, read.props ?? {}, second);
    const third = await checked(provider, inputsFor(name, { paused: true }), second);
    expect(await provider.diff(id, updated.outs ?? {}, third)).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
    const replaced = await checked(
      provider,
      inputsFor(name, { paused: true, machineType: "dev-cpu" }),
      third,
    );
    expect(await provider.diff(id, updated.outs ?? {}, replaced)).toEqual({
      changes: true,
      replaces: ["machineType"],
      deleteBeforeReplace: true,
    });
    await provider.delete(id, updated.outs ?? {});
    expect((await provider.read(id, updated.outs ?? {})).id).toBe("");
  });
});

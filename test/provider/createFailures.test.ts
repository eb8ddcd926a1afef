import type { Emulator } from "../../emulator";
import { PROVIDER_KEY } from "../../provider/core/dynamic";
import { checked, PROVIDER_TEXT, rejection, uniqueName } from "./harness";
import { inputsFor, roboflowProvider, startRoboflowEmulator } from "./roboflowHarness";

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startRoboflowEmulator();
});
afterAll(() => emulator.close());
beforeEach(() => {
  emulator.requests.reset();
  emulator.faults.clear();
});

function liveNamed(name: string) {
  return emulator.store.live().filter((d) => d.deployment_name === name);
}

describe("a deployment that does not become ready", () => {
  test("fails create with the log tail, recorded as created but failed to initialise", async () => {
    const name = uniqueName("fail");
    let failed = false;
    const { provider } = await roboflowProvider(emulator, {
      onSleep: () => {
        if (!failed && emulator.store.get(name)) {
          failed = true;
          emulator.store.fail(name, "image pull failed: manifest unknown");
        }
      },
    });
    const inputs = await checked(provider, inputsFor(name));
    const error = await rejection(provider.create(inputs));

    expect(error.message).toContain(`deployment ${name} failed`);
    expect(error.message).toContain("last log lines: [ERROR] ERROR: image pull failed: manifest unknown");
    expect(error.id).toBe(name);
    expect(error.reasons).toEqual([error.message]);
    expect(error.properties).toMatchObject({
      deploymentName: name,
      deploymentId: emulator.store.get(name)?.deployment_id,
      [PROVIDER_KEY]: PROVIDER_TEXT,
    });
    expect(emulator.requests.counts()["GET /get_log"]).toBe(1);
  });

  test("times out with an error carrying id, properties with the provider, and reasons", async () => {
    const slow = await startRoboflowEmulator({ timing: { pendingMs: 3_600_000 } });
    try {
      let now = Date.now();
      const { provider, sleeps } = await roboflowProvider(slow, {
        now: () => now,
        sleep: async (ms) => {
          now += ms;
        },
      });
      const name = uniqueName("slow");
      const inputs = await checked(provider, inputsFor(name, { readyTimeoutMinutes: 5 }));
      const error = await rejection(provider.create(inputs));

      expect(error.message).toBe(
        `timed out after 300 s waiting for deployment ${name} to be ready; last seen: status pending, 0/1 replicas`,
      );
      expect(error.id).toBe(name);
      expect(error.reasons).toEqual([error.message]);
      expect(error.properties).toMatchObject({
        deploymentName: name,
        deploymentId: slow.store.get(name)?.deployment_id,
        status: "pending",
        readyTimeoutMinutes: 5,
        [PROVIDER_KEY]: PROVIDER_TEXT,
      });
      // The properties travel through protobuf Struct: plain JSON only.
      expect(JSON.parse(JSON.stringify(error.properties))).toEqual(error.properties);
      expect(sleeps.reduce((a, b) => a + b, 0)).toBe(300_000);
      expect(slow.requests.counts()["GET /get"]).toBeLessThanOrEqual(31);
      expect(slow.store.get(name)?.status).toBe("pending");
    } finally {
      await slow.close();
    }
  });

  test("times out deleting with an error, never hanging", async () => {
    const slow = await startRoboflowEmulator({ timing: { pendingMs: 10, deleteMs: 3_600_000 } });
    try {
      const fast = await roboflowProvider(slow);
      const name = uniqueName("sdel");
      const created = await fast.provider.create(await checked(fast.provider, inputsFor(name)));
      let now = Date.now();
      const { provider } = await roboflowProvider(slow, {
        now: () => now,
        sleep: async (ms) => {
          now += ms;
        },
      });
      const error = await rejection(provider.delete(name, { ...created.outs, readyTimeoutMinutes: 1 }));
      expect(error.message).toContain(`waiting for deployment ${name} to be deleted`);
    } finally {
      await slow.close();
    }
  });
});

describe("a name that is taken", () => {
  test("fails without adopt, before any /add, with a clear error naming the deployment and suggesting adopt", async () => {
    const name = uniqueName("taken");
    const first = await roboflowProvider(emulator);
    const original = await first.provider.create(await checked(first.provider, inputsFor(name)));
    emulator.requests.reset();
    const { provider } = await roboflowProvider(emulator);
    const error = await rejection(provider.create(await checked(provider, inputsFor(name))));
    expect(error.message).toContain(
      `roboflow: deployment ${name} already exists (id ${original.outs.deploymentId}, status ready) and this stack did not create it`,
    );
    expect(error.message).toContain("adopt: true");
    expect(error.id).toBeUndefined();
    expect(emulator.requests.counts()["POST /add"]).toBeUndefined();
    expect(liveNamed(name)).toHaveLength(1);
  });

  test("never takes over another stack's deployment when its own /add answer is lost", async () => {
    const name = uniqueName("lostx");
    const first = await roboflowProvider(emulator);
    const original = await first.provider.create(await checked(first.provider, inputsFor(name)));
    emulator.faults.add({ endpoint: "POST /add", kind: "loseResponse", count: 1 });
    const { provider } = await roboflowProvider(emulator);
    const error = await rejection(provider.create(await checked(provider, inputsFor(name))));
    emulator.faults.clear();
    expect(error.message).toContain(`deployment ${name} already exists`);
    expect(error.id).toBeUndefined();
    expect(liveNamed(name)).toHaveLength(1);
    expect(emulator.store.get(name)?.deployment_id).toBe(original.outs.deploymentId);
  });

  test("a name taken between the lookup and /add fails with the API's 409 and the adopt hint", async () => {
    const name = uniqueName("race");
    const first = await roboflowProvider(emulator);
    await first.provider.create(await checked(first.provider, inputsFor(name)));
    // The lookup misses it, as if the other create landed just after it.
    emulator.faults.add({ endpoint: "GET /get", kind: "status", status: 404, body: "not found", count: 1 });
    const { provider } = await roboflowProvider(emulator);
    const error = await rejection(provider.create(await checked(provider, inputsFor(name))));
    emulator.faults.clear();
    expect(error.message).toContain(
      `roboflow API POST /add failed with status 409: deployment ${name} already exists`,
    );
    expect(error.message).toContain("adopt: true");
    expect(error.id).toBeUndefined();
    expect(liveNamed(name)).toHaveLength(1);
  });

  test("adopt: true takes the existing deployment with no /add call", async () => {
    const name = uniqueName("adopt");
    const first = await roboflowProvider(emulator);
    const original = await first.provider.create(await checked(first.provider, inputsFor(name)));
    emulator.requests.reset();
    const { provider, logs } = await roboflowProvider(emulator);
    const result = await provider.create(await checked(provider, inputsFor(name, { adopt: true })));
    expect(result.id).toBe(name);
    expect(result.outs).toMatchObject({
      deploymentId: original.outs.deploymentId,
      status: "ready",
      adopt: true,
    });
    expect(emulator.requests.counts()["POST /add"]).toBeUndefined();
    expect(logs[0]).toContain(`adopted existing deployment ${name}`);
  });

  test("adopt: true rejects an existing deployment that differs from the inputs", async () => {
    const name = uniqueName("adoptx");
    const first = await roboflowProvider(emulator);
    await first.provider.create(await checked(first.provider, inputsFor(name)));
    emulator.requests.reset();
    const { provider } = await roboflowProvider(emulator);
    const error = await rejection(
      provider.create(await checked(provider, inputsFor(name, { adopt: true, machineType: "prod-gpu" }))),
    );
    expect(error.message).toContain(`deployment ${name} already exists and differs from the inputs`);
    expect(error.message).toContain("machineType is dev-gpu, not prod-gpu");
    expect(emulator.requests.counts()["POST /add"]).toBeUndefined();
    expect(emulator.store.get(name)?.machine_type).toBe("dev-gpu");
  });

  test("adopt: true creates the deployment when there is none", async () => {
    const name = uniqueName("adoptn");
    const { provider } = await roboflowProvider(emulator);
    const result = await provider.create(await checked(provider, inputsFor(name, { adopt: true })));
    expect(result.outs.status).toBe("ready");
    expect(emulator.requests.counts()["POST /add"]).toBe(1);
  });
});

describe("an ambiguous create", () => {
  test("takes the deployment created before the answer was lost: exactly one, no error", async () => {
    const name = uniqueName("lost");
    emulator.faults.add({ endpoint: "POST /add", kind: "loseResponse" });
    const { provider, logs } = await roboflowProvider(emulator);
    const result = await provider.create(await checked(provider, inputsFor(name)));
    expect(result.outs.status).toBe("ready");
    expect(liveNamed(name)).toHaveLength(1);
    expect(emulator.requests.counts()["POST /add"]).toBe(1);
    expect(logs.some((l) => l.includes("was created despite the failed answer"))).toBe(true);
  });

  test("creates once after a 500 on /add that did nothing: exactly one, no error", async () => {
    const name = uniqueName("five");
    emulator.faults.add({ endpoint: "POST /add", kind: "status", status: 500 });
    const { provider } = await roboflowProvider(emulator);
    const result = await provider.create(await checked(provider, inputsFor(name)));
    expect(result.outs.status).toBe("ready");
    expect(liveNamed(name)).toHaveLength(1);
    expect(emulator.requests.counts()["POST /add"]).toBe(2);
  });

  test("takes the deployment after a malformed answer to /add: exactly one, no error", async () => {
    const name = uniqueName("trunc");
    emulator.faults.add({ endpoint: "POST /add", kind: "malformedJson" });
    const { provider } = await roboflowProvider(emulator);
    const result = await provider.create(await checked(provider, inputsFor(name)));
    expect(result.outs.status).toBe("ready");
    expect(liveNamed(name)).toHaveLength(1);
    expect(emulator.requests.counts()["POST /add"]).toBe(1);
  });

  test("takes its own deployment when the retry after a lost answer is refused with 409", async () => {
    const name = uniqueName("lost409");
    // The first answer is lost after the work is done, and the look-up that follows misses it (the first
    // 404 answers the look-up before /add, where the name is free anyway).
    emulator.faults.add({ endpoint: "POST /add", kind: "loseResponse" });
    emulator.faults.add({
      endpoint: "GET /get",
      kind: "status",
      status: 404,
      body: `deployment ${name} not found`,
      count: 2,
    });
    const { provider } = await roboflowProvider(emulator);
    const result = await provider.create(await checked(provider, inputsFor(name)));
    expect(result.outs.status).toBe("ready");
    expect(liveNamed(name)).toHaveLength(1);
    expect(emulator.requests.entries.filter((e) => e.path === "/add").map((e) => e.status)).toEqual([0, 409]);
  });

  test("retries /add answered 503, which the API did not carry out", async () => {
    const name = uniqueName("busy");
    emulator.faults.add({ endpoint: "POST /add", kind: "status", status: 503, retryAfterSeconds: 1 });
    const { provider, sleeps, logs } = await roboflowProvider(emulator);
    const result = await provider.create(await checked(provider, inputsFor(name)));
    expect(result.outs.status).toBe("ready");
    expect(liveNamed(name)).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(1_000);
    expect(sleeps[0]).toBeLessThanOrEqual(2_000);
    expect(logs.some((l) => l.startsWith(`retrying POST /add in ${sleeps[0]} ms`))).toBe(true);
  });

  test("keeps polling through transient failures of /get while waiting", async () => {
    const name = uniqueName("flaky");
    emulator.faults.add({ endpoint: "GET /get", kind: "status", status: 502, count: 2 });
    emulator.faults.add({ endpoint: "GET /get", kind: "html200" });
    const { provider } = await roboflowProvider(emulator);
    const result = await provider.create(await checked(provider, inputsFor(name)));
    expect(result.outs.status).toBe("ready");
  });
});

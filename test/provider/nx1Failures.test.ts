/**
 * How the NX1 ModelDeployment provider fails: `failed` ends the wait with NX1's error message as created
 * but failed (and the next up replaces it), a wait past its deadline too, an ambiguous create is resolved
 * by reading the name, a 405 on delete points to retainOnDelete, bad input and a missing URL fail before any
 * call, and no error, log line or output carries the key.
 */
import type { Emulator, Nx1Store } from "../../emulator";
import type { Props } from "../../provider/core/dynamic";
import { MISSING_URL } from "../../provider/nx1/client";
import { checked, NX1_KEY, nx1Provider, onlineInputs, rejection, startNx1Emulator } from "./nx1Harness";

jest.setTimeout(30_000);

let emulator: Emulator<Nx1Store>;
beforeAll(async () => {
  emulator = await startNx1Emulator();
});
afterAll(() => emulator.close());
beforeEach(() => {
  emulator.requests.reset();
  emulator.faults.clear();
});

const PATH = "POST /api/models/churn/deployments";
const count = (endpoint: string) => emulator.requests.counts()[endpoint] ?? 0;
const liveNamed = (name: unknown) => emulator.store.list("churn").filter((d) => d.name === name);

describe("waiting fails", () => {
  test("on failed, with NX1's error message, as created but failed; the next diff replaces it", async () => {
    const { provider } = await nx1Provider(emulator);
    const news = await checked(provider, onlineInputs());
    emulator.store.failOnCreate("churn", news.name as string, "model signature does not match");
    const error = await rejection(provider.create(news));
    expect(error.message).toBe(
      `gave up waiting for deployment ${news.name} of model churn to be active: it failed: model signature does not match`,
    );
    expect(error.id).toBe(`churn/${news.name}`);
    expect(error.reasons).toEqual([error.message]);
    const properties = error.properties as Props;
    expect(properties).toMatchObject({ status: "failed", errorMessage: "model signature does not match" });
    expect(properties.__provider).toBe(news.__provider);
    expect(await provider.diff(error.id as string, properties, news)).toEqual({
      changes: true,
      replaces: ["status"],
      deleteBeforeReplace: true,
    });
  });

  test("past readyTimeoutMinutes, as created but failed with the last status; the next update waits again", async () => {
    let now = 0;
    const slow = await startNx1Emulator({
      timing: { pendingMs: 60_000, deployMs: 1, readyMs: 1, deleteMs: 1 },
    });
    try {
      const { provider: p } = await nx1Provider(slow, {
        now: () => now,
        onSleep: (ms) => {
          now += ms;
        },
      });
      const news = await checked(p, onlineInputs({ readyTimeoutMinutes: 0.01 }));
      const error = await rejection(p.create(news));
      expect(error.message).toMatch(
        /^timed out after 1 s waiting for deployment .* to be active; last seen: status pending$/,
      );
      const properties = error.properties as Props;
      expect(properties.status).toBe("pending");
      expect(await p.diff(error.id as string, properties, news)).toMatchObject({ changes: false });
      // The engine calls update for a resource that failed to initialise; it waits again.
      const again = await rejection(p.update(error.id as string, properties, news));
      expect(again.message).toMatch(/timed out/);
      expect(slow.requests.counts()[PATH]).toBe(1);
    } finally {
      await slow.close();
    }
  });
});

describe("an ambiguous create", () => {
  test("whose answer was lost is resolved by reading the name: one POST, one deployment", async () => {
    const { provider, logs } = await nx1Provider(emulator, { requestTimeoutMs: 2000 });
    const news = await checked(provider, onlineInputs());
    emulator.faults.add({ endpoint: PATH, kind: "loseResponse" });
    const result = await provider.create(news);
    expect(result.outs).toMatchObject({ status: "active" });
    expect(count(PATH)).toBe(1);
    expect(liveNamed(news.name)).toHaveLength(1);
    expect(logs.some((l) => l.includes("was created despite the failed answer"))).toBe(true);
  });

  test("whose answer was lost never takes over another stack's deployment of the same name", async () => {
    const first = await nx1Provider(emulator);
    const news = await checked(first.provider, onlineInputs());
    const original = await first.provider.create(news);
    emulator.requests.reset();
    emulator.faults.add({ endpoint: PATH, kind: "loseResponse", count: 1 });
    const { provider } = await nx1Provider(emulator, { requestTimeoutMs: 2000 });
    const error = await rejection(provider.create(news));
    emulator.faults.clear();
    expect(error.message).toContain(`deployment ${news.name} of model churn already exists`);
    expect(error.message).toContain("this stack did not create it");
    expect(error.id).toBeUndefined();
    expect(count(PATH)).toBe(0);
    expect(liveNamed(news.name)).toHaveLength(1);
    expect(liveNamed(news.name)[0].deployment_id).toBe((original.outs as Props).deploymentId);
    expect(emulator.store.get("churn", news.name as string)?.status).toBe("active");
  });

  test("that did nothing (a 500 before the work) is sent again once the name is found free", async () => {
    const { provider } = await nx1Provider(emulator);
    const news = await checked(provider, onlineInputs());
    emulator.faults.add({ endpoint: PATH, kind: "status", status: 500 });
    await provider.create(news);
    expect(count(PATH)).toBe(2);
    expect(liveNamed(news.name)).toHaveLength(1);
  });

  test("is not retried blindly on a clear refusal", async () => {
    const { provider } = await nx1Provider(emulator);
    const news = await checked(provider, onlineInputs());
    emulator.faults.add({
      endpoint: PATH,
      kind: "status",
      status: 400,
      body: "quota exceeded for domain marketing",
    });
    const error = await rejection(provider.create(news));
    expect(error.message).toBe(
      "nx1 API POST /api/models/churn/deployments failed with status 400: quota exceeded for domain marketing",
    );
    expect(count(PATH)).toBe(1);
  });
});

describe("delete on an NX1 without the assumed endpoint", () => {
  test("fails on 405 with the API's answer and what to do: retainOnDelete", async () => {
    const noDelete = await startNx1Emulator({ deleteAllowed: false });
    try {
      const { provider } = await nx1Provider(noDelete);
      const news = await checked(provider, onlineInputs());
      const { id, outs } = await provider.create(news);
      const error = await rejection(provider.delete(id, outs as Props));
      expect(error.message).toBe(
        `nx1 API DELETE /api/models/churn/deployments/${news.name} failed with status 405: Method Not Allowed: ` +
          `this NX1 API does not delete deployments, so archive ${news.name} of model churn in NX1 and keep ` +
          "Pulumi from deleting it with the resource option `retainOnDelete: true` (or drop it from the stack " +
          "with `pulumi state delete <urn>`)",
      );
    } finally {
      await noDelete.close();
    }
  });
});

describe("before any call", () => {
  test("bad input given straight to create names the property", async () => {
    const { provider } = await nx1Provider(emulator);
    const error = await rejection(provider.create(onlineInputs({ modelAlias: "champion" })));
    expect(error.message).toBe(
      "invalid input: modelVersion: give exactly one of [modelVersion] and [modelAlias]",
    );
    expect(emulator.requests.entries).toEqual([]);
  });

  test("a missing URL fails create with what to set", async () => {
    const { provider } = await nx1Provider(emulator, { config: { "nx1:apiKey": NX1_KEY } });
    await expect(provider.create(onlineInputs())).rejects.toThrow(MISSING_URL);
    expect(emulator.requests.entries).toEqual([]);
  });

  test("the URL and key from the environment work when config has none", async () => {
    const { provider } = await nx1Provider(emulator, {
      config: {},
      env: { NX1_API_KEY: NX1_KEY, NX1_API_URL: emulator.url },
    });
    const news = await checked(provider, onlineInputs());
    await expect(provider.create(news)).resolves.toMatchObject({ outs: { status: "active" } });
  });
});

describe("the key", () => {
  test("never appears in an error, a retry line or the outputs, even when the API echoes it", async () => {
    const { provider, logs } = await nx1Provider(emulator);
    const news = await checked(provider, onlineInputs());
    emulator.faults.add({
      endpoint: PATH,
      kind: "status",
      status: 503,
      body: `overloaded (caller ${NX1_KEY})`,
    });
    emulator.faults.add({
      endpoint: PATH,
      kind: "status",
      status: 403,
      body: `key ${NX1_KEY} may not create`,
    });
    const error = await rejection(provider.create(news));
    expect(error.message).toContain("403: key *** may not create");
    const { outs } = await provider.create(news);
    const everything = [error.message, error.stack, ...logs, JSON.stringify(outs)].join("\n");
    expect(logs.some((l) => l.includes("retrying POST"))).toBe(true);
    expect(everything).not.toContain(NX1_KEY);
  });

  test("a wrong key is a 401 naming the call, not the key", async () => {
    const { provider } = await nx1Provider(emulator, {
      config: { "nx1:apiKey": "nx1k-wrong-7a1c", "nx1:apiUrl": emulator.url },
    });
    const error = await rejection(provider.create(await checked(provider, onlineInputs())));
    // The API's answer, then what to do (main's errors-a-user-reads advice). The first call is the lookup
    // of the name before the create.
    expect(error.message).toMatch(
      /^nx1 API GET \/api\/models\/churn\/deployments\/[^ ]+ failed with status 401: Invalid PSK; check the key in nx1:apiKey or NX1_API_KEY; after rotating it, run `pulumi refresh --run-program`/,
    );
  });
});

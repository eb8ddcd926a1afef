/**
 * The NX1 ModelDeployment provider against the emulator: create and wait until active, read with drift,
 * roles in place, delete until gone, and adoption of a deployment whose name is taken.
 */
import type { Emulator, Nx1Store } from "../../emulator";
import type { Props } from "../../provider/core/dynamic";
import { getModelDeployment } from "../../provider/nx1";
import {
  batchInputs,
  checked,
  NX1_KEY,
  nx1Provider,
  onlineInputs,
  rejection,
  startNx1Emulator,
} from "./nx1Harness";

let emulator: Emulator<Nx1Store>;
beforeAll(async () => {
  emulator = await startNx1Emulator();
});
afterAll(() => emulator.close());
beforeEach(() => {
  emulator.requests.reset();
  emulator.faults.clear();
});

const calls = () => emulator.requests.entries.map((e) => `${e.method} ${e.path}`);
const writes = () => calls().filter((c) => !c.startsWith("GET "));

async function created(inputs: Props) {
  const { provider, logs } = await nx1Provider(emulator);
  const news = await checked(provider, inputs);
  const result = await provider.create(news);
  return { provider, logs, news, id: result.id as string, outs: result.outs as Props };
}

describe("create", () => {
  test("an online deployment: one POST, then polls until active with every replica ready", async () => {
    const { id, outs, news } = await created(onlineInputs({ allowedRoles: ["analyst"] }));
    const live = emulator.store.get("churn", news.name as string);
    expect(id).toBe(`churn/${news.name}`);
    expect(outs).toMatchObject({
      model: "churn",
      name: news.name,
      modelVersion: "3",
      type: "online",
      allowedRoles: ["analyst"],
      deploymentId: live?.deployment_id,
      status: "active",
      resolvedModelVersion: "3",
      serviceUrl: live?.service_url,
      replicaCount: 2,
      readyReplicas: 2,
      dagId: null,
      waitForActive: true,
    });
    expect(writes()).toEqual(["POST /api/models/churn/deployments"]);
    // The create answers pending: at least one poll follows, however fast the emulator moves on.
    expect(
      calls().filter((c) => c === `GET /api/models/churn/deployments/${news.name}`).length,
    ).toBeGreaterThan(0);
    expect(JSON.stringify(outs)).not.toContain(NX1_KEY);
  });

  test("a batch deployment following an alias: the resolved version, its DAG and the triggered run", async () => {
    const { outs } = await created(batchInputs({ triggerNow: true, schedule: null }));
    expect(outs).toMatchObject({
      modelAlias: "champion",
      resolvedModelVersion: "3",
      status: "active",
      dagId: expect.stringMatching(/^score_churn_batch_/),
      activeSchedule: null,
      lastRun: { rowsScored: 1000 },
      serviceUrl: null,
      rerunBehavior: "overwrite_partition",
      partitionColumn: "scored_at",
      triggerNow: true,
    });
  });

  test("with waitForActive false it returns after the POST, pending", async () => {
    const { outs } = await created(onlineInputs({ waitForActive: false }));
    expect(outs.status).toBe("pending");
    // The lookup of the name before the create, then the POST, and no poll after it.
    expect(calls()).toEqual([
      `GET /api/models/churn/deployments/${outs.name}`,
      "POST /api/models/churn/deployments",
    ]);
  });
});

describe("read", () => {
  test("an unchanged deployment reads back the same outputs", async () => {
    const { provider, id, outs } = await created(onlineInputs());
    const read = await provider.read(id, outs);
    expect(read).toEqual({ id, props: { ...outs, updatedAt: read.props?.updatedAt } });
  });

  test("a stopped deployment shows as stopped, with a line saying how to serve it again", async () => {
    const { provider, logs, id, outs, news } = await created(onlineInputs());
    emulator.store.stopOutOfBand("churn", news.name as string);
    const read = await provider.read(id, outs);
    expect(read.props).toMatchObject({ status: "stopped", readyReplicas: 0, stoppedAt: expect.any(String) });
    expect(logs.at(-1)).toMatch(/was stopped .*pulumi up --replace/);
  });

  test("a moved alias shows as a new resolved version", async () => {
    const { provider, id, outs, news } = await created(batchInputs({ model: "fraud" }));
    emulator.store.moveAlias("fraud", "champion", "6");
    const read = await provider.read(id, outs);
    expect([outs.resolvedModelVersion, read.props?.resolvedModelVersion]).toEqual(["3", "6"]);
    expect(read.props?.modelAlias).toBe("champion");
    expect(news.model).toBe("fraud");
  });

  test("roles changed elsewhere show in allowedRoles, so the next diff puts them back", async () => {
    const { provider, id, outs, news } = await created(onlineInputs({ allowedRoles: ["analyst"] }));
    emulator.store.setAllowedRoles("churn", news.name as string, ["intruder"]);
    const read = await provider.read(id, outs);
    expect(read.props?.allowedRoles).toEqual(["intruder"]);
    expect(await provider.diff(id, read.props as Props, news)).toMatchObject({ changes: true, replaces: [] });
  });

  test.each(["archive", "delete"] as const)(
    "a deployment whose %s happened elsewhere is gone",
    async (how) => {
      const { provider, id, outs, news } = await created(onlineInputs());
      if (how === "archive") emulator.store.archiveOutOfBand("churn", news.name as string);
      else emulator.store.deleteOutOfBand("churn", news.name as string);
      expect(await provider.read(id, outs)).toEqual({ id: "", props: {} });
    },
  );
});

describe("update", () => {
  test("new roles are one PUT of the same deployment, returning every output", async () => {
    const { provider, id, outs, news } = await created(onlineInputs({ allowedRoles: ["analyst"] }));
    emulator.requests.reset();
    const update = await provider.update(id, outs, { ...news, allowedRoles: ["analyst", "ops"] });
    expect(writes()).toEqual([`PUT /api/models/churn/deployments/${news.name}/allowed_roles`]);
    expect(update.outs).toMatchObject({
      deploymentId: outs.deploymentId,
      allowedRoles: ["analyst", "ops"],
      status: "active",
      serviceUrl: outs.serviceUrl,
    });
    expect(emulator.store.get("churn", news.name as string)?.allowed_roles).toEqual(["analyst", "ops"]);
  });

  test("removing every role sends an empty list: platform key only", async () => {
    const { provider, id, outs, news } = await created(onlineInputs({ allowedRoles: ["analyst"] }));
    const { allowedRoles: _removed, ...without } = news;
    await provider.update(id, outs, await checked(provider, without, news));
    expect(emulator.store.get("churn", news.name as string)?.allowed_roles).toEqual([]);
  });

  test("a client-side change makes no write", async () => {
    const { provider, id, outs, news } = await created(onlineInputs());
    emulator.requests.reset();
    const update = await provider.update(id, outs, { ...news, readyTimeoutMinutes: 5 });
    expect(writes()).toEqual([]);
    expect(update.outs).toMatchObject({ readyTimeoutMinutes: 5, status: "active" });
  });
});

describe("delete", () => {
  test("sends DELETE, waits until archived, and the name can be used again", async () => {
    const { provider, id, outs, news } = await created(onlineInputs());
    emulator.requests.reset();
    await provider.delete(id, outs);
    expect(emulator.store.get("churn", news.name as string)?.status).toBe("archived");
    expect(calls()[0]).toBe(`DELETE /api/models/churn/deployments/${news.name}`);
    expect(
      calls()
        .slice(1)
        .every((c) => c.startsWith("GET ")),
    ).toBe(true);
    await expect(provider.create(news)).resolves.toMatchObject({ id });
  });

  test("a deployment already gone counts as deleted", async () => {
    const { provider, id, outs, news } = await created(onlineInputs());
    emulator.store.deleteOutOfBand("churn", news.name as string);
    await expect(provider.delete(id, outs)).resolves.toBeUndefined();
  });
});

describe("a taken name", () => {
  test("fails without adopt, before any POST, with a clear error naming the deployment and suggesting adopt", async () => {
    const { news, outs } = await created(onlineInputs());
    emulator.requests.reset();
    const { provider } = await nx1Provider(emulator);
    const error = await rejection(provider.create(news));
    expect(error.message).toBe(
      `nx1: deployment ${news.name} of model churn already exists (id ${outs.deploymentId}, status active) and ` +
        "this stack did not create it: another stack, or someone outside Pulumi, uses the name. Nothing was " +
        `created or deleted. If deployment ${news.name} of model churn is yours, set adopt: true to manage it ` +
        "without recreating it (or run this once with NX1_ADOPT_EXISTING=true), or choose another name",
    );
    expect(error.id).toBeUndefined();
    expect(writes()).toEqual([]);
    expect(emulator.store.list("churn").filter((d) => d.name === news.name)).toHaveLength(1);
  });

  test("taken between the lookup and the POST, fails with the API's answer and a hint", async () => {
    const { provider, news } = await created(onlineInputs());
    // The lookup misses it, as if the other create landed just after it.
    emulator.faults.add({
      endpoint: `GET /api/models/churn/deployments/${news.name}`,
      kind: "status",
      status: 404,
      body: "not found",
      count: 1,
    });
    const error = await rejection(provider.create(news));
    expect(error.message).toBe(
      `nx1 API POST /api/models/churn/deployments failed with status 409: Deployment '${news.name}' already ` +
        `exists for model 'churn': set adopt: true to manage the existing deployment ${news.name} of model churn, ` +
        "or choose another name",
    );
    expect(error.id).toBeUndefined();
  });

  test("is adopted with adopt: true when it matches, its roles set to the inputs", async () => {
    const { provider, news, outs } = await created(onlineInputs());
    emulator.requests.reset();
    const adopted = await provider.create({ ...news, adopt: true, allowedRoles: ["ops"] });
    expect(adopted.outs).toMatchObject({
      deploymentId: outs.deploymentId,
      allowedRoles: ["ops"],
      status: "active",
    });
    expect(writes()).toEqual([
      "POST /api/models/churn/deployments",
      `PUT /api/models/churn/deployments/${news.name}/allowed_roles`,
    ]);
  });

  test("is refused with adopt: true when it differs, naming the differences", async () => {
    const { provider, news } = await created(onlineInputs());
    const error = await rejection(
      provider.create({ ...news, adopt: true, modelVersion: "4", owner: "other" }),
    );
    expect(error.message).toBe(
      `cannot adopt deployment ${news.name} of model churn: it differs from the inputs: ` +
        "modelVersion is 3, the inputs say 4; owner is ml-team, the inputs say other",
    );
  });
});

describe("getModelDeployment", () => {
  test("reads one deployment as the API answers it", async () => {
    const { news, outs } = await created(onlineInputs());
    const found = await getModelDeployment({
      model: "churn",
      name: news.name as string,
      apiKey: NX1_KEY,
      apiUrl: emulator.url,
    });
    expect(found).toMatchObject({ deploymentId: outs.deploymentId, status: "active", type: "online" });
  });

  test("without a URL anywhere, says what to set", async () => {
    await expect(getModelDeployment({ model: "churn", name: "x", apiKey: NX1_KEY })).rejects.toThrow(
      /^nx1 lookup: no NX1 API URL: NX1 has no public default/,
    );
  });
});

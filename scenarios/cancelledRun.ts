/**
 * A `pulumi up` cancelled mid-wait, as a CI runner cancels a job (SIGINT to the CLI), on either path: one
 * program declaring a deployment of every platform, each API an emulator whose deployments stay pending
 * until told. The run must end well within GitHub's 7.5 s before SIGTERM, with every deployment the APIs
 * accepted in state and no pending operation; the next plain `up` waits for readiness and converges, with
 * nothing in the APIs that state does not hold. No test framework here: tests assert, reports print.
 */
import { randomBytes } from "node:crypto";
import { createEmulator, type Emulator, ManualClock } from "../emulator";
import { createTestStack, resourcesOfType, type TestStack } from "./engine";
import { type ProviderPath, providerProcesses } from "./killedEngine";
import { createYamlStack, type YamlResource } from "./native";

/** One platform of the cancelled program: its emulator, a resource, and how to count what the API holds. */
interface CancelPlatform {
  namespace: "roboflow" | "paperspace" | "nx1" | "shipyard";
  type: string;
  /** The create endpoint, as the emulator's request log counts it. */
  createCall: string;
  properties: Record<string, unknown>;
  start(clock: ManualClock): Promise<Emulator<unknown>>;
  /** The ids of the deployments the API holds, live (not deleted or archived). */
  live(emulator: Emulator<unknown>): string[];
  /** Whether the state's outputs say the deployment is ready. */
  ready(outputs: Record<string, unknown>): boolean;
}

const key = (namespace: string) => `${namespace}-cancel-Kq4Wm8-do-not-print`;

/** The four platforms, each waiting 10 minutes of emulator time for readiness and deleting at once. */
export const cancelPlatforms: CancelPlatform[] = [
  {
    namespace: "roboflow",
    type: "DedicatedDeployment",
    createCall: "POST /add",
    properties: { deploymentName: "cancel-rf", machineType: "dev-gpu", creatorEmail: "ops@example.com" },
    start: (clock) =>
      createEmulator({
        apiKey: key("roboflow"),
        clock,
        timing: { pendingMs: 600_000, resumeMs: 0, deleteMs: 0 },
      }) as Promise<Emulator<unknown>>,
    live: (e) => (e.store as import("../emulator").RoboflowStore).live().map((d) => d.deployment_name),
    ready: (o) => o.status === "ready",
  },
  {
    namespace: "paperspace",
    type: "Deployment",
    createCall: "POST /deployments",
    properties: {
      projectId: "pr1emulat",
      name: "cancel-ps",
      image: "paperspace/fastapi-deployment:latest",
      ports: [8000],
      resources: { machineType: "C4", replicas: 1 },
    },
    start: (clock) =>
      createEmulator({
        platform: "paperspace",
        apiKey: key("paperspace"),
        clock,
        timing: { applyMs: 300_000, readyMs: 300_000 },
      }) as Promise<Emulator<unknown>>,
    live: (e) => (e.store as import("../emulator").PaperspaceStore).list().map((d) => d.id),
    ready: (o) => typeof o.dtHealthy === "string",
  },
  {
    namespace: "nx1",
    type: "ModelDeployment",
    createCall: "POST /api/models/churn/deployments",
    properties: {
      model: "churn",
      name: "cancel-nx1",
      modelVersion: "3",
      type: "online",
      domain: "marketing",
      owner: "ml-team",
    },
    start: (clock) =>
      createEmulator({
        platform: "nx1",
        apiKey: key("nx1"),
        clock,
        timing: { pendingMs: 200_000, deployMs: 200_000, readyMs: 200_000, deleteMs: 0 },
      }) as Promise<Emulator<unknown>>,
    live: (e) =>
      (e.store as import("../emulator").Nx1Store)
        .list()
        .filter((d) => d.status !== "archived")
        .map((d) => `${d.model.model_name}/${d.name}`),
    ready: (o) => o.status === "active",
  },
  {
    namespace: "shipyard",
    type: "Deployment",
    createCall: "POST /api/deployments/deploy-image",
    properties: { image: "myapp:v1.0.0", name: "cancel-sy" },
    start: (clock) =>
      createEmulator({
        platform: "shipyard",
        apiKey: key("shipyard"),
        clock,
        tier: "enterprise",
        timing: { pendingMs: 300_000, provisionMs: 300_000, deleteMs: 0 },
      }) as Promise<Emulator<unknown>>,
    live: (e) => (e.store as import("../emulator").ShipyardStore).list().map((d) => d.name),
    ready: (o) => o.status === "Ready",
  },
];

/** The JavaScript program: one dynamic resource per entry of the stack config object `resources`. */
export const dynamicProgram = `
const pulumi = require("@pulumi/pulumi");
const pdd = require("pulumi-dedicated-deployments");
const specs = new pulumi.Config().requireObject("resources");
for (const [name, spec] of Object.entries(specs)) {
  const r = new pdd[spec.namespace][spec.type](name, spec.properties);
  exports[name] = r.status;
}
`;

/** What one cancelled run and its recovery came to. */
export interface CancelledRunFigures {
  path: ProviderPath;
  /** Milliseconds from the SIGINT until the CLI exited. */
  exitAfterMs: number;
  exitCode: number | null;
  /** Per platform: deployments the API accepted before the cancel. */
  accepted: Record<string, number>;
  /** Per platform: deployments whose wait the cancel ended, as the run reported them (their names). */
  cancelledWaits: Record<string, number>;
  /** Per platform: resources of the platform the state held after the cancelled run, each with an id. */
  inStateAfterCancel: Record<string, number>;
  pendingAfterCancel: number;
  /** Provider processes of the cancelled run alive 2 s after it ended. */
  providersLeft: number;
  /** The plain `up` after it: exit code, resources ready in state, deployments in the APIs, orphans. */
  recovery: {
    code: number | null;
    ready: Record<string, number>;
    live: Record<string, number>;
    orphans: number;
    pending: number;
  };
  /** The orphans, `<platform>:<id>`. */
  orphanIds: string[];
  /** Deployments left in the APIs after `destroy`. */
  leftAfterDestroy: number;
  /** What the cancelled run printed, for a failed assertion to show. */
  output: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The resource type in state of a platform's resource on a path. */
function stateType(path: ProviderPath, p: CancelPlatform): string {
  return path === "dynamic"
    ? `pulumi-nodejs:dynamic/${p.namespace}:${p.type}`
    : `${p.namespace}:index:${p.type}`;
}

/**
 * `pulumi up` of the four platforms' deployments on `path`, SIGINT to the CLI once every API accepted its
 * create and the providers are waiting; then a plain `up` with the deployments ready, then `destroy`.
 */
export async function runCancelledUp(path: ProviderPath): Promise<CancelledRunFigures> {
  const clock = new ManualClock();
  const emulators = await Promise.all(cancelPlatforms.map((p) => p.start(clock)));
  const config = Object.fromEntries(
    cancelPlatforms.flatMap((p, i) => [
      [`${p.namespace}:apiUrl`, { value: emulators[i]?.url ?? "" }],
      [`${p.namespace}:apiKey`, { value: key(p.namespace), secret: true }],
    ]),
  );
  const names = cancelPlatforms.map((p) => `${p.namespace}-${path}`);
  const forPath = (p: CancelPlatform, i: number) => {
    // Names differ per path, so the two paths' runs never share a deployment.
    const nameKey = p.namespace === "roboflow" ? "deploymentName" : "name";
    const properties: Record<string, unknown> = {
      ...p.properties,
      [nameKey]: `${String(p.properties[nameKey])}-${path.slice(0, 3)}`,
    };
    return [names[i] ?? "", properties] as const;
  };
  let t: TestStack;
  if (path === "dynamic") {
    const resources = Object.fromEntries(
      cancelPlatforms.map((p, i) => {
        const [name, properties] = forPath(p, i);
        return [name, { namespace: p.namespace, type: p.type, properties }];
      }),
    );
    t = await createTestStack("cancelled", dynamicProgram, {
      ...config,
      resources: { value: JSON.stringify(resources) },
    });
  } else {
    const resources: Record<string, YamlResource> = Object.fromEntries(
      cancelPlatforms.map((p, i) => {
        const [name, properties] = forPath(p, i);
        return [name, { type: stateType("native", p), properties }];
      }),
    );
    t = await createYamlStack("cancelledyaml", resources, config);
  }
  const marker = `PDD_CANCELLED_RUN=${randomBytes(8).toString("hex")}`;
  const [markerKey, markerValue] = marker.split("=") as [string, string];
  try {
    const run = t.spawnCli(["up", "--yes", "--skip-preview"], { [markerKey]: markerValue });
    let output = "";
    run.stdout?.on("data", (c) => {
      output += c;
    });
    run.stderr?.on("data", (c) => {
      output += c;
    });
    const closed = new Promise<number | null>((resolve) => run.once("close", resolve));
    const accepted = () =>
      Object.fromEntries(
        cancelPlatforms.map((p, i) => [p.namespace, emulators[i]?.requests.counts()[p.createCall] ?? 0]),
      );
    const deadline = Date.now() + 120_000;
    while (Object.values(accepted()).some((n) => n < 1) && Date.now() < deadline) {
      await sleep(100);
    }
    await sleep(1_500); // every provider is now between polls of its wait
    process.kill(run.pid ?? 0, "SIGINT");
    const signalledAt = Date.now();
    const exitCode = await closed;
    const exitAfterMs = Date.now() - signalledAt;
    await sleep(2_000);
    const providersLeft = providerProcesses(marker).length;
    const afterCancel = JSON.parse(await t.exportState()) as { pending_operations?: unknown[] };
    const inStateAfterCancel = Object.fromEntries(
      cancelPlatforms.map((p) => [
        p.namespace,
        resourcesOfType(JSON.stringify(afterCancel), stateType(path, p)).filter((r) => r.id).length,
      ]),
    );
    const acceptedCounts = accepted();
    const cancelledWaits = Object.fromEntries(
      cancelPlatforms.map((p, i) => {
        const name = String(forPath(p, i)[1][p.namespace === "roboflow" ? "deploymentName" : "name"]);
        return [p.namespace, output.includes(`cancelled while waiting for deployment ${name} `) ? 1 : 0];
      }),
    );

    // Everything becomes ready; a plain `up` must wait for it and converge.
    clock.advance(3_600_000);
    const recovered = await t.runCli(["up", "--yes", "--skip-preview"]);
    const state = await t.exportState();
    const stateIds = new Set<string>();
    const ready: Record<string, number> = {};
    const live: Record<string, number> = {};
    const orphanIds: string[] = [];
    cancelPlatforms.forEach((p, i) => {
      const resources = resourcesOfType(state, stateType(path, p));
      ready[p.namespace] = resources.filter((r) => r.outputs && p.ready(r.outputs)).length;
      for (const r of resources) stateIds.add(`${p.namespace}:${r.id}`);
      const ids = p.live(emulators[i] as Emulator<unknown>);
      live[p.namespace] = ids.length;
      orphanIds.push(
        ...ids.filter((id) => !stateIds.has(`${p.namespace}:${id}`)).map((id) => `${p.namespace}:${id}`),
      );
    });
    const pending = (JSON.parse(state) as { pending_operations?: unknown[] }).pending_operations?.length ?? 0;
    await t.runCli(["destroy", "--yes", "--skip-preview"]);
    const leftAfterDestroy = cancelPlatforms.reduce(
      (sum, p, i) => sum + p.live(emulators[i] as Emulator<unknown>).length,
      0,
    );
    return {
      path,
      exitAfterMs,
      exitCode,
      accepted: acceptedCounts,
      cancelledWaits,
      inStateAfterCancel,
      pendingAfterCancel: afterCancel.pending_operations?.length ?? 0,
      providersLeft,
      recovery: { code: recovered.code, ready, live, orphans: orphanIds.length, pending },
      orphanIds,
      leftAfterDestroy,
      output: `${output}\n--- recovery ---\n${recovered.text}`,
    };
  } finally {
    for (const p of providerProcesses(marker)) {
      process.kill(p.pid, "SIGKILL");
    }
    await t.remove();
    await Promise.all(emulators.map((e) => e.close()));
  }
}

/**
 * Figures about the provider under the real Pulumi engine: API calls per command, wall time of `up` and
 * `destroy` against a stack of no-op dynamic resources, state size, and growth from 50 to 200 resources.
 *
 * Both stacks are programs in the packed workspace (`packedWorkspace()`), as a user's project is. The
 * emulator answers at once (pendingMs, deleteMs 0), so what is timed is the engine, the provider host
 * and the provider, never a wait. Runs of the stacks alternate, so all see the same machine load.
 */
import type { ConfigMap } from "@pulumi/pulumi/automation";
import { createEmulator, type Emulator } from "../emulator";
import { createTestStack, resourcesOfType, type TestStack } from "../scenarios/engine";
import { ROBOFLOW_TYPE } from "../scenarios/programs";
import { describeTimed, type StateFigures, stateFigures, type Timed, time } from "./measure";

/** `count` DedicatedDeployments (bench-0000, bench-0001, ...), nothing exported: only the resources weigh. */
const deploymentsProgram = `
const pulumi = require("@pulumi/pulumi");
const { roboflow } = require("pulumi-dedicated-deployments");
const config = new pulumi.Config();
const count = config.requireNumber("count");
for (let i = 0; i < count; i++) {
  new roboflow.DedicatedDeployment("d" + i, {
    deploymentName: "bench-" + String(i).padStart(4, "0"),
    machineType: "dev-gpu",
    creatorEmail: "bench@example.com",
  });
}
`;

/**
 * The baseline: `count` minimal dynamic resources whose provider creates at once and has no delete.
 * `prelude` adds work to the program; `properties` names the inputs and outputs each resource carries
 * (a deployment's, for the reference that tells the engine's per-property cost from our provider's work).
 */
function noopProgram(prelude = "", properties: string[] = []): string {
  return `
const pulumi = require("@pulumi/pulumi");
${prelude}
const keys = ${JSON.stringify(properties)};
const provider = {
  async create(inputs) {
    const outs = { ...inputs };
    for (const key of keys) outs[key] = "value of " + key;
    return { id: inputs.name, outs };
  },
};
const count = new pulumi.Config().requireNumber("count");
for (let i = 0; i < count; i++) {
  const props = { name: "noop-" + i };
  for (const key of keys) props[key] = undefined;
  new pulumi.dynamic.Resource(provider, "n" + i, props);
}
`;
}

const API_KEY = "bench-engine-key-4mW8qT2x";

export interface EngineOptions {
  /** Resources in the measured stacks (the issue: 50). */
  count: number;
  /** Resources for the growth figure (the issue: 200). */
  growthCount: number;
  /** Timed up+destroy pairs per stack at `count`. */
  rounds: number;
  /** Timed up+destroy pairs per stack at `growthCount`. */
  growthRounds: number;
  /** Progress lines (to stderr). */
  progress: (line: string) => void;
}

/** API calls made by one engine command, per endpoint. */
export type CallCounts = Record<string, number>;

/**
 * Every timed run of one stack at one size, in milliseconds: wall time, and CPU time (user + system)
 * of the engine's processes (CLI, language host, program, provider host), which other load on the
 * machine disturbs much less than wall time.
 */
export interface Timings {
  up: number[];
  destroy: number[];
  upCpu: number[];
  destroyCpu: number[];
}

/** The stacks timed side by side. */
export type StackKind = "deployments" | "noop" | "noopWithPackage" | "noopWithOurProperties";

export type { StateFigures } from "./measure";

export interface EngineFigures {
  count: number;
  growthCount: number;
  parallel: string;
  calls: {
    previewNew: CallCounts;
    up: CallCounts;
    previewNoChange: CallCounts;
    upNoChange: CallCounts;
    refresh: CallCounts;
    destroy: CallCounts;
  };
  /** At `count`: every kind; at `growthCount`: all but noopWithPackage. */
  timings: Record<StackKind, Timings>;
  growthTimings: { deployments: Timings; noop: Timings; noopWithOurProperties: Timings };
  state: { deployments: StateFigures; noop: StateFigures };
}

const emptyTimings = (): Timings => ({ up: [], destroy: [], upCpu: [], destroyCpu: [] });

/** Runs every engine measurement and returns the raw figures; ratios are computed by the caller. */
export async function measureEngine(options: EngineOptions): Promise<EngineFigures> {
  const say = options.progress;
  const emulator = await createEmulator({
    apiKey: API_KEY,
    timing: { pendingMs: 0, resumeMs: 0, deleteMs: 0 },
  });
  const stacks: TestStack[] = [];
  const stack = async (name: string, program: string, config: ConfigMap) => {
    const created = await createTestStack(name, program, {
      count: { value: String(options.count) },
      ...config,
    });
    stacks.push(created);
    return created;
  };
  try {
    say("packing the package and preparing the stacks");
    const deployments = await stack("bench-deployments", deploymentsProgram, {
      "roboflow:apiUrl": { value: emulator.url },
      "roboflow:apiKey": { value: API_KEY, secret: true },
    });
    const noop = await stack("bench-noop", noopProgram(), {});
    const runner = new Runner(emulator, say);

    // Calls and state, on a first (untimed, cold) run of each stack.
    say(`calls: preview, up, preview, up, refresh, destroy of ${options.count} deployments`);
    const calls = {
      previewNew: await runner.calls(() => deployments.preview()),
      up: await runner.calls(() => runner.up(deployments, options.count, "deployments")),
      previewNoChange: await runner.calls(() => deployments.preview()),
      upNoChange: await runner.calls(async () => {
        const result = await deployments.up();
        const changes = result.summary.resourceChanges ?? {};
        if (Object.keys(changes).some((k) => k !== "same")) {
          throw new Error(`a second up was expected to change nothing, it did ${JSON.stringify(changes)}`);
        }
      }),
      refresh: await runner.calls(() => deployments.refresh()),
      destroy: {},
    };
    const upState = await deployments.exportState();
    const deploymentsState = stateFigures(upState, deployments.stateDir);
    // The names of a deployment's outputs (its inputs among them), for the per-property reference.
    const [first] = resourcesOfType(upState, ROBOFLOW_TYPE);
    const properties = Object.keys(first?.outputs ?? {}).filter((k) => k !== "__provider");
    calls.destroy = await runner.calls(() => runner.destroy(deployments, "deployments"));
    await runner.up(noop, options.count, "noop");
    const noopState = stateFigures(await noop.exportState(), noop.stateDir);
    await runner.destroy(noop, "noop");

    // Two stacks that tell the overhead's parts apart: the package loaded by the program, and resources
    // carrying as many properties as a deployment (what the SDK and the engine spend per property).
    const withPackage = await stack(
      "bench-noop-package",
      noopProgram('require("pulumi-dedicated-deployments");'),
      {},
    );
    const heavy = await stack("bench-noop-properties", noopProgram("", properties), {});

    const timings: Record<StackKind, Timings> = {
      deployments: emptyTimings(),
      noop: emptyTimings(),
      noopWithPackage: emptyTimings(),
      noopWithOurProperties: emptyTimings(),
    };
    const growthTimings = {
      deployments: emptyTimings(),
      noop: emptyTimings(),
      noopWithOurProperties: emptyTimings(),
    };
    const alternate = async (count: number, rounds: number, runs: Array<[TestStack, Timings, StackKind]>) => {
      for (const [s] of runs) await s.setConfig({ count: { value: String(count) } });
      for (let round = 1; round <= rounds; round++) {
        say(`timing ${count} resources, round ${round} of ${rounds}`);
        // Alternate the order, so no stack always runs on the warmer (or busier) machine.
        for (const [s, into, kind] of round % 2 === 1 ? runs : [...runs].reverse()) {
          const up = await runner.up(s, count, kind);
          into.up.push(up.wallMs);
          into.upCpu.push(up.cpuMs);
          const destroy = await runner.destroy(s, kind);
          into.destroy.push(destroy.wallMs);
          into.destroyCpu.push(destroy.cpuMs);
        }
      }
    };
    await alternate(options.count, options.rounds, [
      [deployments, timings.deployments, "deployments"],
      [noop, timings.noop, "noop"],
      [withPackage, timings.noopWithPackage, "noopWithPackage"],
      [heavy, timings.noopWithOurProperties, "noopWithOurProperties"],
    ]);
    await alternate(options.growthCount, options.growthRounds, [
      [deployments, growthTimings.deployments, "deployments"],
      [noop, growthTimings.noop, "noop"],
      [heavy, growthTimings.noopWithOurProperties, "noopWithOurProperties"],
    ]);

    return {
      count: options.count,
      growthCount: options.growthCount,
      parallel: "engine default (8)",
      calls,
      timings,
      growthTimings,
      state: { deployments: deploymentsState, noop: noopState },
    };
  } finally {
    for (const s of stacks) await s.remove();
    await emulator.close();
  }
}

/** Runs engine commands, checks they did what was asked, and times them. */
class Runner {
  constructor(
    private readonly emulator: Emulator,
    private readonly say: (line: string) => void,
  ) {}

  /** The API calls `work` made, per endpoint. */
  async calls(work: () => Promise<unknown>): Promise<CallCounts> {
    this.emulator.requests.reset();
    await work();
    return this.emulator.requests.counts();
  }

  /** Times `up`, after checking it created `count` resources (and, for deployments, live ones). */
  async up(stack: TestStack, count: number, kind: StackKind): Promise<Timed> {
    const { result, ...timed } = await time(() => stack.up());
    const created = result.summary.resourceChanges?.create ?? 0;
    if (created !== count + 1) {
      throw new Error(`up of ${count} ${kind} created ${created} resources, expected ${count + 1}`);
    }
    if (kind === "deployments" && this.emulator.store.live().length !== count) {
      throw new Error(
        `after up, ${this.emulator.store.live().length} deployments are live, expected ${count}`,
      );
    }
    this.say(`  up ${kind} (${count}): ${describeTimed(timed)}`);
    return timed;
  }

  /** Times `destroy`, after checking that no deployment is left. */
  async destroy(stack: TestStack, kind: StackKind): Promise<Timed> {
    const { result: _, ...timed } = await time(() => stack.destroy());
    if (kind === "deployments" && this.emulator.store.live().length !== 0) {
      throw new Error(`after destroy, ${this.emulator.store.live().length} deployments are still live`);
    }
    this.say(`  destroy ${kind}: ${describeTimed(timed)}`);
    return timed;
  }
}

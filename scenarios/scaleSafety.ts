/**
 * Safety between runners on one shared backend and one API account: two runners on one stack (the lock),
 * a runner killed mid-`up` (the README's recovery, done from another runner), and two stacks declaring the
 * same deployment name. Each returns its figures; test/e2e/scale.test.ts asserts, the scale report prints.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { Emulator } from "../emulator";
import {
  type BranchStack,
  branchStacks,
  bringUp,
  createRunners,
  finished,
  killLeftovers,
  prepareStack,
  type Runner,
  tearDown,
} from "./runners";
import {
  initializeBackend,
  openBackend,
  type Reconciliation,
  reconcile,
  SCALE_KEY,
  type ScaleApiOptions,
  scaleEmulator,
} from "./scale";
import type { StateBackend } from "./stateBackends";

/** Runs `scenario` with an emulator, a backend and two runners, and cleans all up. */
async function withTwoRunners<T>(
  kind: StateBackend["kind"],
  api: ScaleApiOptions,
  scenario: (emulator: Emulator, backend: StateBackend, a: Runner, b: Runner) => Promise<T>,
): Promise<T> {
  const emulator = await scaleEmulator(api);
  const backend = await openBackend(kind);
  const runners = await createRunners(2, backend.env, SCALE_KEY);
  try {
    await initializeBackend(runners);
    const [a, b] = runners as [Runner, Runner];
    return await scenario(emulator, backend, a, b);
  } finally {
    for (const runner of runners) runner.remove();
    await backend.close();
    await emulator.close();
  }
}

/** Polls `condition` every 100 ms for at most `ms`; says whether it came true. */
async function waitFor(condition: () => boolean | Promise<boolean>, ms = 120_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await sleep(100);
  }
  return false;
}

const addCalls = (emulator: Emulator) => emulator.requests.counts()["POST /add"] ?? 0;
const deleteCalls = (emulator: Emulator) => emulator.requests.counts()["POST /delete"] ?? 0;

export interface LockFigures {
  /** Exit code of the first runner's `up` and of the second's, started while the first held the lock. */
  firstCode: number | null;
  secondCode: number | null;
  /** What the refused runner printed about the lock. */
  lockError: string;
  /** Whether the lock error names the first runner's process (its pid, user and host). */
  namesHolder: boolean;
  locksAfter: number;
  recorded: string[];
  pendingOperations: number;
  /** The refused runner's next `up`, and a preview after it that must find nothing to do. */
  rerunCode: number | null;
  previewNoChangesCode: number | null;
  addCalls: number;
  after: Reconciliation;
}

/** Two runners on one stack at once: the second starts while the first holds the stack's lock. */
export function runLockContention(kind: StateBackend["kind"], api: ScaleApiOptions): Promise<LockFigures> {
  return withTwoRunners(kind, api, async (emulator, backend, a, b) => {
    const [env] = branchStacks(1, "feature/two-runners") as [BranchStack];
    for (const runner of [a, b]) await prepareStack(runner, env, emulator.url);
    const first = a.spawn(["up", "--yes", "--skip-preview", "--stack", env.stack]);
    const firstDone = finished(first);
    await waitFor(async () => (await backend.locks()).length > 0);
    const second = await b.cli(["up", "--yes", "--skip-preview", "--stack", env.stack]);
    const firstResult = await firstDone;
    const lockError = second.text
      .split("\n")
      .filter((line) => /locked|created by/.test(line))
      .join("\n");
    const record = (await backend.stacks()).get(env.stack);
    const locksAfter = (await backend.locks()).length;
    const rerun = await b.cli(["up", "--yes", "--skip-preview", "--stack", env.stack]);
    const preview = await b.cli(["preview", "--expect-no-changes", "--stack", env.stack]);
    const figures: LockFigures = {
      firstCode: firstResult.code,
      secondCode: second.code,
      lockError,
      namesHolder: new RegExp(`created by \\S+@\\S+ \\(pid ${first.pid}\\)`).test(second.text),
      locksAfter,
      recorded: record?.deployments ?? [],
      pendingOperations: record?.pendingOperations ?? -1,
      rerunCode: rerun.code,
      previewNoChangesCode: preview.code,
      addCalls: addCalls(emulator),
      after: await reconcile(emulator, backend, [env]),
    };
    await tearDown(a, env);
    return figures;
  });
}

export interface KilledRunnerFigures {
  /** Processes of the killed run still alive after its process group was killed (the provider plugin). */
  strays: number;
  /** Lock records left by the killed run, and creates the API had accepted when it was killed. */
  locksLeft: number;
  inFlight: number;
  /** Exit codes of the README's steps, run by another runner: cancel, refresh --clear-pending-creates, adopting up. */
  steps: Array<number | null>;
  recorded: string[];
  addCalls: number;
  after: Reconciliation;
  leftLive: number;
}

/** A runner killed (its whole process group) mid-`up`; another runner recovers the stack as docs/ci.md says. */
export function runKilledRunner(
  kind: StateBackend["kind"],
  api: ScaleApiOptions,
): Promise<KilledRunnerFigures> {
  return withTwoRunners(kind, api, async (emulator, backend, a, b) => {
    const [env] = branchStacks(1, "feature/killed-runner") as [BranchStack];
    await prepareStack(a, env, emulator.url);
    const run = a.spawn(["up", "--yes", "--skip-preview", "--stack", env.stack]);
    const done = finished(run);
    await waitFor(() => emulator.store.get(env.stack) !== undefined);
    process.kill(-(run.pid ?? 0), "SIGKILL");
    await done;
    const strays = killLeftovers(a.home); // the provider plugin outlives its engine otherwise
    const locksLeft = (await backend.locks()).length;
    const inFlight = emulator.store.live().filter((d) => d.status === "pending").length;
    await prepareStack(b, env, emulator.url);
    const steps = [
      await b.cli(["cancel", "--yes", "--stack", env.stack]),
      await b.cli(["refresh", "--yes", "--clear-pending-creates", "--stack", env.stack]),
      await b.cli(["up", "--yes", "--skip-preview", "--stack", env.stack], {
        ROBOFLOW_ADOPT_EXISTING: "true",
      }),
    ];
    const figures: KilledRunnerFigures = {
      strays,
      locksLeft,
      inFlight,
      steps: steps.map((s) => s.code),
      recorded: (await backend.stacks()).get(env.stack)?.deployments ?? [],
      addCalls: addCalls(emulator),
      after: await reconcile(emulator, backend, [env]),
      leftLive: 0,
    };
    await tearDown(b, env);
    figures.leftLive = emulator.store.live().length;
    return figures;
  });
}

export interface NameConflictFigures {
  name: string;
  firstCode: number | null;
  /** The second stack's `up`, and the error it printed. */
  secondCode: number | null;
  secondError: string;
  /** Whether the first stack's deployment is still live with the same id after the second stack's up and destroy. */
  firstIntact: boolean;
  /** What the second stack recorded: never the first's deployment. */
  secondRecorded: string[];
  /** `/delete` calls made before the first stack's own destroy. */
  deletesBySecond: number;
  secondDestroyCode: number | null;
  after: Reconciliation;
}

/**
 * Two stacks whose programs declare the same `deploymentName` (the second's `branch` config copied from
 * the first's), without `adopt`. With `loseAnswer`, the API carries out the second stack's first `/add`
 * (refusing it: the name is taken) but its answer is lost, so the provider must resolve an ambiguous create.
 */
export function runNameConflict(
  kind: StateBackend["kind"],
  api: ScaleApiOptions,
  loseAnswer = false,
): Promise<NameConflictFigures> {
  const suffix = loseAnswer ? "lost" : "plain";
  return withTwoRunners(kind, api, async (emulator, backend, a, b) => {
    const [first, second] = branchStacks(2, `feature/same-name-${suffix}`) as [BranchStack, BranchStack];
    const up = await bringUp(a, first, emulator.url);
    const name = first.stack;
    const id = emulator.store.get(name)?.deployment_id;
    if (loseAnswer) emulator.faults.add({ endpoint: "POST /add", kind: "loseResponse", count: 1 });
    const conflicting = await bringUp(b, second, emulator.url, first.branch);
    emulator.faults.clear();
    const secondRecorded = (await backend.stacks()).get(second.stack)?.deployments ?? [];
    const secondDestroy = await tearDown(b, second);
    const figures: NameConflictFigures = {
      name,
      firstCode: up.code,
      secondCode: conflicting.code,
      // The engine prints the error at the resource and again at the end, and its own "update failed" under
      // the Stack in either order: the deployment's error is the last line that is not that summary.
      secondError:
        conflicting.text
          .split("\n")
          .map((line) => line.trim())
          .filter((line) => line.startsWith("error:") || line.includes("created despite"))
          .filter((line) => line !== "error: update failed")
          .pop() ?? "",
      firstIntact: id !== undefined && emulator.store.get(name)?.deployment_id === id,
      secondRecorded,
      deletesBySecond: deleteCalls(emulator),
      secondDestroyCode: secondDestroy.code,
      after: await reconcile(emulator, backend, [first]),
    };
    await tearDown(a, first);
    return figures;
  });
}

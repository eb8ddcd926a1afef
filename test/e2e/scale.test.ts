/**
 * Teams at scale under the real engine, on a real PostgreSQL state backend (Pulumi's DIY backend): branch
 * stacks of examples/ephemeral by concurrent runners sharing one rate-limited API account, two runners on
 * one stack, a runner killed mid-`up`, and two stacks declaring the same deployment name. Sized for a small
 * machine; `npm run report:scale` gives the bigger figures. The scenarios live in scenarios/scale*.ts.
 */
import { pulumiCommand } from "../../scenarios/engine";
import { postgresBin } from "../../scenarios/postgres";
import { branchStacks, cliOutput } from "../../scenarios/runners";
import { runFleet, SCALE_KEY, type ScaleApiOptions } from "../../scenarios/scale";
import { runKilledRunner, runLockContention, runNameConflict } from "../../scenarios/scaleSafety";
import { backendSecrets } from "../../scenarios/stateBackends";

jest.setTimeout(600_000);

const API: ScaleApiOptions = { requestsPerSecond: 10, pendingMs: 5_000, deleteMs: 1_000 };
const clean = { orphans: 0, duplicates: 0, sharedRecords: 0, lostUpdates: 0 };

test("PostgreSQL and the Pulumi engine are installed (scripts/setup.sh --tests installs both)", async () => {
  expect(postgresBin()).toMatch(/^\/usr\/lib\/postgresql\/[^/]+\/bin$/);
  await expect(pulumiCommand()).resolves.toBeDefined();
});

test("6 branch stacks by 3 runners on PostgreSQL: all up and ready, then all destroyed, none orphaned or duplicated", async () => {
  const figures = await runFleet("postgres", branchStacks(6, "feature/e2e-scale"), 3, API);
  console.log(
    `6 stacks, 3 runners: up ${figures.upSeconds.toFixed(1)} s, destroy ${figures.destroySeconds.toFixed(1)} s, ` +
      `${figures.apiCalls} API calls, ${figures.rateLimited} answered 429`,
  );
  expect(figures.failedUps).toEqual([]);
  expect(figures.gaveUpOn429).toBe(0);
  expect(figures.ready).toBe(6);
  expect(figures.afterUp).toEqual(clean);
  expect(figures.failedDestroys).toEqual([]);
  expect(figures.leftLive).toBe(0);
  expect(figures.leftStacks).toBe(0);
});

test("a second runner on a locked stack is refused naming the first; the state stays intact and its next run converges", async () => {
  const figures = await runLockContention("postgres", API);
  console.log(`lock refusal:\n${figures.lockError}`);
  expect(figures.firstCode).toBe(0);
  expect(figures.secondCode).not.toBe(0);
  expect(figures.lockError).toMatch(/the stack is currently locked by 1 lock\(s\)/);
  expect(figures.namesHolder).toBe(true);
  expect(figures.locksAfter).toBe(0);
  expect(figures.recorded).toHaveLength(1);
  expect(figures.pendingOperations).toBe(0);
  expect(figures.rerunCode).toBe(0);
  expect(figures.previewNoChangesCode).toBe(0);
  expect(figures.addCalls).toBe(1);
  expect(figures.after).toEqual(clean);
});

test("a runner killed mid-up leaves a lock; another runner recovers as docs/ci.md says, with no orphan or duplicate", async () => {
  const figures = await runKilledRunner("postgres", API);
  expect(figures.locksLeft).toBe(1);
  expect(figures.inFlight).toBe(1);
  expect(figures.steps).toEqual([0, 0, 0]);
  expect(figures.recorded).toHaveLength(1);
  expect(figures.addCalls).toBe(1);
  expect(figures.after).toEqual(clean);
  expect(figures.leftLive).toBe(0);
});

describe.each([
  ["", false],
  [" even when its /add answer is lost", true],
])("a second stack declaring the same deploymentName%s", (_, loseAnswer) => {
  test("fails naming the conflict, and never adopts or deletes the first stack's deployment", async () => {
    const figures = await runNameConflict("postgres", API, loseAnswer);
    console.log(`name conflict${loseAnswer ? " (answer lost)" : ""}: ${figures.secondError}`);
    expect(figures.firstCode).toBe(0);
    expect(figures.secondCode).not.toBe(0);
    expect(figures.secondError).toContain(`deployment ${figures.name} already exists`);
    expect(figures.secondError).toContain("adopt: true");
    expect(figures.secondRecorded).toEqual([]);
    expect(figures.secondDestroyCode).toBe(0);
    expect(figures.firstIntact).toBe(true);
    expect(figures.deletesBySecond).toBe(0);
    expect(figures.after).toEqual(clean);
  });
});

test("neither the API key nor the database password appears in anything the runners printed", () => {
  const printed = cliOutput.join("\n");
  expect(printed.length).toBeGreaterThan(10_000);
  expect(backendSecrets.length).toBeGreaterThan(0);
  for (const secret of [SCALE_KEY, ...backendSecrets]) {
    expect(printed.split(secret).length - 1).toBe(0);
  }
});

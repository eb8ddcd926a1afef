/**
 * Every lifecycle operation under every fault the emulator injects: each of the 28 cells ends in success
 * after retry or in an error naming the call, and after the next up/refresh the provider's record equals
 * the emulator, with no orphan and no duplicate.
 */
import { type CellResult, formatFaultMatrix, runFaultMatrix } from "../../scenarios/faultMatrix";

jest.setTimeout(120_000);

let cells: CellResult[];

beforeAll(async () => {
  cells = await runFaultMatrix();
  console.log(`fault matrix (outcome, calls to the faulted endpoint):\n${formatFaultMatrix(cells)}`);
});

test("covers 4 operations by 7 faults", () => {
  expect(cells).toHaveLength(28);
});

test("every cell recovers or fails with an error naming the call", () => {
  const unclear = cells
    .filter((c) => c.outcome === "unclear error")
    .map((c) => `${c.operation}/${c.fault}: ${c.error}`);
  expect(unclear).toEqual([]);
});

test("after the next up or refresh the record equals the emulator, with no orphan and no duplicate", () => {
  const diverged = cells
    .filter((c) => !c.converged || c.orphans > 0 || c.duplicates > 0)
    .map((c) => `${c.operation}/${c.fault}`);
  expect(diverged).toEqual([]);
});

test("faults that the retry rules cover are absorbed without an error", () => {
  const failed = cells
    .filter((c) => c.outcome !== "recovered")
    .map((c) => `${c.operation}/${c.fault}: ${c.error}`);
  expect(failed).toEqual([]);
});

test("a retried call is repeated, not skipped", () => {
  for (const c of cells.filter((c) => c.fault === "503 burst of 3")) {
    expect(c.calls).toBeGreaterThanOrEqual(4);
  }
});

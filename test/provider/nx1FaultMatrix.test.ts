/**
 * Every NX1 lifecycle operation under every fault the emulator injects: each of the 28 cells ends in success
 * after retry or in an error naming the call, and after the next up/refresh the provider's record equals the
 * emulator, with no orphan and no duplicate.
 */
import { type CellResult, formatFaultMatrix } from "../helpers/faultMatrix";
import { runNx1FaultMatrix } from "../helpers/nx1FaultMatrix";

jest.setTimeout(120_000);

let cells: CellResult[];

beforeAll(async () => {
  cells = await runNx1FaultMatrix();
  console.log(`nx1 fault matrix (outcome, calls to the faulted endpoint):\n${formatFaultMatrix(cells)}`);
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

test("faults that the retry rules or the name lookup cover are absorbed without an error", () => {
  const failed = cells
    .filter((c) => c.outcome !== "recovered")
    .map((c) => `${c.operation}/${c.fault}: ${c.error}`);
  expect(failed).toEqual([]);
});

test("a create is never sent blindly twice: at most once more after a failure that did nothing", () => {
  for (const c of cells.filter((c) => c.operation === "create")) {
    const expected = c.fault === "503 burst of 3" ? 4 : c.fault === "malformed JSON" ? 1 : 2;
    expect([c.fault, c.calls]).toEqual([c.fault, expected]);
  }
});

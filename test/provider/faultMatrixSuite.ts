/**
 * The assertions every platform's fault matrix must pass: 28 cells, each recovered or failed with an error
 * naming the call, and after the next up or refresh a record equal to the emulator, with no orphan and no
 * duplicate. A test file runs its platform's matrix through this and adds what is its own.
 */
import { type CellResult, formatFaultMatrix } from "../../scenarios/faultMatrix";

/** Runs `run` once before the file's tests and registers the shared ones; the cells, once run. */
export function describeFaultMatrix(platform: string, run: () => Promise<CellResult[]>): () => CellResult[] {
  let cells: CellResult[] = [];

  beforeAll(async () => {
    cells = await run();
    console.log(
      `${platform} fault matrix (outcome, calls to the faulted endpoint):\n${formatFaultMatrix(cells)}`,
    );
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

  return () => cells;
}

/**
 * Every Shipyard lifecycle operation under every fault the emulator injects: each of the 28 cells ends in
 * success after retry (or after the lost-answer lookup) or in an error naming the call, and after the next
 * up/refresh the provider's record equals the emulator, with no orphan and no duplicate deployment.
 */
import { runShipyardFaultMatrix } from "../../scenarios/shipyardFaultMatrix";
import { describeFaultMatrix } from "./faultMatrixSuite";

jest.setTimeout(120_000);

const cells = describeFaultMatrix("shipyard", runShipyardFaultMatrix);

test("faults that the lost-answer lookup covers are absorbed without an error", () => {
  const failed = cells()
    .filter((c) => c.outcome !== "recovered")
    .map((c) => `${c.operation}/${c.fault}: ${c.error}`);
  expect(failed).toEqual([]);
});

test("a create is sent at most twice under any fault, and a 503 burst is retried, not skipped", () => {
  for (const c of cells().filter((c) => c.operation === "create" && c.fault !== "503 burst of 3")) {
    expect(c.calls).toBeLessThanOrEqual(2);
  }
  for (const c of cells().filter((c) => c.fault === "503 burst of 3"))
    expect(c.calls).toBeGreaterThanOrEqual(4);
});

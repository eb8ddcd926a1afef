/**
 * Every Roboflow lifecycle operation under every fault the emulator injects: each of the 28 cells ends in
 * success after retry or in an error naming the call, and after the next up/refresh the provider's record
 * equals the emulator, with no orphan and no duplicate.
 */
import { runFaultMatrix } from "../../scenarios/faultMatrix";
import { describeFaultMatrix } from "./faultMatrixSuite";

jest.setTimeout(120_000);

const cells = describeFaultMatrix("roboflow", runFaultMatrix);

test("a retried call is repeated, not skipped", () => {
  for (const c of cells().filter((c) => c.fault === "503 burst of 3")) {
    expect(c.calls).toBeGreaterThanOrEqual(4);
  }
});

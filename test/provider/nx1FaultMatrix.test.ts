/**
 * Every NX1 lifecycle operation under every fault the emulator injects: each of the 28 cells ends in success
 * after retry or in an error naming the call, and after the next up/refresh the provider's record equals the
 * emulator, with no orphan and no duplicate.
 */
import { runNx1FaultMatrix } from "../../scenarios/nx1FaultMatrix";
import { describeFaultMatrix } from "./faultMatrixSuite";

jest.setTimeout(120_000);

const cells = describeFaultMatrix("nx1", runNx1FaultMatrix);

test("a create is never sent blindly twice: at most once more after a failure that did nothing", () => {
  for (const c of cells().filter((c) => c.operation === "create")) {
    const expected = c.fault === "503 burst of 3" ? 4 : c.fault === "malformed JSON" ? 1 : 2;
    expect([c.fault, c.calls]).toEqual([c.fault, expected]);
  }
});

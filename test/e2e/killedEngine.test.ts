/**
 * No provider process outlives its engine: a `pulumi up` killed mid-create (SIGKILL of the CLI's whole
 * process group, as a cancelled CI job is) leaves, 10 s later, no provider process of that run, and none
 * using CPU, on either path: the SDK's dynamic provider host running our implementation (a JavaScript
 * program) and our native plugin (a YAML program). The scenario lives in scenarios/killedEngine.ts, which
 * the reliability report runs too.
 */
import { type ProviderPath, runKilledEngine } from "../../scenarios/killedEngine";

jest.setTimeout(240_000);

test.each<ProviderPath>(["dynamic", "native"])(
  "a killed up on the %s path leaves no provider process behind",
  async (path) => {
    const figures = await runKilledEngine(path);
    console.log(
      `killed up (${path}): ${figures.before} provider process(es) before the kill, ${figures.leftover} left ` +
        `10 s after it, ${figures.busy} using CPU; all gone after ${figures.goneAfterMs ?? "-"} ms; ` +
        `other processes of the run left: ${figures.otherLeftover.join(", ") || "none"}`,
    );
    expect(figures.before).toBeGreaterThanOrEqual(1);
    expect(figures.leftover).toBe(0);
    expect(figures.busy).toBe(0);
  },
);

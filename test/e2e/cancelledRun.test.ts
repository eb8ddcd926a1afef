/**
 * A cancelled run loses nothing: SIGINT to a `pulumi up` whose four deployments (one per platform) the
 * APIs accepted and are still getting ready ends the run within GitHub's 7.5 s, with every deployment in
 * state and no pending operation; the next plain `up` waits for readiness and converges, leaving nothing
 * in the APIs that state does not hold; `destroy` empties them. On the JavaScript (dynamic) path and the
 * YAML (native) path. The scenario lives in scenarios/cancelledRun.ts.
 */
import { type CancelledRunFigures, runCancelledUp } from "../../scenarios/cancelledRun";
import type { ProviderPath } from "../../scenarios/killedEngine";

jest.setTimeout(300_000);

const platforms = { roboflow: 1, paperspace: 1, nx1: 1, shipyard: 1 };

test.each<ProviderPath>(["dynamic", "native"])(
  "SIGINT mid-wait on the %s path ends the run within 7.5 s with every deployment in state",
  async (path) => {
    const figures: CancelledRunFigures = await runCancelledUp(path);
    const { output, ...shown } = figures;
    console.log(`cancelled up (${path}): ${JSON.stringify(shown)}`);
    if (figures.recovery.code !== 0 || figures.exitAfterMs >= 7_500) {
      console.log(output);
    }
    expect(figures.accepted).toEqual(platforms);
    expect(figures.cancelledWaits).toEqual(platforms);
    expect(figures.exitAfterMs).toBeLessThan(7_500);
    expect(figures.inStateAfterCancel).toEqual(platforms);
    expect(figures.pendingAfterCancel).toBe(0);
    expect(figures.providersLeft).toBe(0);
    expect(figures.recovery).toEqual({ code: 0, ready: platforms, live: platforms, orphans: 0, pending: 0 });
    expect(figures.leftAfterDestroy).toBe(0);
  },
);

/**
 * Reliability and security under the real engine: every bad input refused at preview with no API call,
 * no secret anywhere in state or output, 50 deployments under a rate limit, and a killed `pulumi up`
 * recovered with no orphan and no duplicate. The scenarios live in scenarios/reliability.ts, which the
 * reliability report runs too.
 */
import { badInputs } from "../../scenarios/badInputs";
import {
  runBadInputsAtPreview,
  runConcurrency,
  runKilledRun,
  runSecretScan,
} from "../../scenarios/reliability";

jest.setTimeout(600_000);

test(`a preview refuses each of the ${badInputs.length} bad inputs, naming its property, with no API call`, async () => {
  const figures = await runBadInputsAtPreview();
  console.log(
    `bad inputs refused at preview with the property named: ${figures.refused.length}/${figures.total}`,
  );
  expect(figures.total).toBeGreaterThanOrEqual(25);
  expect(figures.refused).toEqual(badInputs.map((b) => b.what));
  expect(figures.apiCalls).toBe(0);
});

test("with the key in config, in an input, and quoted by failing answers, neither state nor output shows it", async () => {
  const figures = await runSecretScan();
  console.log(`secret scan: ${figures.scannedCharacters} characters, key found ${figures.occurrences} times`);
  expect(figures.failedAsExpected).toBe(true);
  expect(figures.masked).toBe(true);
  expect(figures.scannedCharacters).toBeGreaterThan(10_000);
  expect(figures.occurrences).toBe(0);
});

test("50 deployments in one up against a limit of 10 requests a second: all ready, none duplicated", async () => {
  const figures = await runConcurrency(50, 10);
  console.log(
    `50 deployments at 10 req/s: up ${figures.upSeconds.toFixed(1)} s, destroy ${figures.destroySeconds.toFixed(1)} s, ` +
      `${figures.requests} requests, ${figures.rateLimited} answered 429 and retried, ${figures.ready}/50 ready, ` +
      `${figures.duplicates} duplicates`,
  );
  expect(figures.created).toBe(50);
  expect(figures.ready).toBe(50);
  expect(figures.duplicates).toBe(0);
  expect(figures.rateLimited).toBeGreaterThan(0);
  expect(figures.leftLive).toBe(0);
});

test("a killed up is recovered by cancel, refresh --clear-pending-creates and one adopting up", async () => {
  const names = ["kill-one", "kill-two", "kill-three"];
  const figures = await runKilledRun(names);
  console.log(
    `killed up: ${figures.inFlight} creates in flight; after recovery ${figures.managed.length} managed, ` +
      `${figures.orphans} orphans, ${figures.duplicates} duplicates, ${figures.addCalls} /add calls`,
  );
  expect(figures.addsBeforeKill).toBe(names.length);
  expect(figures.inFlight).toBe(names.length);
  expect(figures.resourcesAfterKill).toBe(2); // the stack and its default provider: the creates were cut off
  expect([figures.cancelCode, figures.refreshCode, figures.upCode]).toEqual([0, 0, 0]);
  expect(figures.managed).toEqual([...names].sort());
  expect(figures.orphans).toBe(0);
  expect(figures.duplicates).toBe(0);
  expect(figures.addCalls).toBe(names.length);
  expect(figures.previewAfter).toEqual({ same: names.length + 1 });
  expect(figures.leftLive).toBe(0);
});

/** The ambiguous creates of the reliability report: each ends with one recorded deployment and no error. */
import { type AmbiguousCreateResult, runAmbiguousCreates } from "../../scenarios/ambiguousCreate";

let results: AmbiguousCreateResult[];

beforeAll(async () => {
  results = await runAmbiguousCreates();
});

test("every variant ends without an error", () => {
  expect(results.map((r) => [r.variant, r.error])).toEqual(results.map((r) => [r.variant, undefined]));
});

test("every variant leaves exactly one deployment, and the provider records that one", () => {
  for (const r of results) {
    expect([r.variant, r.records, r.recorded]).toEqual([r.variant, 1, true]);
  }
});

test("the variant refused with 409 did send /add twice, and still created once", () => {
  const refused = results.find((r) => r.variant.includes("409"));
  expect(refused?.addCalls).toBe(2);
  expect(refused?.records).toBe(1);
});

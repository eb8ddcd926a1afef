/**
 * Bad inputs are refused by check, before any API call, with the property named; a machine type the API
 * does not know is refused at create with the valid ones listed.
 */
import type { Emulator } from "../../emulator";
import { PROVIDER_KEY } from "../../provider/core/dynamic";
import { badInputs, inputsOf } from "../../scenarios/badInputs";
import { checked, rejection, uniqueName } from "./harness";
import { inputsFor, roboflowProvider, startRoboflowEmulator } from "./roboflowHarness";

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startRoboflowEmulator();
});

afterAll(async () => {
  await emulator.close();
});

test(`the table holds at least 25 invalid inputs (${badInputs.length})`, () => {
  expect(badInputs.length).toBeGreaterThanOrEqual(25);
});

test.each(badInputs.map((b) => [b.what, b] as const))(
  "check refuses %s, naming the property, with no API call",
  async (_what, bad) => {
    const { provider } = await roboflowProvider(emulator);
    emulator.requests.reset();
    const result = await provider.check({}, { ...inputsOf(bad), [PROVIDER_KEY]: "serialized provider" });
    expect(result.failures?.map((f) => f.property)).toContain(bad.property);
    for (const failure of result.failures ?? []) {
      expect(failure.reason.length).toBeGreaterThan(5);
    }
    expect(emulator.requests.counts()).toEqual({});
  },
);

test("an unknown machine type is refused at create with the valid ones listed", async () => {
  const { provider } = await roboflowProvider(emulator);
  const inputs = await checked(provider, inputsFor(uniqueName("badmt"), { machineType: "tpu-9000" }));
  const error = await rejection(provider.create(inputs));
  expect(error.message).toMatch(/roboflow API POST \/add failed with status 400/);
  expect(error.message).toContain("tpu-9000");
  for (const valid of emulator.store.machineTypes) {
    expect(error.message).toContain(valid);
  }
});

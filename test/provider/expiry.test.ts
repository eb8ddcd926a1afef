/**
 * An expired Roboflow deployment holds its name until `/delete` (docs/roboflow-expiry.md): the provider
 * keeps it in state as `expired`, plans its replacement (old one deleted first), refuses to create over
 * an expired one it does not manage unless adopting, and destroy deletes it. Driven as the engine does a
 * refresh and an up: read, then diff, then delete and create when the diff says replace.
 */
import type { Emulator } from "../../emulator";
import type { Props } from "../../provider/core/dynamic";
import { checked, rejection, uniqueName } from "./harness";
import { inputsFor, roboflowProvider, startRoboflowEmulator } from "./roboflowHarness";

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startRoboflowEmulator();
});
afterAll(() => emulator.close());

const byName = (name: string) =>
  emulator.store.list({ showExpired: true, showDeleted: false }).filter((d) => d.deployment_name === name);

/** A created, ready deployment that then expires out of band. */
async function expiredDeployment(deleteOnExpiration: boolean | undefined) {
  const harness = await roboflowProvider(emulator);
  const name = uniqueName("exp");
  const overrides: Props = deleteOnExpiration === undefined ? {} : { deleteOnExpiration };
  const inputs = await checked(harness.provider, inputsFor(name, overrides));
  const created = await harness.provider.create(inputs);
  emulator.store.expire(name);
  return { ...harness, name, inputs, created };
}

describe.each([
  ["unset", undefined],
  ["false", false],
  ["true", true],
])("after an out-of-band expiry with deleteOnExpiration %s", (_label, deleteOnExpiration) => {
  test("refresh, then up, ends with exactly one ready deployment under the name and no 409", async () => {
    const { provider, name, inputs, created } = await expiredDeployment(deleteOnExpiration);
    const refreshed = await provider.read(name, created.outs);
    const adds = emulator.requests.counts()["POST /add"] ?? 0;
    if (refreshed.id === "") {
      // Deleted on expiry: refresh drops it, and the up creates it again on the free name.
      expect(deleteOnExpiration).toBe(true);
      await provider.create(inputs);
    } else {
      // Kept: refresh records it as expired, and the up replaces it, deleting the old one first.
      expect(refreshed.props?.status).toBe("expired");
      const diff = await provider.diff(name, refreshed.props ?? {}, inputs);
      expect(diff).toMatchObject({ changes: true, deleteBeforeReplace: true });
      expect(diff.replaces).toContain("status");
      await provider.delete(name, refreshed.props ?? {});
      await provider.create(inputs);
    }
    expect(byName(name).map((d) => d.status)).toEqual(["ready"]);
    expect((emulator.requests.counts()["POST /add"] ?? 0) - adds).toBe(1);
  });

  test("destroy removes what the API still holds", async () => {
    const { provider, name, created } = await expiredDeployment(deleteOnExpiration);
    const refreshed = await provider.read(name, created.outs);
    await provider.delete(name, refreshed.id === "" ? created.outs : (refreshed.props ?? {}));
    expect(byName(name)).toEqual([]);
  });
});

test("an expired deployment the stack does not manage holds its name: create refuses before /add", async () => {
  const { provider, name, inputs } = await expiredDeployment(undefined);
  const adds = emulator.requests.counts()["POST /add"] ?? 0;
  const error = await rejection(provider.create(inputs));
  expect(error.message).toMatch(new RegExp(`deployment ${name} already exists .*status expired`));
  expect(error.message).toMatch(/adopt: true/);
  expect(emulator.requests.counts()["POST /add"] ?? 0).toBe(adds);
});

test("adopting over an expired deployment deletes it and creates a ready one, as the refusal advises", async () => {
  const { provider, name, inputs, logs } = await expiredDeployment(false);
  await provider.create({ ...inputs, adopt: true });
  expect(byName(name).map((d) => d.status)).toEqual(["ready"]);
  expect(logs).toContain(`deleted expired deployment ${name} to free its name`);
});

test("a deployment that is not expired diffs as before: no change for the same inputs", async () => {
  const harness = await roboflowProvider(emulator);
  const name = uniqueName("live");
  const inputs = await checked(harness.provider, inputsFor(name));
  const created = await harness.provider.create(inputs);
  const refreshed = await harness.provider.read(name, created.outs);
  expect(await harness.provider.diff(name, refreshed.props ?? {}, inputs)).toMatchObject({ changes: false });
});

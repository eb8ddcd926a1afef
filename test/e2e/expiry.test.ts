/**
 * An expired Roboflow deployment converges under the real engine, on both surfaces (a JavaScript program on
 * the dynamic provider, a YAML program on the native plugin): with deleteOnExpiration unset, false and
 * true, after an out-of-band expiry `up --refresh`, and `refresh` then `up`, end with exactly one ready
 * deployment under each name and no 409; destroy of a stack whose deployments expired leaves nothing in
 * the API. See docs/roboflow-expiry.md.
 */
import { createEmulator, type Emulator } from "../../emulator";
import { createTestStack, type TestStack } from "../../scenarios/engine";
import { createYamlStack } from "../../scenarios/native";
import { deploymentsConfig, deploymentsProgram } from "../../scenarios/programs";

jest.setTimeout(300_000);

const API_KEY = "rf-exp-Vt6nQ2wX8kLr4Jz1";
const base = { machineType: "dev-gpu", creatorEmail: "ops@example.com", duration: 2 };
const variants: Record<string, boolean | undefined> = { unset: undefined, kept: false, dropped: true };

let emulator: Emulator;
beforeAll(async () => {
  emulator = await createEmulator({
    apiKey: API_KEY,
    timing: { pendingMs: 300, resumeMs: 300, deleteMs: 300 },
  });
});
afterAll(() => emulator?.close());

const config = () => ({
  "roboflow:apiUrl": { value: emulator.url },
  "roboflow:apiKey": { value: API_KEY, secret: true },
});
const specs = (prefix: string) =>
  Object.fromEntries(
    Object.entries(variants).map(([key, deleteOnExpiration]) => [
      key,
      {
        ...base,
        deploymentName: `${prefix}-${key}`,
        ...(deleteOnExpiration === undefined ? {} : { deleteOnExpiration }),
      },
    ]),
  );
/** The statuses the API holds under each name of the stack (expired ones included). */
const statuses = (prefix: string) =>
  Object.keys(variants).map((key) =>
    emulator.store
      .live()
      .filter((d) => d.deployment_name === `${prefix}-${key}`)
      .map((d) => d.status),
  );
const expireAll = (prefix: string) => {
  for (const key of Object.keys(variants)) {
    emulator.store.expire(`${prefix}-${key}`);
  }
};

async function stackFor(surface: "dynamic" | "native", prefix: string): Promise<TestStack> {
  if (surface === "dynamic") {
    return createTestStack(`expiry${prefix}`, deploymentsProgram, {
      ...config(),
      ...deploymentsConfig(specs(prefix)),
    });
  }
  const resources = Object.fromEntries(
    Object.entries(specs(prefix)).map(([key, properties]) => [
      key,
      { type: "roboflow:index:DedicatedDeployment", properties },
    ]),
  );
  return createYamlStack(`expiry${prefix}`, resources, config());
}

describe.each([
  ["dynamic", "exd"],
  ["native", "exn"],
] as const)("on the %s surface", (surface, prefix) => {
  let t: TestStack;
  beforeAll(async () => {
    t = await stackFor(surface, prefix);
  });
  afterAll(() => t?.remove());

  test("up creates one deployment per deleteOnExpiration variant", async () => {
    const up = await t.runCli(["up", "--yes", "--skip-preview"]);
    expect(up.code).toBe(0);
    expect(statuses(prefix)).toEqual([["ready"], ["ready"], ["ready"]]);
  });

  test("after an expiry, up --refresh ends with one ready deployment under each name and no 409", async () => {
    expireAll(prefix);
    const up = await t.runCli(["up", "--yes", "--skip-preview", "--refresh"]);
    expect(up.text).not.toMatch(/409|already exists/);
    expect(up.code).toBe(0);
    expect(statuses(prefix)).toEqual([["ready"], ["ready"], ["ready"]]);
  });

  test("after an expiry, refresh then up ends the same way", async () => {
    expireAll(prefix);
    expect((await t.runCli(["refresh", "--yes", "--skip-preview"])).code).toBe(0);
    const up = await t.runCli(["up", "--yes", "--skip-preview"]);
    expect(up.text).not.toMatch(/409|already exists/);
    expect(up.code).toBe(0);
    expect(statuses(prefix)).toEqual([["ready"], ["ready"], ["ready"]]);
    const preview = await t.runCli(["preview"]);
    expect(preview.text).not.toMatch(/to replace|to create/);
  });

  test("destroy of a stack whose deployments expired removes what the API still holds", async () => {
    expireAll(prefix);
    expect((await t.runCli(["refresh", "--yes", "--skip-preview"])).code).toBe(0);
    expect((await t.runCli(["destroy", "--yes", "--skip-preview"])).code).toBe(0);
    expect(statuses(prefix)).toEqual([[], [], []]);
  });
});

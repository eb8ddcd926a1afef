/**
 * A rotated API key under the real Pulumi engine. With the key in stack config, a plain `refresh` or
 * `destroy` configures the provider from the stack's state (the engine's rule for the default provider),
 * so it still uses the old key and is refused with advice to run with `--run-program`, which does use the
 * new one. A key from ROBOFLOW_API_KEY is read when the call is made, so either way works.
 */
import { createEmulator, type Emulator } from "../../emulator";
import { createTestStack, type TestStack } from "../../scenarios/engine";
import { deploymentsConfig, deploymentsProgram } from "../../scenarios/programs";

jest.setTimeout(300_000);

const OLD_KEY = "rf-rotation-old-Kq82mZ4x";
const NEW_KEY = "rf-rotation-new-Wp37tY9c";
const spec = (name: string) => ({
  [name]: { deploymentName: name, machineType: "dev-gpu", creatorEmail: "ops@example.com", duration: 1 },
});

const stacks: TestStack[] = [];
const emulators: Emulator[] = [];

afterAll(async () => {
  for (const t of stacks) await t.remove();
  for (const e of emulators) await e.close();
});

async function setUp(name: string, config: Record<string, { value: string; secret?: boolean }>) {
  const emulator = await createEmulator({
    apiKey: OLD_KEY,
    timing: { pendingMs: 200, resumeMs: 200, deleteMs: 200 },
  });
  emulators.push(emulator);
  const t = await createTestStack(name, deploymentsProgram, {
    "roboflow:apiUrl": { value: emulator.url },
    ...config,
    ...deploymentsConfig(spec(name)),
  });
  stacks.push(t);
  return { emulator, t };
}

function expectNoKey(t: TestStack) {
  const printed = t.output.join("\n");
  expect(printed).not.toContain(OLD_KEY);
  expect(printed).not.toContain(NEW_KEY);
}

test("a key rotated in stack config: plain refresh and destroy are refused with advice, --run-program works", async () => {
  const { emulator, t } = await setUp("rot-config", { "roboflow:apiKey": { value: OLD_KEY, secret: true } });
  expect((await t.runCli(["up", "--yes", "--skip-preview"])).code).toBe(0);
  expect(emulator.store.get("rot-config")?.status).toBe("ready");

  emulator.rotateKey(NEW_KEY);
  await t.setConfig({ "roboflow:apiKey": { value: NEW_KEY, secret: true } });

  const refresh = await t.runCli(["refresh", "--yes", "--skip-preview"]);
  expect(refresh.code).not.toBe(0);
  expect(refresh.text).toContain("failed with status 401");
  expect(refresh.text).toContain("run `pulumi refresh --run-program` or `pulumi destroy --run-program`");
  // The provider host's own line is the same sentence, not a class name and a stack of our frames.
  expect(refresh.text).not.toMatch(/HttpStatusError|\bat .*dist\/provider/);

  const destroy = await t.runCli(["destroy", "--yes", "--skip-preview"]);
  expect(destroy.code).not.toBe(0);
  expect(destroy.text).toContain("failed with status 401");
  expect(emulator.store.get("rot-config")?.status).toBe("ready");

  expect((await t.runCli(["refresh", "--run-program", "--yes", "--skip-preview"])).code).toBe(0);
  expect((await t.runCli(["destroy", "--run-program", "--yes", "--skip-preview"])).code).toBe(0);
  expect(emulator.store.get("rot-config")).toBeUndefined();
  expectNoKey(t);
});

test("a key rotated in ROBOFLOW_API_KEY: plain refresh and destroy use the new key", async () => {
  const { emulator, t } = await setUp("rot-env", {});
  expect((await t.runCli(["up", "--yes", "--skip-preview"], { ROBOFLOW_API_KEY: OLD_KEY })).code).toBe(0);
  expect(emulator.store.get("rot-env")?.status).toBe("ready");

  emulator.rotateKey(NEW_KEY);
  expect((await t.runCli(["refresh", "--yes", "--skip-preview"], { ROBOFLOW_API_KEY: NEW_KEY })).code).toBe(
    0,
  );
  expect((await t.runCli(["destroy", "--yes", "--skip-preview"], { ROBOFLOW_API_KEY: NEW_KEY })).code).toBe(
    0,
  );
  expect(emulator.store.get("rot-env")).toBeUndefined();
  expectNoKey(t);
});

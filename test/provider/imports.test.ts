/**
 * An import leaves no phantom diff, on every platform: a deployment made elsewhere is read with no state
 * (as `pulumi import` and the `import` option both read it), and a program declaring only what the user
 * chose then checks cleanly and plans no change. What cannot be read back is refused at once.
 */
import { PROVIDER_KEY, type Props } from "../../provider/core/dynamic";
import { ModelDeploymentInputs } from "../../provider/nx1/schema";
import { DeploymentInputs as PaperspaceInputs } from "../../provider/paperspace/schema";
import { DedicatedDeploymentInputs } from "../../provider/roboflow/schema";
import { DeploymentInputs as ShipyardInputs } from "../../provider/shipyard/schema";
import { PROVIDER_TEXT, checked as roboflowChecked, uniqueName } from "./harness";
import {
  batchInputs,
  checked as nx1Checked,
  nx1Provider,
  onlineInputs,
  startNx1Emulator,
} from "./nx1Harness";
import { paperspaceProvider, startPaperspaceEmulator } from "./paperspaceHarness";
import { inputsFor, roboflowProvider, startRoboflowEmulator } from "./roboflowHarness";
import { shipyardProvider, startShipyardEmulator } from "./shipyardHarness";

interface Importable {
  check(olds: Props, news: Props): Promise<{ inputs?: unknown; failures?: unknown[] }>;
  diff(id: string, olds: Props, news: Props): Promise<{ changes?: boolean; replaces?: string[] }>;
  readWithInputs(
    id: string,
    props?: Props,
    olds?: Props,
  ): Promise<{ id?: string; props?: Props; inputs: Props }>;
}

/** The engine's import: read with no state, check the program against what read gave, then diff. */
async function importThenDiff(provider: Importable, schema: { shape: object }, id: string, program: Props) {
  const read = await provider.readWithInputs(id, {}, {});
  expect(read.id).toBe(id);
  // As the native host records them: no input the API chose where the program never set one.
  const recorded = read.inputs;
  expect(Object.keys(recorded).every((key) => key in schema.shape)).toBe(true);
  const checkedImport = await provider.check({}, recorded);
  const checkedProgram = await provider.check(recorded, program);
  expect([...(checkedImport.failures ?? []), ...(checkedProgram.failures ?? [])]).toEqual([]);
  const diff = await provider.diff(id, read.props ?? {}, checkedProgram.inputs as Props);
  return diff;
}

describe("Roboflow", () => {
  test.each([
    ["unset", {}],
    ["false", { deleteOnExpiration: false }],
  ])("an import of a deployment made with deleteOnExpiration %s plans no change", async (_what, extra) => {
    const emulator = await startRoboflowEmulator();
    try {
      const { provider } = await roboflowProvider(emulator);
      const name = uniqueName("imp");
      await provider.create(await roboflowChecked(provider, inputsFor(name, extra)));
      // The program declares only what the user chose: deleteOnExpiration left unset.
      expect(await importThenDiff(provider, DedicatedDeploymentInputs, name, inputsFor(name))).toMatchObject({
        changes: false,
      });
    } finally {
      await emulator.close();
    }
  });

  test("an import of a deployment pinned to an inference version plans no change for a program pinning it", async () => {
    const emulator = await startRoboflowEmulator();
    try {
      const { provider } = await roboflowProvider(emulator);
      const name = uniqueName("pin");
      const pinned = { inferenceVersion: "0.38.1" };
      await provider.create(await roboflowChecked(provider, inputsFor(name, pinned)));
      expect(
        await importThenDiff(provider, DedicatedDeploymentInputs, name, inputsFor(name, pinned)),
      ).toMatchObject({
        changes: false,
      });
    } finally {
      await emulator.close();
    }
  });
});

describe("Paperspace", () => {
  test.each([
    ["port: 8000", { port: 8000 }],
    ["ports: [8000]", { ports: [8000] }],
  ])("an import plans no change against a program that says %s", async (_what, ports) => {
    const key = "psk-import-5b2c";
    const emulator = await startPaperspaceEmulator(key, { applyMs: 30, readyMs: 30 });
    try {
      const provider = paperspaceProvider(emulator, { env: {} });
      await provider.configure({
        config: {
          get: (k: string) => ({ "paperspace:apiKey": key, "paperspace:apiUrl": emulator.url })[k],
        } as never,
      });
      const program = {
        projectId: "pr1emulat",
        name: "imported",
        image: "paperspace/fastapi-deployment:latest",
        ...ports,
        resources: { machineType: "C4", replicas: 1 },
        [PROVIDER_KEY]: PROVIDER_TEXT,
      };
      const created = await provider.create((await provider.check({}, program)).inputs as never);
      expect(
        await importThenDiff(provider as never, PaperspaceInputs, created.id as string, program),
      ).toMatchObject({
        changes: false,
      });
    } finally {
      await emulator.close();
    }
  });
});

describe("NX1", () => {
  test("an import of an online deployment plans no change", async () => {
    const emulator = await startNx1Emulator();
    try {
      const { provider } = await nx1Provider(emulator);
      const program = onlineInputs();
      const created = await provider.create((await nx1Checked(provider, program)) as never);
      expect(
        await importThenDiff(provider as never, ModelDeploymentInputs, created.id as string, program),
      ).toMatchObject({
        changes: false,
      });
    } finally {
      await emulator.close();
    }
  });

  test("an import of a batch deployment is refused at once, saying why and what to declare", async () => {
    const emulator = await startNx1Emulator();
    try {
      const { provider } = await nx1Provider(emulator);
      const created = await provider.create((await nx1Checked(provider, batchInputs())) as never);
      await expect(provider.read(created.id as string, {})).rejects.toThrow(
        /cannot be imported, because the NX1 API does not return a batch deployment's source.*declare it in the program with those inputs and adopt: true/,
      );
    } finally {
      await emulator.close();
    }
  });
});

describe("Shipyard", () => {
  const key = "syk-import-8d1a";
  test.each([
    ["a template deployment (its name generated)", { template: "nginx", envVars: { MODE: "small" } }],
    ["an image deployment", { image: "myapp:v1.0.0", name: "my-imported", envVars: { MODE: "small" } }],
  ])("an import of %s checks cleanly and plans no change", async (_what, program) => {
    const emulator = await startShipyardEmulator(key, {
      tier: "enterprise",
      timing: { pendingMs: 20, provisionMs: 30, deleteMs: 20 },
    });
    try {
      const provider = await shipyardProvider(emulator);
      const news = { ...program, [PROVIDER_KEY]: PROVIDER_TEXT };
      const created = await provider.create((await provider.check({}, news)).inputs as never);
      expect(
        await importThenDiff(provider as never, ShipyardInputs, created.id as string, news),
      ).toMatchObject({
        changes: false,
      });
    } finally {
      await emulator.close();
    }
  });
});

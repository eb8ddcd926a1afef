/**
 * The native host around the Roboflow implementation, without the engine: stack config from Configure,
 * secrets concealed on the way out, read returning inputs for an import, log lines carrying the URN of the
 * request, and the engine's timeout ending a wait.
 */
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import type { Emulator } from "../../emulator";
import { withRequest } from "../../provider/native/engine";
import { nativeProvider } from "../../provider/native/host";
import { isSecret } from "../../provider/native/secrets";
import { configOf } from "../../provider/native/server";
import { providerTime, uniqueName } from "./harness";
import { KEY, startRoboflowEmulator } from "./roboflowHarness";

// The SDK's own generated messages, as the server receives them.
const providerPb = require("@pulumi/pulumi/proto/provider_pb");

const URN = "urn:pulumi:test::yaml::roboflow:index:DedicatedDeployment::alpha";

let emulator: Emulator;
const lines: Array<{ message: string; urn?: string }> = [];
const log = { info: (message: string, urn?: string) => lines.push({ message, urn }), flush: async () => {} };

/** The native provider, configured with `config`; its clock and sleeps are those of `on`'s ManualClock. */
function hosted(
  config: Record<string, string> = { "roboflow:apiKey": KEY, "roboflow:apiUrl": emulator.url },
  on: Emulator = emulator,
) {
  const host = nativeProvider("roboflow", "0.0.1", log, { env: {}, ...providerTime(on.clock) });
  host.configure(config);
  return host.provider;
}

const args = (name: string) => ({
  deploymentName: name,
  machineType: "dev-gpu",
  creatorEmail: "ops@example.com",
});

beforeAll(async () => {
  emulator = await startRoboflowEmulator();
});
afterAll(() => emulator.close());

test("configOf reads the stack config from Configure's variables, and its arguments where a variable is missing", () => {
  const request = new providerPb.ConfigureRequest();
  request.getVariablesMap().set("roboflow:config:apiUrl", "http://127.0.0.1:9");
  request.setArgs(
    structproto.Struct.fromJavaScript({
      apiKey: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "k-1" },
    }),
  );
  expect(configOf(request, "roboflow")).toEqual({
    "roboflow:apiUrl": "http://127.0.0.1:9",
    "roboflow:apiKey": "k-1",
  });
});

test("check fails naming the config key when Configure gave no key, and passes once it did", async () => {
  const none = await hosted({}).check?.(URN, {}, args(uniqueName("nk")));
  expect(none?.failures?.[0]?.reason).toMatch(/roboflow:apiKey/);
  const some = await hosted().check?.(URN, {}, args(uniqueName("ok")));
  expect(some?.failures).toEqual([]);
});

test("create answers with the API's outputs, the key secret, and progress lines carrying the URN", async () => {
  const provider = hosted();
  const name = uniqueName("cr");
  lines.length = 0;
  const checked = await provider.check?.(URN, {}, { ...args(name), apiKey: KEY });
  expect(isSecret(checked?.inputs.apiKey)).toBe(true);
  const created = await withRequest({ urn: URN, started: emulator.clock.now(), timeoutSeconds: 0 }, () =>
    provider.create?.(URN, checked?.inputs),
  );
  expect(created?.id).toBe(name);
  expect(created?.outs.status).toBe("ready");
  expect(isSecret(created?.outs.apiKey)).toBe(true);
  expect(lines.some((l) => l.urn === URN && /created deployment/.test(l.message))).toBe(true);
});

test("read with no state returns inputs as well as outputs, so an import needs no write", async () => {
  const provider = hosted();
  const name = uniqueName("im");
  await provider.create?.(URN, args(name));
  emulator.requests.reset();
  const read = await provider.read?.(name, URN, {});
  expect(read?.id).toBe(name);
  expect(read?.inputs).toMatchObject({ ...args(name), readyTimeoutMinutes: 20 });
  // What the API chose for the inputs the program left unset is no input: declaring it without them plans no change.
  expect(read?.inputs).not.toHaveProperty("duration");
  expect(read?.inputs).not.toHaveProperty("paused");
  expect(read?.inputs).not.toHaveProperty("status");
  const checked = await provider.check?.(URN, {}, args(name));
  const diff = await provider.diff?.(name, URN, read?.props, checked?.inputs);
  expect(diff).toMatchObject({ changes: false, replaces: [] });
  expect(Object.keys(emulator.requests.counts())).toEqual(["GET /get"]);
});

test("the engine's timeout ends the wait before readyTimeoutMinutes would", async () => {
  const slow = await startRoboflowEmulator({ timing: { pendingMs: 60_000, resumeMs: 50, deleteMs: 50 } });
  try {
    const provider = hosted({ "roboflow:apiKey": KEY, "roboflow:apiUrl": slow.url }, slow);
    const started = Date.now();
    // The engine's clock is the provider's: the emulator's, which only the provider's sleeps move.
    const create = withRequest({ urn: URN, started: slow.clock.now(), timeoutSeconds: 1 }, () =>
      provider.create?.(URN, args(uniqueName("to"))),
    );
    await expect(create).rejects.toThrow(/timed out after 1 s waiting for deployment/);
    expect(Date.now() - started).toBeLessThan(10_000);
  } finally {
    await slow.close();
  }
});

test("a resource of another package's type is refused with what to check", async () => {
  const other = "urn:pulumi:test::yaml::paperspace:index:Deployment::x";
  await expect(hosted().check?.(other, {}, {})).rejects.toThrow(
    /serves roboflow:index:DedicatedDeployment only/,
  );
});

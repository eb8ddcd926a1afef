import type { Emulator } from "../../emulator";
import type { Props } from "../../provider/core/dynamic";
import { checked, rejection, uniqueName } from "./harness";
import {
  inputsFor,
  KEY,
  type ProviderSetup,
  roboflowProvider,
  startRoboflowEmulator,
} from "./roboflowHarness";

let emulator: Emulator;
const emulatorLog: string[] = [];
beforeAll(async () => {
  emulator = await startRoboflowEmulator({ log: (line) => emulatorLog.push(line) });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.faults.clear());

/** Everything a user could see: log lines, error messages and stacks, error properties. */
function visible(logs: string[], errors: Array<Error & Props>, keyInState: boolean): string[] {
  return [
    ...logs,
    ...errors.flatMap((e) => [
      e.message,
      e.stack ?? "",
      String(e.reasons ?? ""),
      // The apiKey input is echoed in state (as a secret); a key from config or env never is.
      keyInState ? "" : JSON.stringify(e.properties ?? {}),
    ]),
  ];
}

const sources: Array<[string, ProviderSetup, Props]> = [
  ["the roboflow:apiKey config", { config: { "roboflow:apiKey": KEY } }, {}],
  ["the ROBOFLOW_API_KEY environment variable", { config: {}, env: { ROBOFLOW_API_KEY: KEY } }, {}],
  ["the apiKey input", { config: {}, env: {} }, { apiKey: KEY }],
];

describe.each(sources)("with the key from %s", (_source, setup, keyInput) => {
  test("no log line, error message or error property ever contains the key", async () => {
    const name = uniqueName("sec");
    let failName: string | undefined;
    const harness = await roboflowProvider(emulator, {
      ...setup,
      env: { ...setup.env, ROBOFLOW_API_URL: emulator.url },
      onSleep: () => {
        if (failName && emulator.store.get(failName)?.status === "pending")
          emulator.store.fail(failName, "out of memory");
      },
    });
    const { provider, logs } = harness;
    const errors: Array<Error & Props> = [];
    const inputs = async (n: string, extra: Props = {}) =>
      checked(provider, inputsFor(n, { ...keyInput, ...extra }));

    // A create with retried reads whose error bodies echo the key.
    emulator.faults.add({
      endpoint: "GET /get",
      kind: "status",
      status: 502,
      body: `proxy saw api_key=${KEY}`,
      count: 2,
    });
    emulator.faults.add({ endpoint: "GET /get", kind: "status", status: 503, body: `key ${KEY} throttled` });
    const created = await provider.create(await inputs(name));
    expect(created.outs.status).toBe("ready");
    expect(logs.filter((l) => l.startsWith("retrying GET /get"))).toHaveLength(3);

    // Refusals and failures of every kind.
    errors.push(await rejection(provider.create(await inputs(name))));
    errors.push(await rejection(provider.create(await inputs(name, { adopt: true, maxReplicas: 3 }))));
    emulator.faults.add({
      endpoint: "POST /add",
      kind: "status",
      status: 400,
      body: `{"api_key": "${KEY}"}`,
    });
    errors.push(await rejection(provider.create(await inputs(uniqueName("sec")))));
    emulator.faults.add({ endpoint: "POST /add", kind: "html200" });
    emulator.faults.add({ endpoint: "GET /get", kind: "status", status: 401, body: `unknown key ${KEY}` });
    errors.push(await rejection(provider.create(await inputs(uniqueName("sec")))));
    failName = uniqueName("secf");
    errors.push(await rejection(provider.create(await inputs(failName))));
    expect(errors.at(-1)?.message).toContain("last log lines");

    // The rest of the lifecycle.
    const read = await provider.read(name, created.outs);
    const paused = await provider.update(name, read.props ?? {}, await inputs(name, { paused: true }));
    emulator.faults.add({ endpoint: "GET /get", kind: "status", status: 500, body: `oops ${KEY}` });
    await provider.delete(name, paused.outs ?? {});
    emulator.faults.add({
      endpoint: "POST /delete",
      kind: "status",
      status: 403,
      body: `forbidden for ${KEY}`,
    });
    errors.push(await rejection(provider.delete(failName, {})));

    expect(errors).toHaveLength(6);
    const seen = visible(logs, errors, "apiKey" in keyInput);
    expect(seen.length).toBeGreaterThan(10);
    for (const text of seen) {
      expect(text).not.toContain(KEY);
    }
    expect(seen.join("\n")).toContain("***");
  });
});

test("a failure whose log lines quote the key shows it neither in the message nor in the reasons", async () => {
  const name = uniqueName("secl");
  const { provider } = await roboflowProvider(emulator, {
    onSleep: () => {
      if (emulator.store.get(name)?.status === "pending") {
        // An inference server logs the URLs it serves, and Roboflow clients put api_key in the query.
        emulator.store.fail(name, `GET /dev-model/1?api_key=${KEY} raised KeyError; key ${KEY} rejected`);
      }
    },
  });
  const error = await rejection(provider.create(await checked(provider, inputsFor(name))));
  expect(error.message).toContain("last log lines: [ERROR] ERROR: GET /dev-model/1?api_key=***");
  expect(error.message).not.toContain(KEY);
  expect(error.stack).not.toContain(KEY);
  // The engine prints `reasons` of a created-but-failed resource to the user.
  expect(error.reasons).toEqual([error.message]);
  expect(JSON.stringify(error.reasons)).not.toContain(KEY);
});

test("the emulator's own log never shows the key either", () => {
  expect(emulatorLog.length).toBeGreaterThan(0);
  for (const line of emulatorLog) expect(line).not.toContain(KEY);
});

test("a wrong key is not shown in the error that refuses it", async () => {
  const wrong = "rfk-WRONG-1b2c3d4e5f-secret";
  const { provider, logs } = await roboflowProvider(emulator, {
    config: { "roboflow:apiKey": wrong },
    env: { ROBOFLOW_API_URL: emulator.url },
  });
  const inputs = await checked(provider, inputsFor(uniqueName("wrong")));
  const error = await rejection(provider.create(inputs));
  expect(error.message).toMatch(
    /^roboflow API GET \/get failed with status 401: Unauthorized \(invalid api_key\); check the key in roboflow:apiKey or ROBOFLOW_API_KEY; after rotating it, run `pulumi refresh --run-program`/,
  );
  const read = await rejection(provider.read("dev-testing", {}));
  for (const text of [error.message, error.stack ?? "", read.message, read.stack ?? "", ...logs]) {
    expect(text).not.toContain(wrong);
  }
});

/**
 * Fidelity check: the official `roboflow` CLI (an independent client) drives the emulator through a
 * whole deployment lifecycle. Install it with scripts/install-roboflow-cli.sh; without it these tests
 * fail (never skip), so CI cannot pass silently without the check.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createEmulator, type Emulator } from "../../emulator";

jest.setTimeout(60_000);

const VENV = path.resolve(__dirname, "../../.tools/roboflow-venv");
const CLI = path.join(VENV, "bin", "roboflow");
/** A loopback port nothing listens on: any call the CLI makes to another Roboflow service fails fast. */
const NOWHERE = "http://127.0.0.1:9";

let emulator: Emulator;
let home: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `roboflow --api-key <key> deployment <args>` against the emulator, offline. */
function roboflow(args: string[], key: string = emulator.apiKey): Promise<Run> {
  if (!existsSync(CLI)) {
    throw new Error(
      `the official roboflow CLI is not installed at ${CLI}: run scripts/install-roboflow-cli.sh` +
        (process.env.CI === "true" ? " (required in CI)" : ""),
    );
  }
  const env = {
    PATH: `${path.join(VENV, "bin")}:/usr/bin:/bin`,
    HOME: home,
    ROBOFLOW_CONFIG_DIR: path.join(home, "roboflow-config.json"),
    DEDICATED_DEPLOYMENT_URL: emulator.url,
    API_URL: NOWHERE,
    APP_URL: NOWHERE,
    UNIVERSE_URL: NOWHERE,
    HTTP_PROXY: NOWHERE,
    HTTPS_PROXY: NOWHERE,
    NO_PROXY: "127.0.0.1,localhost",
    PYTHONDONTWRITEBYTECODE: "1",
  };
  return new Promise((resolve) => {
    // Asynchronous on purpose: the emulator answers from this very process.
    execFile(
      CLI,
      ["--api-key", key, "deployment", ...args],
      { env, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** The JSON the CLI printed after an optional first line of prose. */
function printedJson(stdout: string): unknown {
  return JSON.parse(stdout.slice(stdout.search(/^[[{]/m)));
}

/** Waits (a few seconds at most) until the deployment reaches `status`, or is gone when undefined. */
async function waitFor(name: string, status: string | undefined): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (emulator.store.get(name)?.status !== status) {
    if (Date.now() > deadline) throw new Error(`${name} never became ${status ?? "gone"}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  home = mkdtempSync(path.join(tmpdir(), "roboflow-cli-home-"));
  // Resuming stays pending far longer than one CLI run takes, even on a loaded machine, so that the test
  // sees the pending state the CLI's call caused and not a race with Python's start-up.
  emulator = await createEmulator({ timing: { pendingMs: 300, resumeMs: 6000, deleteMs: 300 } });
});
afterAll(async () => {
  await emulator?.close();
  rmSync(home, { recursive: true, force: true });
});

test("the official CLI is installed (run scripts/install-roboflow-cli.sh otherwise)", () => {
  expect(existsSync(CLI)).toBe(true);
});

test("`deployment machine-type` prints the machine types", async () => {
  const run = await roboflow(["machine-type"]);
  expect(run.code).toBe(0);
  const body = printedJson(run.stdout) as { machine_types: Array<{ name: string }> };
  expect(body.machine_types.map((m) => m.name)).toEqual(
    expect.arrayContaining(["dev-cpu", "dev-gpu", "prod-gpu"]),
  );
});

test("`deployment create` creates a pending deployment", async () => {
  const run = await roboflow([
    "create",
    "dev-testing",
    "-m",
    "dev-gpu",
    "-e",
    "dev@example.com",
    "--duration",
    "2",
  ]);
  expect(run.code).toBe(0);
  expect(run.stdout).toContain("Deployment dev-testing created successfully");
  expect(printedJson(run.stdout)).toMatchObject({
    deployment_name: "dev-testing",
    status: "pending",
    duration: 2,
    inference_version: "0.45.0",
    domain: "dev-testing.roboflow.cloud",
  });
});

test("`deployment create` with a name in use fails with the service's 409 message", async () => {
  const run = await roboflow(["create", "dev-testing", "-m", "dev-gpu", "-e", "dev@example.com"]);
  expect(run.code).not.toBe(0);
  expect(run.stdout + run.stderr).toContain("409: deployment dev-testing already exists");
});

test("`deployment create` with an unknown machine type fails with the valid ones listed", async () => {
  const run = await roboflow(["create", "other-one", "-m", "huge-tpu", "-e", "dev@example.com"]);
  expect(run.code).not.toBe(0);
  expect(run.stdout + run.stderr).toContain(
    "400: invalid machine_type huge-tpu, valid machine types are: dev-cpu",
  );
});

test("`deployment get` shows the deployment once ready", async () => {
  await waitFor("dev-testing", "ready");
  const run = await roboflow(["get", "dev-testing"]);
  expect(run.code).toBe(0);
  expect(printedJson(run.stdout)).toMatchObject({
    deployment_name: "dev-testing",
    status: "ready",
    num_replicas: 1,
  });
});

test("`deployment list` prints the workspace's deployments", async () => {
  const run = await roboflow(["list"]);
  expect(run.code).toBe(0);
  expect(printedJson(run.stdout)).toEqual([
    expect.objectContaining({ deployment_name: "dev-testing", status: "ready" }),
  ]);
});

test("`deployment pause` pauses it", async () => {
  const run = await roboflow(["pause", "dev-testing"]);
  expect(run.code).toBe(0);
  expect(printedJson(run.stdout)).toEqual({ message: "OK" });
  expect(emulator.store.get("dev-testing")?.status).toBe("paused");
});

test("`deployment resume` resumes it through pending", async () => {
  const run = await roboflow(["resume", "dev-testing"]);
  expect(run.code).toBe(0);
  expect(printedJson(run.stdout)).toEqual({ message: "OK" });
  expect(emulator.store.get("dev-testing")?.status).toBe("pending");
  await waitFor("dev-testing", "ready");
});

test("`deployment log` prints the deployment's log lines, oldest first", async () => {
  const run = await roboflow(["log", "dev-testing", "--tail", "50"]);
  expect(run.code).toBe(0);
  const lines = run.stdout.trim().split("\n");
  expect(lines[0]).toMatch(
    /^\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}\] Scheduling deployment dev-testing/,
  );
  expect(run.stdout).toContain("Uvicorn running on");
  expect(run.stdout).toContain("Deployment paused");
  expect(lines.at(-1)).toMatch(/"GET \/info HTTP\/1\.1" 200 OK$/);
});

test("`deployment delete` deletes it, after which `get` reports 404", async () => {
  const run = await roboflow(["delete", "dev-testing"]);
  expect(run.code).toBe(0);
  expect(printedJson(run.stdout)).toEqual({ message: "OK" });
  await waitFor("dev-testing", undefined);
  const get = await roboflow(["get", "dev-testing"]);
  expect(get.code).not.toBe(0);
  expect(get.stdout + get.stderr).toContain("404: deployment dev-testing not found");
});

test("a wrong API key fails with 401", async () => {
  const run = await roboflow(["list"], "not-the-key");
  expect(run.code).not.toBe(0);
  expect(run.stdout + run.stderr).toContain("401: Unauthorized (invalid api_key)");
});

test("the CLI only ever called the documented endpoints, with the key in the documented place", () => {
  const counts = emulator.requests.counts();
  expect(Object.keys(counts).sort()).toEqual(
    [
      "GET /get",
      "GET /get_log",
      "GET /list",
      "GET /machine_types",
      "POST /add",
      "POST /delete",
      "POST /pause",
      "POST /resume",
    ].sort(),
  );
  for (const entry of emulator.requests.entries) {
    if (entry.method === "GET") expect(entry.path).toContain("api_key=***");
    else expect(entry.path).not.toContain("?");
  }
});

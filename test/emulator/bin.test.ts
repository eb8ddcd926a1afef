/** The emulator's bin: each platform it serves, its flags, and how it refuses a bad value. */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";

jest.setTimeout(30_000);

const ROOT = path.resolve(__dirname, "../..");

/** Starts emulator/bin.ts the way development does (ts-node), without type checking to start fast. */
function startBin(args: string[]): ChildProcess {
  return spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "emulator/bin.ts", ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("\n")) resolve(out.split("\n")[0]);
    });
    child.once("exit", (code) => reject(new Error(`exited with ${code} before printing`)));
  });
}

function exitCode(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

test("the bin prints its URL and API key, serves the API, and stops cleanly on SIGTERM", async () => {
  const child = startBin(["--port", "0", "--api-key", "bin-key", "--pending-ms", "10", "--quiet"]);
  try {
    const line = await firstLine(child);
    const match = /^roboflow emulator listening on (http:\/\/127\.0\.0\.1:\d+) \(api key: bin-key\)$/.exec(
      line,
    );
    expect(match).not.toBeNull();
    const response = await fetch(`${match?.[1]}/list?api_key=bin-key`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([]);
    const exited = exitCode(child);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
  }
});

test("the bin refuses a bad flag value with exit code 2 and the usage", async () => {
  const child = startBin(["--port", "eighty"]);
  let err = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    err += chunk.toString();
  });
  expect(await exitCode(child)).toBe(2);
  expect(err).toContain('--port needs a non-negative integer, got "eighty"');
  expect(err).toContain("Usage: pulumi-dedicated-deployments-emulator");
});

test("--platform shipyard --tier free serves the Shipyard API and enforces the tier", async () => {
  const child = startBin([
    "--platform",
    "shipyard",
    "--tier",
    "free",
    "--port",
    "0",
    "--api-key",
    "k1",
    "--quiet",
  ]);
  try {
    const line = await firstLine(child);
    const url = /^shipyard emulator listening on (http:\/\/127\.0\.0\.1:\d+) \(api key: k1\)/.exec(line)?.[1];
    expect(url).toBeDefined();
    const create = () =>
      fetch(`${url}/api/deployments`, {
        method: "POST",
        headers: { authorization: "Bearer k1", "content-type": "application/json" },
        body: JSON.stringify({ template: "nginx" }),
      });
    expect((await create()).status).toBe(201);
    expect((await create()).status).toBe(403);
  } finally {
    child.kill("SIGTERM");
  }
});

test("an unknown Shipyard tier exits with code 2 and says which tiers exist", async () => {
  const child = startBin(["--platform", "shipyard", "--tier", "gold"]);
  let err = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    err += chunk.toString();
  });
  expect(await exitCode(child)).toBe(2);
  expect(err).toContain('--tier must be free, business or enterprise, got "gold"');
  expect(err).toContain("--tier <name>");
});

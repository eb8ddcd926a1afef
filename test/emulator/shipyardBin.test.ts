/** The emulator's bin with `--platform shipyard`: it serves the Shipyard API and refuses a bad tier. */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";

jest.setTimeout(30_000);

const ROOT = path.resolve(__dirname, "../..");

function startBin(args: string[]): ChildProcess {
  return spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "emulator/bin.ts", ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function output(child: ChildProcess, stream: "stdout" | "stderr", until: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    child[stream]?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(until)) resolve(out);
    });
    child.once("exit", () => resolve(out));
    child.once("error", reject);
  });
}

test("--platform shipyard --tier free serves the API and enforces the tier", async () => {
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
    const line = await output(child, "stdout", "\n");
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

test("an unknown tier exits with code 2 and says which tiers exist", async () => {
  const child = startBin(["--platform", "shipyard", "--tier", "gold"]);
  const err = await output(child, "stderr", "Usage");
  if (child.exitCode === null) await new Promise((resolve) => child.once("exit", resolve));
  expect(child.exitCode).toBe(2);
  expect(err).toContain('--tier must be free, business or enterprise, got "gold"');
});

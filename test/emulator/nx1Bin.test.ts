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

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("\n")) resolve(out.split("\n")[0] ?? "");
    });
    child.once("exit", (code) => reject(new Error(`exited with ${code} before printing`)));
  });
}

test("--platform nx1 serves the NX1 API with the flags' timings, and --no-delete answers 405", async () => {
  const child = startBin([
    "--platform",
    "nx1",
    "--port",
    "0",
    "--api-key",
    "nx1-bin",
    "--no-delete",
    "--quiet",
  ]);
  try {
    const line = await firstLine(child);
    const url = /^nx1 emulator listening on (http:\/\/127\.0\.0\.1:\d+) \(api key: nx1-bin\)$/.exec(
      line,
    )?.[1];
    expect(url).toBeDefined();
    const headers = { authorization: "Bearer nx1-bin", "content-type": "application/json" };
    const body = { name: "cli", model: { model_version: "1" }, type: "online", domain: "d", owner: "o" };
    const created = await fetch(`${url}/api/models/m/deployments`, {
      method: "POST",
      headers,
      body: JSON.stringify(body),
    });
    expect([created.status, ((await created.json()) as { status: string }).status]).toEqual([201, "pending"]);
    const deleted = await fetch(`${url}/api/models/m/deployments/cli`, { method: "DELETE", headers });
    expect([deleted.status, await deleted.json()]).toEqual([405, { detail: "Method Not Allowed" }]);
  } finally {
    child.kill("SIGTERM");
  }
});

test("an unknown platform is refused naming the three", async () => {
  const child = startBin(["--platform", "nx2"]);
  let err = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    err += chunk.toString();
  });
  const code = await new Promise((resolve) => child.once("exit", resolve));
  expect(code).toBe(2);
  expect(err).toContain('--platform must be roboflow, paperspace or nx1, got "nx2"');
});

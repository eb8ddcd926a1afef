import { exitCode, firstLine, startBin, stderrOf } from "./binProcess";

jest.setTimeout(30_000);

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
  const err = stderrOf(child);
  expect(await exitCode(child)).toBe(2);
  expect(err()).toContain('--platform must be roboflow, paperspace or nx1, got "nx2"');
});

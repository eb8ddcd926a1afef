import { exitCode, firstLine, startBin, stderrOf } from "./binProcess";

jest.setTimeout(30_000);

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
  const err = stderrOf(child);
  expect(await exitCode(child)).toBe(2);
  expect(err()).toContain('--port needs a non-negative integer, got "eighty"');
  expect(err()).toContain("Usage: pulumi-dedicated-deployments-emulator");
});

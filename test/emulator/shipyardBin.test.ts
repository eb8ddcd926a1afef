/** The emulator's bin with `--platform shipyard`: it serves the Shipyard API and refuses a bad tier. */
import { exitCode, firstLine, startBin, stderrOf } from "./binProcess";

jest.setTimeout(30_000);

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

test("an unknown tier exits with code 2 and says which tiers exist", async () => {
  const child = startBin(["--platform", "shipyard", "--tier", "gold"]);
  const err = stderrOf(child);
  expect(await exitCode(child)).toBe(2);
  expect(err()).toContain('--tier must be free, business or enterprise, got "gold"');
  expect(err()).toContain("--tier <name>");
});

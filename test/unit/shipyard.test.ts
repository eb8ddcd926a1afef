/**
 * Shipyard without a server: the input checks and their messages, the defaults, the error format, and the
 * client's requests (Bearer key, JSON bodies) and retry rules (403 never, 503 yes) with an injected fetch.
 */
import { PROVIDER_KEY } from "../../provider/core/dynamic";
import { errorDetail, ShipyardClient } from "../../provider/shipyard/client";
import { DeploymentProvider } from "../../provider/shipyard/provider";

const KEY = "syk-unit-Fz71Qe";

async function check(inputs: Record<string, unknown>) {
  const p = new DeploymentProvider({ env: {} });
  await p.configure({
    config: {
      get: (k: string) => ({ "shipyard:apiKey": KEY, "shipyard:apiUrl": "https://x.invalid" })[k],
    } as never,
  });
  return p.check({}, { ...inputs, [PROVIDER_KEY]: "shim" });
}

describe("check", () => {
  test.each([
    [{}, "template", "give exactly one of [template] or [image]"],
    [{ template: "nginx", image: "a:1" }, "template", "give exactly one of [template] or [image]"],
    [{ template: "nginx", containerPort: 80 }, "containerPort", "only an [image] deployment takes a port"],
    [{ template: "nginx", name: "web" }, "name", "only an [image] deployment takes a name"],
    [{ image: "a:1", name: "Web_1" }, "name", "must be a DNS-1123 label"],
    [{ image: "a:1", containerPort: 70000 }, "containerPort", "must be at most 65535"],
    [{ template: "nginx", visibility: "private" }, "visibility", "must be public or internal"],
    [
      { template: "nginx", autoUpdate: { enabled: true, strategy: "blue" } },
      "autoUpdate.strategy",
      "must be rolling or recreate",
    ],
    [{ template: "nginx", adopt: true }, "adopt", "needs [name]"],
    [{ template: "nginx", restartTrigger: 5 }, "restartTrigger", "must be a string"],
    [{ template: "nginx", color: "red" }, "color", 'unknown property "color"'],
  ])("%j fails on %s", async (inputs, property, reason) => {
    const { failures } = await check(inputs);
    expect(failures).toEqual([{ property, reason: expect.stringContaining(reason) }]);
  });

  test("a bad env var names no property and never shows its value", async () => {
    const { failures } = await check({ template: "nginx", envVars: { TOKEN: 42 } });
    expect(failures).toEqual([
      { property: "", reason: "envVars.TOKEN: must be a string (its value is not shown)" },
    ]);
  });

  test("defaults: wait for Ready, port 8080 for an image only; visibility and strategy unset are no opinion", async () => {
    const image = (await check({ image: "a:1" })).inputs;
    expect(image).toMatchObject({ containerPort: 8080, waitForReady: true, readyTimeoutMinutes: 20 });
    // The API's defaults are not filled in when unset: the API's value wins; a create still sends them.
    expect(image).not.toHaveProperty("visibility");
    expect((await check({ template: "nginx" })).inputs).not.toHaveProperty("containerPort");
    expect((await check({ template: "nginx", autoUpdate: { enabled: true } })).inputs.autoUpdate).toEqual({
      enabled: true,
    });
    expect((await check({ template: "nginx", visibility: "public" })).inputs).toMatchObject({
      visibility: "public",
    });
  });

  test("no URL and no key are both named, with the config keys to set", async () => {
    const p = new DeploymentProvider({ env: {} });
    await p.configure({ config: { get: () => undefined } as never });
    const { failures } = await p.check({}, { template: "nginx", [PROVIDER_KEY]: "shim" });
    const reasons = (failures ?? []).map((f) => f.reason).join("\n");
    expect(reasons).toContain("pulumi config set --secret shipyard:apiKey");
    expect(reasons).toContain("pulumi config set shipyard:apiUrl");
  });

  test("SHIPYARD_API_URL and SHIPYARD_API_KEY stand in for the config", async () => {
    const p = new DeploymentProvider({
      env: { SHIPYARD_API_URL: "https://x.invalid", SHIPYARD_API_KEY: KEY },
    });
    await p.configure({ config: { get: () => undefined } as never });
    expect((await p.check({}, { template: "nginx", [PROVIDER_KEY]: "shim" })).failures).toEqual([]);
  });
});

describe("client", () => {
  test("errorDetail reads {error}, and keeps any other body as text", () => {
    expect(errorDetail('{"error":"Deployment not found: x"}')).toBe("Deployment not found: x");
    expect(errorDetail("<html>502</html>")).toBe("<html>502</html>");
    expect(errorDetail("")).toBe("(empty body)");
  });

  function recording(answers: Array<[number, unknown]>) {
    const requests: Array<{ url: string; init: RequestInit }> = [];
    const fetchFn = (async (url: URL, init: RequestInit) => {
      requests.push({ url: String(url), init });
      const [status, body] = answers.shift() ?? [200, {}];
      return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
    }) as unknown as typeof fetch;
    const client = new ShipyardClient({
      apiKey: KEY,
      apiUrl: "https://shipyard.example.com/",
      fetch: fetchFn,
      sleep: async () => undefined,
    });
    return { client, requests };
  }

  test("delete sends JSON with a Bearer key to the documented path", async () => {
    const { client, requests } = recording([[200, { success: true }]]);
    await client.deleteDeployment("abc123xyz7");
    expect(requests[0]?.url).toBe("https://shipyard.example.com/api/deployments/delete");
    expect(requests[0]?.init.body).toBe('{"deployment_name":"abc123xyz7"}');
    expect(requests[0]?.init.headers).toMatchObject({
      "content-type": "application/json",
      authorization: `Bearer ${KEY}`,
    });
  });

  test("403 on a create is not retried and names the API's answer", async () => {
    const { client, requests } = recording([[403, { error: "Deployment limit reached" }]]);
    await expect(client.createFromTemplate({ template: "nginx" })).rejects.toThrow(
      "shipyard API POST /api/deployments failed with status 403: Deployment limit reached",
    );
    expect(requests).toHaveLength(1);
  });

  test("503 (operator unavailable) on a create is retried: the API did nothing", async () => {
    const { client, requests } = recording([
      [503, { error: "Operator not available" }],
      [201, { name: "abc123xyz7", status: "Pending" }],
    ]);
    expect(await client.createFromTemplate({ template: "nginx" })).toMatchObject({ name: "abc123xyz7" });
    expect(requests).toHaveLength(2);
  });

  test("500 on a create is not retried blindly: its caller resolves it", async () => {
    const { client, requests } = recording([[500, { error: "Kubernetes API error" }]]);
    await expect(client.createFromTemplate({ template: "nginx" })).rejects.toMatchObject({ ambiguous: true });
    expect(requests).toHaveLength(1);
  });

  test("the lists and status tolerate absent optional fields and unknown ones", async () => {
    const { client } = recording([
      [200, [{ name: "a", status: "Ready", extra: 1 }]],
      [200, { status: "Pending" }],
    ]);
    expect(await client.listDeployments("t1")).toEqual([{ name: "a", status: "Ready", extra: 1 }]);
    expect(await client.getStatus("a")).toEqual({ status: "Pending" });
  });
});

import { z } from "zod";
import {
  ApiError,
  HttpStatusError,
  isApiError,
  isHttpStatusError,
  NetworkError,
  ResponseFormatError,
} from "../../provider/core/errors";
import { createHttpClient, type HttpClientOptions, type RetryEvent } from "../../provider/core/http";
import { RoboflowClient } from "../../provider/roboflow/client";
import { seedDeployment } from "../helpers/seedDeployment";

const KEY = "rf-key-Zq81XvK3pL";
const BASE = "https://roboflow.cloud";
const deployment = { deployment_id: "IwzJ5YLQ0iDhwzqoh3Ae", ...seedDeployment };
const addRequest = {
  deployment_name: "dev-testing",
  machine_type: "dev-gpu",
  creator_email: "dev@example.com",
  duration: 3,
  inference_version: "latest",
  min_replicas: 1,
  max_replicas: 1,
};

type Answer = Response | (() => Response | Promise<Response>) | Error;

/** A fetch that answers from a script, one entry per call, and records what it was sent. */
function scriptedFetch(...answers: Answer[]) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fake = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    calls.push({ url: String(input), init: init ?? {} });
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)];
    if (answer instanceof Error) throw answer;
    return typeof answer === "function" ? answer() : answer.clone();
  };
  return { fetch: fake as typeof fetch, calls };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const text = (body: string, status: number, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { "content-type": "text/plain", ...headers } });

function roboflow(
  fetchImpl: typeof fetch,
  sleeps: number[] = [],
  extra: Partial<{ timeoutMs: number }> = {},
) {
  return new RoboflowClient({
    apiKey: KEY,
    apiUrl: BASE,
    fetch: fetchImpl,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...extra,
  });
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

describe("RoboflowClient requests", () => {
  test("sends the key in the query for GET", async () => {
    const { fetch, calls } = scriptedFetch(json(deployment));
    await roboflow(fetch).getDeployment("dev-testing");
    const url = new URL(calls[0].url);
    expect(url.origin + url.pathname).toBe("https://roboflow.cloud/get");
    expect(url.searchParams.get("api_key")).toBe(KEY);
    expect(url.searchParams.get("deployment_name")).toBe("dev-testing");
    expect(calls[0].init.method).toBe("GET");
    expect(calls[0].init.body).toBeUndefined();
  });

  test("sends the key in the JSON body for POST", async () => {
    const { fetch, calls } = scriptedFetch(json(deployment));
    await roboflow(fetch).addDeployment(addRequest);
    expect(calls[0].url).toBe("https://roboflow.cloud/add");
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ api_key: KEY, ...addRequest });
    expect((calls[0].init.headers as Record<string, string>)["content-type"]).toBe("application/json");
  });

  test("parses a deployment", async () => {
    const { fetch } = scriptedFetch(json(deployment));
    expect(await roboflow(fetch).getDeployment("dev-testing")).toEqual(deployment);
  });

  test("accepts /list as a bare array and as {deployments}", async () => {
    const { fetch } = scriptedFetch(json([deployment]), json({ deployments: [deployment] }));
    const client = roboflow(fetch);
    expect(await client.listDeployments()).toEqual([deployment]);
    expect(await client.listDeployments()).toEqual([deployment]);
  });
});

describe("status classification", () => {
  test("puts a plain-string error body in the message on one template", async () => {
    const { fetch } = scriptedFetch(text("deployment dev-testing already exists", 409));
    const error = await failure(roboflow(fetch).addDeployment(addRequest));
    expect(error).toBeInstanceOf(HttpStatusError);
    expect(error.message).toBe(
      "roboflow API POST /add failed with status 409: deployment dev-testing already exists",
    );
    expect((error as HttpStatusError).status).toBe(409);
    expect((error as HttpStatusError).detail).toBe("deployment dev-testing already exists");
    expect(isHttpStatusError(error, 409)).toBe(true);
    expect(isHttpStatusError(error, 404)).toBe(false);
  });

  test("unquotes a JSON-quoted string error body", async () => {
    const { fetch } = scriptedFetch(text('"deployment dev-testing not found"', 404));
    const error = await failure(roboflow(fetch).getDeployment("dev-testing"));
    expect(error.message).toBe(
      "roboflow API GET /get failed with status 404: deployment dev-testing not found",
    );
  });

  test("says so when the error body is empty", async () => {
    const { fetch } = scriptedFetch(text("", 401));
    const error = await failure(roboflow(fetch).getDeployment("dev-testing"));
    expect(error.message).toBe("roboflow API GET /get failed with status 401: (empty body)");
  });

  test("never puts the query in the message", async () => {
    const { fetch } = scriptedFetch(text("nope", 400));
    const error = await failure(roboflow(fetch).getDeployment("dev-testing"));
    expect(error.message).not.toContain("deployment_name=");
    expect(error.message).not.toContain("?");
  });

  test.each([
    [500, true],
    [502, true],
    [503, false],
    [409, false],
    [400, false],
  ])("marks status %d as ambiguous: %s", async (status, ambiguous) => {
    const { fetch } = scriptedFetch(text("x", status));
    const error = await failure(roboflow(fetch).addDeployment(addRequest));
    expect((error as ApiError).ambiguous).toBe(ambiguous);
  });

  test("reads Retry-After into the error", async () => {
    const { fetch } = scriptedFetch(text("slow down", 400, { "retry-after": "7" }));
    const error = await failure(roboflow(fetch).getDeployment("dev-testing"));
    expect((error as HttpStatusError).retryAfterSeconds).toBe(7);
  });
});

describe("unreadable answers", () => {
  test("turns malformed JSON into a ResponseFormatError", async () => {
    const { fetch } = scriptedFetch(
      new Response('{"deployment_id": "abc", "deployment_na', {
        status: 200,
        headers: { "content-type": "application/json" },
      }),
    );
    const error = await failure(roboflow(fetch).addDeployment(addRequest));
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect(error.message).toMatch(/^roboflow API POST \/add returned an unreadable response: expected JSON/);
    expect((error as ApiError).ambiguous).toBe(true);
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  test("turns an HTML page answered with 200 into a ResponseFormatError naming its content type", async () => {
    const { fetch } = scriptedFetch(
      new Response("<!DOCTYPE html><html><body>Bad Gateway</body></html>", {
        status: 200,
        headers: { "content-type": "text/html" },
      }),
    );
    const error = await failure(roboflow(fetch).addDeployment(addRequest));
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect(error.message).toContain("expected JSON, got text/html");
  });

  test("turns JSON of another shape into a ResponseFormatError naming the field", async () => {
    const { fetch } = scriptedFetch(json({ ...deployment, status: 3 }));
    const error = await failure(roboflow(fetch).addDeployment(addRequest));
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect(error.message).toContain("status:");
  });

  test("retries an unreadable answer on a GET", async () => {
    const sleeps: number[] = [];
    const { fetch, calls } = scriptedFetch(new Response("<html>", { status: 200 }), json(deployment));
    expect(await roboflow(fetch, sleeps).getDeployment("dev-testing")).toEqual(deployment);
    expect(calls).toHaveLength(2);
  });
});

describe("network failures", () => {
  // AbortSignal.timeout rejects with a DOMException of the host realm; the check must go by name, as the
  // error guards do, since the provider also runs where `instanceof Error` fails (jest, vm contexts).
  test("turns a request that gets no answer within the timeout into a NetworkError that says it timed out", async () => {
    const hanging = (async (_url: string | URL | Request, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener("abort", () => reject(init.signal?.reason));
      })) as typeof fetch;
    const error = await failure(roboflow(hanging, [], { timeoutMs: 20 }).addDeployment(addRequest));
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).timedOut).toBe(true);
    expect(error.message).toBe("roboflow API POST /add failed: no answer within 20 ms");
  });

  test("turns a refused connection into a NetworkError carrying the cause", async () => {
    const refused = new TypeError("fetch failed", {
      cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" }),
    });
    const { fetch } = scriptedFetch(refused);
    const error = await failure(roboflow(fetch).addDeployment(addRequest));
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).timedOut).toBe(false);
    expect((error as ApiError).ambiguous).toBe(true);
    expect(error.message).toBe(
      "roboflow API POST /add failed: ECONNREFUSED (connect ECONNREFUSED 127.0.0.1:9)",
    );
    expect(error.cause).toBe(refused);
    expect(isApiError(error)).toBe(true);
  });
});

describe("retries", () => {
  test("retries a GET after 503 and returns the deployment, reporting the retry", async () => {
    const sleeps: number[] = [];
    const events: RetryEvent[] = [];
    const { fetch, calls } = scriptedFetch(text("busy", 503), json(deployment));
    const client = createHttpClient({
      platform: "roboflow",
      baseUrl: BASE,
      fetch,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0,
      onRetry: (e) => events.push(e),
    });
    const result = await client.request(z.looseObject({ status: z.string() }), {
      method: "GET",
      path: "/get",
    });
    expect(result.status).toBe("pending");
    expect(calls).toHaveLength(2);
    expect(sleeps).toEqual([250]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ attempt: 1, delayMs: 250, call: { method: "GET", path: "/get" } });
  });

  test("honours Retry-After", async () => {
    const sleeps: number[] = [];
    const { fetch } = scriptedFetch(text("Too Many Requests", 429, { "retry-after": "2" }), json(deployment));
    await roboflow(fetch, sleeps).getDeployment("dev-testing");
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(2_000);
    expect(sleeps[0]).toBeLessThanOrEqual(3_000);
  });

  test("caps a long Retry-After", async () => {
    const sleeps: number[] = [];
    const { fetch } = scriptedFetch(
      text("Too Many Requests", 429, { "retry-after": "86400" }),
      json(deployment),
    );
    await roboflow(fetch, sleeps).getDeployment("dev-testing");
    expect(sleeps).toEqual([60_000]);
  });

  test("gives up after the attempt limit and throws the last error", async () => {
    const sleeps: number[] = [];
    const { fetch, calls } = scriptedFetch(text("busy", 503));
    const options: HttpClientOptions = {
      platform: "roboflow",
      baseUrl: BASE,
      fetch,
      retry: {
        attempts: 3,
        baseDelayMs: 10,
        maxDelayMs: 100,
        maxRetryAfterMs: 1_000,
        rateLimitedAttempts: 3,
      },
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    };
    const error = await failure(
      createHttpClient(options).request(z.unknown(), { method: "GET", path: "/get" }),
    );
    expect(isHttpStatusError(error, 503)).toBe(true);
    expect(calls).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
  });

  test("does not retry a create that failed with 500: it may have happened", async () => {
    const { fetch, calls } = scriptedFetch(text("Internal Server Error", 500), json(deployment));
    await failure(roboflow(fetch).addDeployment(addRequest));
    expect(calls).toHaveLength(1);
  });

  test("does not retry a create that lost its connection", async () => {
    const { fetch, calls } = scriptedFetch(new TypeError("fetch failed"), json(deployment));
    await failure(roboflow(fetch).addDeployment(addRequest));
    expect(calls).toHaveLength(1);
  });

  test("retries a create answered 503: the API did not carry it out", async () => {
    const { fetch, calls } = scriptedFetch(text("Service Unavailable", 503), json(deployment));
    expect(await roboflow(fetch).addDeployment(addRequest)).toEqual(deployment);
    expect(calls).toHaveLength(2);
  });

  test("retries pause, resume and delete, which are harmless to repeat", async () => {
    const { fetch, calls } = scriptedFetch(
      text("Bad Gateway", 502),
      json({ message: "OK" }),
      json({ message: "OK" }),
      json({ message: "OK" }),
    );
    const client = roboflow(fetch);
    await client.pause("dev-testing");
    await client.resume("dev-testing");
    await client.delete("dev-testing");
    expect(calls.map((c) => c.url)).toEqual([
      "https://roboflow.cloud/pause",
      "https://roboflow.cloud/pause",
      "https://roboflow.cloud/resume",
      "https://roboflow.cloud/delete",
    ]);
  });

  test("does not retry 404", async () => {
    const { fetch, calls } = scriptedFetch(text("deployment dev-testing not found", 404));
    await failure(roboflow(fetch).getDeployment("dev-testing"));
    expect(calls).toHaveLength(1);
  });
});

describe("the API key in errors", () => {
  const leaks: Array<[string, Answer]> = [
    ["an error body echoing the key", text(`invalid api_key ${KEY}`, 401)],
    ["an error body echoing the URL", text(`GET /get?api_key=${KEY}&deployment_name=x not allowed`, 403)],
    ["an error body echoing the JSON request", text(`bad request {"api_key": "${KEY}"}`, 400)],
    ["an unreadable 200 echoing the key", new Response(`<html>${KEY}</html>`, { status: 200 })],
    ["a network failure mentioning the key", new TypeError(`fetch failed for ${KEY}`)],
    [
      "a network failure whose cause mentions the URL",
      new TypeError("fetch failed", { cause: new Error(`bad url ${BASE}/get?api_key=${KEY}`) }),
    ],
  ];

  test.each(leaks)("is masked in %s", async (_what, answer) => {
    const { fetch } = scriptedFetch(answer);
    const error = await failure(roboflow(fetch, [], {}).addDeployment(addRequest) as Promise<unknown>);
    expect(error.message).not.toContain(KEY);
    expect(error.stack ?? "").not.toContain(KEY);
    expect(error.message).toContain("***");
  });
});

describe("error guards", () => {
  test("recognise errors by name across module copies", () => {
    const foreign = Object.assign(new Error("x"), { name: "NetworkError" });
    expect(isApiError(foreign)).toBe(true);
    expect(isHttpStatusError(foreign)).toBe(false);
    expect(
      isHttpStatusError(Object.assign(new Error("x"), { name: "HttpStatusError", status: 404 }), 404),
    ).toBe(true);
    expect(isApiError(new Error("x"))).toBe(false);
    expect(isApiError({ name: "ApiError" })).toBe(false);
  });

  test("every error class is an ApiError with its own name", () => {
    const call = { platform: "roboflow", method: "GET", path: "/get" };
    const errors = [
      new HttpStatusError(call, 500, "x"),
      new NetworkError(call, "x", false),
      new ResponseFormatError(call, "x"),
    ];
    expect(errors.map((e) => e.name)).toEqual(["HttpStatusError", "NetworkError", "ResponseFormatError"]);
    for (const e of errors) {
      expect(e).toBeInstanceOf(ApiError);
      expect(e.platform).toBe("roboflow");
    }
  });
});

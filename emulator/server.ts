/**
 * The shared HTTP server of every emulated API: listening, faults, the rate limit, the request log and the
 * admin surface. It knows no platform: the registry hands it one ({@link EmulatedPlatform}) to serve.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type Clock, realClock } from "./clock";
import { FaultSpec, Faults } from "./faults";
import {
  type CommonEmulatorOptions,
  type EmulatedPlatform,
  jsonResponse,
  type PlatformModule,
  type PlatformRequest,
  type PlatformResponse,
  textResponse,
} from "./platform";
import { RequestLog, type RequestLogEntry, redact } from "./requestLog";

/** A running emulator; `Store` is the emulated platform's state. */
export interface RunningEmulator<Store> {
  /** Base URL, e.g. `http://127.0.0.1:43123`: what a client uses in place of the API's. */
  url: string;
  /** The API key it accepts. */
  readonly apiKey: string;
  /** Accepts `next` from now on, and no earlier key: what rotating a key in the API's console does. */
  rotateKey(next: string): void;
  /** Stops listening and destroys every open connection, hanging ones included. */
  close(): Promise<void>;
  /** In-process fault control. */
  faults: Faults;
  /** Every API request received (admin requests excluded), key redacted. */
  requests: RequestLog;
  /**
   * Deployment state, and out-of-band changes (Roboflow: deleteOutOfBand, pauseOutOfBand, expire, fail;
   * Paperspace: deleteOutOfBand, markUnhealthy, markHealthy, setError, failInstance, updateOutOfBand;
   * NX1: stopOutOfBand, archiveOutOfBand, deleteOutOfBand, fail, failOnCreate, moveAlias).
   */
  store: Store;
  clock: Clock;
}

const ADMIN_PREFIX = "/__emulator/";
const MAX_BODY_BYTES = 1_000_000;
const HTML_PAGE =
  "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>";
const DEFAULT_FAULT_MESSAGES: Record<number, string> = {
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new Error("request body too large"));
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function parseBody(raw: string): { body: unknown; bodyError?: string } {
  if (raw.trim() === "") return { body: undefined };
  try {
    return { body: JSON.parse(raw) };
  } catch (error) {
    return { body: undefined, bodyError: (error as Error).message };
  }
}

/**
 * Starts an emulator of `platform` on loopback and resolves once it listens. Each emulator has its own
 * state, faults and request log, so test files can run several side by side.
 */
export async function startEmulator<Options, Store>(
  emulated: EmulatedPlatform<Options, Store>,
  options: CommonEmulatorOptions & Options,
): Promise<RunningEmulator<Store>> {
  // Every key it ever accepted, the current one last: rotation retires a key, redaction still hides it.
  const keys = [options.apiKey ?? "emulator-key"];
  const currentKey = () => keys[keys.length - 1] ?? "";
  const clock = options.clock ?? realClock;
  const { store, routes } = emulated.create(options, { apiKey: currentKey, clock });
  const platform = withFailures(routes);
  const faults = new Faults();
  const requests = new RequestLog();
  const timers = new Set<NodeJS.Timeout>();
  /** Resolves after `ms`, on a timer that close() clears (a held answer never outlives the server). */
  const hold = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });
  const recentHits: number[] = [];
  const say = (line: string) => options.log?.(redact(line, ...keys));

  function send(res: ServerResponse, response: PlatformResponse, entry?: RequestLogEntry): void {
    if (entry) entry.status = response.status;
    res.writeHead(response.status, {
      "content-type": response.contentType,
      "content-length": Buffer.byteLength(response.body),
      ...response.headers,
    });
    res.end(response.body);
  }

  function rateLimited(): PlatformResponse | undefined {
    if (!options.rateLimit) return undefined;
    const now = clock.now();
    while (recentHits.length > 0 && recentHits[0] <= now - 1000) recentHits.shift();
    if (recentHits.length < options.rateLimit.requestsPerSecond) {
      recentHits.push(now);
      return undefined;
    }
    const retryAfter = Math.max(1, Math.ceil((recentHits[0] + 1000 - now) / 1000));
    const response = platform.error(429, "Too Many Requests: rate limit exceeded");
    return { ...response, headers: { ...response.headers, "retry-after": String(retryAfter) } };
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL, raw: string): Promise<void> {
    const method = req.method ?? "GET";
    const entry = requests.record({
      method,
      path: redact(req.url ?? "/", ...keys),
      status: 0,
      at: clock.now(),
    });
    const request = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      ...parseBody(raw),
    };
    const limited = rateLimited();
    if (limited) return send(res, limited, entry);
    const fault = faults.take(`${method} ${url.pathname}`);
    switch (fault?.kind) {
      case undefined:
        return send(res, platform.handle(request), entry);
      case "status": {
        const response = platform.error(
          fault.status,
          fault.body ?? DEFAULT_FAULT_MESSAGES[fault.status] ?? "Error",
        );
        const headers: Record<string, string> = {};
        if (fault.retryAfterSeconds !== undefined) headers["retry-after"] = String(fault.retryAfterSeconds);
        return send(res, { ...response, headers }, entry);
      }
      case "reset":
        req.socket.destroy();
        return;
      case "hang":
        if (fault.ms === undefined) return; // answered never; close() destroys the socket
        await hold(fault.ms);
        if (!res.destroyed) send(res, platform.handle(request), entry);
        return;
      case "html200":
        return send(res, { status: 200, body: HTML_PAGE, contentType: "text/html; charset=utf-8" }, entry);
      case "malformedJson": {
        const { body } = platform.handle(request);
        const truncated = body.slice(0, Math.max(1, Math.floor(body.length / 2)));
        return send(res, { status: 200, body: truncated, contentType: "application/json" }, entry);
      }
      case "loseResponse":
        platform.handle(request);
        req.socket.destroy();
        return;
      case "holdAnswer": {
        const response = platform.handle(request);
        if (fault.ms === undefined) return; // answered never; close() destroys the socket
        await hold(fault.ms);
        if (!res.destroyed) send(res, response, entry);
        return;
      }
    }
  }

  function handleAdmin(method: string, path: string, raw: string): PlatformResponse {
    const route = path.slice(ADMIN_PREFIX.length);
    const { body, bodyError } = parseBody(raw);
    if (route === "faults" && method === "POST") {
      if (bodyError !== undefined) return textResponse(400, `invalid JSON body: ${bodyError}`);
      const parsed = FaultSpec.array().safeParse(Array.isArray(body) ? body : [body]);
      if (!parsed.success) return textResponse(400, `invalid fault: ${parsed.error.issues[0]?.message}`);
      for (const spec of parsed.data) faults.add(spec);
      return jsonResponse(200, { faults: faults.pending() });
    }
    if (route === "faults" && method === "GET") return jsonResponse(200, { faults: faults.pending() });
    if (route === "faults" && method === "DELETE") {
      faults.clear();
      return jsonResponse(200, { message: "OK" });
    }
    if (route === "requests" && method === "GET") {
      return jsonResponse(200, { counts: requests.counts(), entries: requests.entries });
    }
    if (route === "rotate-key" && method === "POST") {
      const next = (body as { apiKey?: unknown } | undefined)?.apiKey;
      if (typeof next !== "string" || next === "")
        return textResponse(400, 'body must be {"apiKey": "<new key>"}');
      keys.push(next);
      return jsonResponse(200, { message: "OK" });
    }
    if (route === "reset" && method === "POST") {
      platform.reset();
      faults.clear();
      requests.reset();
      recentHits.length = 0;
      return jsonResponse(200, { message: "OK" });
    }
    const outOfBand = /^deployments\/([^/]+)\/([^/]+)$/.exec(route);
    if (outOfBand && method === "POST") {
      return changeOutOfBand(platform, decodeURIComponent(outOfBand[1]), outOfBand[2], body);
    }
    return textResponse(404, `no emulator admin route ${method} ${path}`);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://emulator.invalid");
    readBody(req)
      .then(async (raw) => {
        if (url.pathname.startsWith(ADMIN_PREFIX)) {
          const response = handleAdmin(req.method ?? "GET", url.pathname, raw);
          send(res, response);
          say(`admin ${req.method} ${url.pathname} -> ${response.status}`);
          return;
        }
        await handleApi(req, res, url, raw);
        say(`${req.method} ${req.url} -> ${res.headersSent ? res.statusCode : "no answer"}`);
      })
      .catch((error: Error) => {
        if (!res.headersSent && !res.destroyed) send(res, platform.error(413, error.message));
      });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    get apiKey() {
      return currentKey();
    },
    rotateKey: (next: string) => {
      keys.push(next);
    },
    faults,
    requests,
    store,
    clock,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** `routes` whose failures in the API's own terms become that API's error answers. */
function withFailures(routes: PlatformModule): PlatformModule {
  return {
    ...routes,
    handle(request: PlatformRequest) {
      try {
        return routes.handle(request);
      } catch (error) {
        const answer = routes.failure(error);
        if (answer) return answer;
        throw error;
      }
    },
  };
}

/** `POST /__emulator/deployments/{id}/{action}`: one of the platform's out-of-band changes. */
function changeOutOfBand(
  platform: PlatformModule,
  id: string,
  action: string,
  body: unknown,
): PlatformResponse {
  const fields = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  const message = typeof fields.message === "string" ? fields.message : undefined;
  const act = platform.outOfBand[action];
  if (!act) {
    const expected = Object.keys(platform.outOfBand).join(", ");
    return platform.error(404, `unknown action ${action}, expected one of: ${expected}`);
  }
  try {
    act(id, fields, message);
    return jsonResponse(200, { message: "OK", deployment: platform.view(id) ?? null });
  } catch (error) {
    const answer = platform.failure(error);
    if (answer) return answer;
    throw error;
  }
}

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type Clock, realClock } from "./clock";
import { FaultSpec, Faults } from "./faults";
import { createNx1Platform, type Nx1EmulatorOptions, type Nx1Store } from "./nx1";
import { createPaperspaceRoutes } from "./paperspace";
import { PaperspaceStore } from "./paperspaceStore";
import { RequestLog, type RequestLogEntry, redact } from "./requestLog";
import { createRoboflowRoutes } from "./roboflow";
import { jsonResponse, type PlatformModule, type PlatformResponse, textResponse } from "./routing";
import { RoboflowStore } from "./store";

/** How to start an emulator. Every field is optional: the defaults give a realistic, quiet Roboflow API. */
export interface EmulatorOptions {
  /** Which API to emulate: Roboflow Dedicated Deployments (see {@link PaperspaceEmulatorOptions} for Paperspace). */
  platform?: "roboflow";
  /** The only API key accepted (default `"emulator-key"`); any other answers 401. */
  apiKey?: string;
  /** Interface to listen on (default `127.0.0.1`). */
  host?: string;
  /** Port to listen on (default 0: an ephemeral port, see `url`). */
  port?: number;
  /** Durations of the transient states, in milliseconds (defaults 3000 / 2000 / 1000). */
  timing?: { pendingMs?: number; resumeMs?: number; deleteMs?: number };
  /** Source of time for the state machine and the rate limit (default: the wall clock). */
  clock?: Clock;
  /** Answer 429 with `Retry-After` beyond this many API requests per second (emulator clock). */
  rateLimit?: { requestsPerSecond: number };
  /** Subdomains taken elsewhere: creating a deployment with such a name gets a short random suffix. */
  takenSubdomains?: string[];
  /** Machine types offered (default dev-cpu, dev-gpu, prod-cpu, prod-gpu). */
  machineTypes?: string[];
  /** Receives one line per request, API key redacted. */
  log?: (line: string) => void;
}

/** How to start an emulator of the Paperspace Deployments API (Bearer key, `{code, message}` errors). */
export interface PaperspaceEmulatorOptions
  extends Omit<EmulatorOptions, "platform" | "timing" | "takenSubdomains" | "machineTypes"> {
  platform: "paperspace";
  /** Milliseconds from an upsert to the spec being applied, then to it being healthy (defaults 2000 / 3000). */
  timing?: { applyMs?: number; readyMs?: number };
  /** The only project IDs that exist; any other answers 404 (default: every project exists). */
  projects?: string[];
}

/** A running emulator; `Store` is the emulated platform's state (RoboflowStore unless Paperspace). */
export interface Emulator<Store = RoboflowStore> {
  /** Base URL, e.g. `http://127.0.0.1:43123`: what a client uses in place of `https://roboflow.cloud`. */
  url: string;
  /** The API key it accepts. */
  apiKey: string;
  /** Stops listening and destroys every open connection, hanging ones included. */
  close(): Promise<void>;
  /** In-process fault control. */
  faults: Faults;
  /** Every API request received (admin requests excluded), key redacted. */
  requests: RequestLog;
  /**
   * Deployment state, and out-of-band changes (Roboflow: deleteOutOfBand, pauseOutOfBand, expire, fail;
   * Paperspace: deleteOutOfBand, markUnhealthy, markHealthy, setError, failInstance, updateOutOfBand).
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

/** The store and routes of the platform `options` asks for. */
function createPlatform(
  options: EmulatorOptions | PaperspaceEmulatorOptions | Nx1EmulatorOptions,
  apiKey: string,
  clock: Clock,
): { store: RoboflowStore | PaperspaceStore | Nx1Store; platform: PlatformModule } {
  if (options.platform === "nx1") {
    return createNx1Platform(options, apiKey, clock);
  }
  if (options.platform === "paperspace") {
    const store = new PaperspaceStore({
      clock,
      timing: { applyMs: options.timing?.applyMs ?? 2000, readyMs: options.timing?.readyMs ?? 3000 },
      projects: options.projects,
    });
    return { store, platform: createPaperspaceRoutes(store, { apiKey }) };
  }
  const store = new RoboflowStore({
    clock,
    timing: {
      pendingMs: options.timing?.pendingMs ?? 3000,
      resumeMs: options.timing?.resumeMs ?? 2000,
      deleteMs: options.timing?.deleteMs ?? 1000,
    },
    machineTypes: options.machineTypes,
    takenSubdomains: options.takenSubdomains,
  });
  return { store, platform: createRoboflowRoutes(store, { apiKey, clock }) };
}

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
 * Starts an emulator on loopback and resolves once it listens. Each emulator has its own state, faults
 * and request log, so test files can run several side by side.
 */
export function createEmulator(options: PaperspaceEmulatorOptions): Promise<Emulator<PaperspaceStore>>;
export function createEmulator(options: Nx1EmulatorOptions): Promise<Emulator<Nx1Store>>;
export function createEmulator(options?: EmulatorOptions): Promise<Emulator>;
export async function createEmulator(
  options: EmulatorOptions | PaperspaceEmulatorOptions | Nx1EmulatorOptions = {},
): Promise<Emulator<RoboflowStore> | Emulator<PaperspaceStore> | Emulator<Nx1Store>> {
  const apiKey = options.apiKey ?? "emulator-key";
  const clock = options.clock ?? realClock;
  const { store, platform } = createPlatform(options, apiKey, clock);
  const faults = new Faults();
  const requests = new RequestLog();
  const timers = new Set<NodeJS.Timeout>();
  const recentHits: number[] = [];
  const say = (line: string) => options.log?.(redact(line, apiKey));

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
      path: redact(req.url ?? "/", apiKey),
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
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            timers.delete(timer);
            resolve();
          }, fault.ms);
          timers.add(timer);
        });
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
    if (route === "reset" && method === "POST") {
      platform.reset();
      faults.clear();
      requests.reset();
      recentHits.length = 0;
      return jsonResponse(200, { message: "OK" });
    }
    const outOfBand = /^deployments\/([^/]+)\/([^/]+)$/.exec(route);
    if (outOfBand && method === "POST") {
      return platform.outOfBand(decodeURIComponent(outOfBand[1]), outOfBand[2], body);
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

  const emulator: Emulator<RoboflowStore | PaperspaceStore | Nx1Store> = {
    url: `http://${host}:${address.port}`,
    apiKey,
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
  // The store's type follows `options.platform`, as the overloads say.
  return emulator as Emulator<RoboflowStore> | Emulator<PaperspaceStore> | Emulator<Nx1Store>;
}

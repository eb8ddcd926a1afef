/**
 * The one request path of every platform client: builds the URL, sends JSON, applies the timeout and
 * the retry rules, classifies failures into the error family and parses every success body with zod.
 */
import { setTimeout as delay } from "node:timers/promises";
import type { z } from "zod";
import { type ApiError, type CallSite, HttpStatusError, NetworkError, ResponseFormatError } from "./errors";
import { redact } from "./redact";
import { defaultRetryPolicy, parseRetryAfter, type RetryPolicy, retryDelay, shouldRetry } from "./retry";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** One call to an endpoint. */
export interface RequestSpec {
  method: HttpMethod;
  /** The endpoint's path, without the query: it names the call in errors. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** Sent as JSON. */
  body?: unknown;
  /** Whether sending the call twice is harmless. Defaults to true for GET, false otherwise. */
  repeatable?: boolean;
}

/** A retry about to happen, for progress reporting and call counting. */
export interface RetryEvent {
  call: CallSite;
  attempt: number;
  delayMs: number;
  error: ApiError;
}

export interface HttpClientOptions {
  /** Names the platform in errors: "roboflow", "paperspace". */
  platform: string;
  baseUrl: string;
  /** Extra headers of every request (authorisation). */
  headers?: Record<string, string>;
  /** Values masked in every error message. */
  secrets?: ReadonlyArray<string | undefined>;
  /** Turns a non-success body into the error's detail; the platform knows its error format. */
  errorDetail?: (body: string) => string;
  /** Per attempt, in milliseconds. Default 30 000. */
  timeoutMs?: number;
  retry?: RetryPolicy;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  onRetry?: (event: RetryEvent) => void;
}

/**
 * What a platform client takes from its caller: the key, the URL, and the request path's settings. The
 * platform supplies the rest (its name, how it authenticates, how it words errors).
 */
export interface PlatformClientOptions {
  apiKey: string;
  apiUrl?: string;
  timeoutMs?: number;
  retry?: RetryPolicy;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (event: RetryEvent) => void;
  /** Further values to mask in errors, besides the key. */
  secrets?: ReadonlyArray<string | undefined>;
}

/** A configured client of one platform's API. */
export interface HttpClient {
  request<S extends z.ZodType>(schema: S, spec: RequestSpec): Promise<z.infer<S>>;
}

/**
 * An `errorDetail` for an API whose error bodies are JSON of `schema`: the words `words` makes of a body
 * that parses, else the body as it is (or "(empty body)").
 */
export function jsonErrorDetail<S extends z.ZodType>(
  schema: S,
  words: (parsed: z.infer<S>) => string,
): (body: string) => string {
  return (body) => {
    const text = body.trim();
    let parsed: z.infer<S> | undefined;
    try {
      parsed = schema.safeParse(JSON.parse(text)).data;
    } catch {
      parsed = undefined;
    }
    return parsed ? words(parsed) : text || "(empty body)";
  };
}

/** Creates the request path for one platform. */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const policy = options.retry ?? defaultRetryPolicy;
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? delay;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const secrets = options.secrets ?? [];
  const errorDetail = options.errorDetail ?? ((body: string) => body.trim() || "(empty body)");

  async function attemptOnce<S extends z.ZodType>(schema: S, spec: RequestSpec, call: CallSite) {
    const url = new URL(
      spec.path.replace(/^\//, ""),
      options.baseUrl.endsWith("/") ? options.baseUrl : `${options.baseUrl}/`,
    );
    for (const [key, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined) {
        url.searchParams.set(key, String(value));
      }
    }
    let response: Response;
    let text: string;
    try {
      response = await doFetch(url, {
        method: spec.method,
        headers: {
          accept: "application/json",
          ...(spec.body === undefined ? {} : { "content-type": "application/json" }),
          ...options.headers,
        },
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (e) {
      // By name, not class: AbortSignal.timeout rejects with a DOMException from another realm under some hosts.
      const name = (e as { name?: unknown } | null)?.name;
      const timedOut = name === "TimeoutError" || name === "AbortError";
      const reason = timedOut ? `no answer within ${timeoutMs} ms` : describeNetworkFailure(e);
      throw new NetworkError(call, redact(reason, secrets), timedOut, e);
    }
    if (response.status < 200 || response.status > 299) {
      const detail = redact(errorDetail(text), secrets);
      throw new HttpStatusError(
        call,
        response.status,
        detail,
        parseRetryAfter(response.headers.get("retry-after")),
      );
    }
    let json: unknown;
    try {
      json = text === "" ? {} : JSON.parse(text);
    } catch (e) {
      const kind = response.headers.get("content-type") ?? "unknown content type";
      throw new ResponseFormatError(
        call,
        `expected JSON, got ${kind}: ${redact(text.slice(0, 80), secrets)}`,
        e,
      );
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const where = first?.path.length ? first.path.join(".") : "body";
      throw new ResponseFormatError(call, `${where}: ${first?.message ?? "unexpected shape"}`, parsed.error);
    }
    return parsed.data as z.infer<S>;
  }

  return {
    async request(schema, spec) {
      const call: CallSite = { platform: options.platform, method: spec.method, path: spec.path };
      const repeatable = spec.repeatable ?? spec.method === "GET";
      for (let attempt = 1; ; attempt++) {
        try {
          return await attemptOnce(schema, spec, call);
        } catch (error) {
          if (!shouldRetry(error, attempt, repeatable, policy)) {
            throw error;
          }
          const delayMs = retryDelay(error as ApiError, attempt, policy, options.random);
          options.onRetry?.({ call, attempt, delayMs, error: error as ApiError });
          await sleep(delayMs);
        }
      }
    },
  };
}

function describeNetworkFailure(e: unknown): string {
  const cause =
    e instanceof Error ? ((e.cause as { code?: string; message?: string } | undefined) ?? e) : undefined;
  const code = (cause as { code?: string } | undefined)?.code;
  const message = cause instanceof Error ? cause.message : String(cause ?? e);
  return code ? `${code} (${message})` : message;
}

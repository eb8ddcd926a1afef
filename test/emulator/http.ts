import type { Emulator } from "../../emulator";

/** What a test sees of an answer. */
export interface Answer {
  status: number;
  text: string;
  contentType: string;
  headers: Headers;
  /** The parsed body when it is JSON, else undefined. */
  json: unknown;
}

export interface CallOptions {
  /** Query parameters (GET) added after `api_key`. */
  query?: Record<string, string>;
  /** JSON body fields (POST) added after `api_key`. */
  body?: Record<string, unknown>;
  /** The key to send: the emulator's by default, `null` to send none. */
  key?: string | null;
  /** A raw body, sent as is instead of `body`. */
  raw?: string;
}

/**
 * Calls the emulator the way the API documents: `api_key` in the query for GET, in the JSON body for
 * POST.
 */
export async function call(emulator: Emulator, endpoint: string, options: CallOptions = {}): Promise<Answer> {
  const [method, path] = endpoint.split(" ");
  const key = options.key === undefined ? emulator.apiKey : options.key;
  const url = new URL(path, emulator.url);
  let body: string | undefined;
  if (method === "GET") {
    if (key !== null) url.searchParams.set("api_key", key);
    for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);
  } else {
    body = options.raw ?? JSON.stringify({ ...(key === null ? {} : { api_key: key }), ...options.body });
  }
  const response = await fetch(url, {
    method,
    body,
    headers: body === undefined ? undefined : { "content-type": "application/json" },
  });
  return answerOf(response);
}

/** Calls an admin route (no key). */
export async function admin(emulator: Emulator, endpoint: string, body?: unknown): Promise<Answer> {
  const [method, path] = endpoint.split(" ");
  const response = await fetch(new URL(path, emulator.url), {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return answerOf(response);
}

async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text();
  const contentType = response.headers.get("content-type") ?? "";
  let json: unknown;
  if (contentType.startsWith("application/json")) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  return { status: response.status, text, contentType, headers: response.headers, json };
}

/** A valid `/add` body; override fields per test. */
export function addBody(name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    deployment_name: name,
    machine_type: "dev-gpu",
    creator_email: "dev@example.com",
    duration: 3.0,
    inference_version: "latest",
    min_replicas: 1,
    max_replicas: 1,
    ...overrides,
  };
}

/** What a test sees of a JSON API's answer, its body typed as the test reads it. */
export interface JsonAnswer<Body> {
  status: number;
  json: Body;
  contentType: string;
}

/**
 * Calls an API that takes its key as a Bearer token (Paperspace, NX1): the emulator's key by default, `null`
 * to send none; a JSON body when one is given.
 */
export async function bearerCall<Body = Record<string, unknown>>(
  emulator: { url: string; apiKey: string },
  endpoint: string,
  options: { body?: unknown; key?: string | null } = {},
): Promise<JsonAnswer<Body>> {
  const [method, path] = endpoint.split(" ");
  const key = options.key === undefined ? emulator.apiKey : options.key;
  const response = await fetch(new URL(path ?? "/", emulator.url), {
    method,
    headers: {
      ...(key === null ? {} : { authorization: `Bearer ${key}` }),
      ...(options.body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  return {
    status: response.status,
    json: (await response.json()) as Body,
    contentType: response.headers.get("content-type") ?? "",
  };
}

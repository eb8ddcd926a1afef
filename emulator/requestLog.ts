/** One request the emulator received, with the API key redacted from its path. */
export interface RequestLogEntry {
  method: string;
  /** Path and query as received, with `api_key=***`. */
  path: string;
  /** The status answered, or 0 when no answer was sent (reset, hang, lost response). */
  status: number;
  /** Emulator clock time at arrival, in milliseconds since the epoch. */
  at: number;
}

/**
 * Replaces API keys in a URL or text: `api_key=<value>` query parameters, `"api_key": "<value>"` JSON
 * fields, and any literal occurrence of the given keys.
 */
export function redact(text: string, ...keys: string[]): string {
  let out = text
    .replace(/([?&]api_key=)[^&#\s]*/g, "$1***")
    .replace(/("api_key"\s*:\s*)"(?:[^"\\]|\\.)*"/g, '$1"***"');
  for (const key of keys) {
    if (key.length > 0) out = out.split(key).join("***");
  }
  return out;
}

/**
 * The record of every API request the emulator answered (admin requests excluded), so tests can assert
 * how many calls a provider made, e.g. `counts()["POST /add"] === 1` after a retried create.
 */
export class RequestLog {
  private readonly items: RequestLogEntry[] = [];

  /** Every request so far, oldest first (a copy). */
  get entries(): RequestLogEntry[] {
    return this.items.map((e) => ({ ...e }));
  }

  /** Appends an entry and returns it, so its status can be filled in once the answer is known. */
  record(entry: RequestLogEntry): RequestLogEntry {
    this.items.push(entry);
    return entry;
  }

  /** Number of requests per endpoint, keyed `"METHOD /path"` without the query. */
  counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const { method, path } of this.items) {
      const key = `${method} ${path.split("?")[0]}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  }

  /** Forgets every entry. */
  reset(): void {
    this.items.length = 0;
  }
}

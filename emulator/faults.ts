import { z } from "zod";

const base = {
  /** `"METHOD /path"` (e.g. `"POST /add"`) or `"*"` for every API request. */
  endpoint: z.string().regex(/^(\*|[A-Z]+ \/\S*)$/, 'endpoint must be "*" or "METHOD /path"'),
  /** How many matching requests the fault affects before it disarms (default 1). */
  count: z.number().int().positive().optional(),
};

/**
 * A failure to inject into the next matching requests, as accepted by `faults.add` and by
 * `POST /__emulator/faults`.
 *
 * - `status`: answer with this status and a plain-string body (and `Retry-After` when given); the
 *   operation is not performed.
 * - `reset`: destroy the connection without answering; the operation is not performed.
 * - `hang`: wait `ms` then serve normally, or never answer (until the emulator closes) without `ms`.
 * - `malformedJson`: perform the operation, then answer 200 with truncated JSON.
 * - `html200`: answer 200 with an HTML page, as a captive portal or misrouted proxy would; not performed.
 * - `loseResponse`: perform the operation, then destroy the connection without answering.
 * - `holdAnswer`: perform the operation at once, then hold its answer back for `ms` (never, without `ms`):
 *   the API has accepted a create whose answer has not reached the client, the instant a kill can cut.
 */
export const FaultSpec = z.discriminatedUnion("kind", [
  z.object({
    ...base,
    kind: z.literal("status"),
    status: z.number().int().min(400).max(599),
    retryAfterSeconds: z.number().nonnegative().optional(),
    body: z.string().optional(),
  }),
  z.object({ ...base, kind: z.literal("reset") }),
  z.object({ ...base, kind: z.literal("hang"), ms: z.number().nonnegative().optional() }),
  z.object({ ...base, kind: z.literal("malformedJson") }),
  z.object({ ...base, kind: z.literal("html200") }),
  z.object({ ...base, kind: z.literal("loseResponse") }),
  z.object({ ...base, kind: z.literal("holdAnswer"), ms: z.number().nonnegative().optional() }),
]);
export type FaultSpec = z.infer<typeof FaultSpec>;

/** The kinds of fault the emulator can inject. */
export type FaultKind = FaultSpec["kind"];

interface ArmedFault {
  spec: FaultSpec;
  remaining: number;
}

/**
 * The faults armed on an emulator. Each fault fires on the next `count` requests that match its
 * endpoint, in the order faults were added, then disarms itself.
 */
export class Faults {
  private armed: ArmedFault[] = [];

  /** Arms a fault (validated: a bad spec throws). */
  add(spec: FaultSpec): void {
    const parsed = FaultSpec.parse(spec);
    this.armed.push({ spec: parsed, remaining: parsed.count ?? 1 });
  }

  /** Disarms every fault. */
  clear(): void {
    this.armed = [];
  }

  /** Faults still armed, with how many requests each will still affect. */
  pending(): Array<FaultSpec & { remaining: number }> {
    return this.armed.map((a) => ({ ...a.spec, remaining: a.remaining }));
  }

  /** Consumes one firing of the first fault matching `endpoint` (`"METHOD /path"`), if any. */
  take(endpoint: string): FaultSpec | undefined {
    const index = this.armed.findIndex((a) => a.spec.endpoint === "*" || a.spec.endpoint === endpoint);
    if (index < 0) return undefined;
    const fault = this.armed[index];
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.armed.splice(index, 1);
    return fault.spec;
  }
}

/**
 * A create that is never blindly repeated. When its failure leaves it open whether the API created
 * anything (no answer, an unreadable one, a 5xx that does not say it did nothing), the object it would
 * have made is looked up: found, it is ours and the create continues with it; not found, the create is
 * sent again, up to the policy's limit, with a growing pause. Every platform creates through this.
 */
import { mayHaveBeenCarriedOut } from "./retry";
import { type RetryPolicy, resolvePolicy } from "./retryPolicy";

/** The platform's part of a create: the call itself, and how to find what it may have made. */
export interface CreateSteps<T> {
  /** Sends the create once. */
  create(): Promise<T>;
  /** After an ambiguous failure: what the create would have made, if it exists now; else undefined. */
  find(): Promise<T | undefined>;
  /**
   * Whether `error`, raised by a repeat after an ambiguous attempt, proves that the earlier attempt did
   * the work (an "already exists" answer), so the lookup is tried again rather than failing.
   */
  provesEarlierAttempt?(error: unknown): boolean;
}

export interface CreateOnceOptions {
  /** Names the object in the log line: "deployment dev-testing". */
  what: string;
  sleep: (ms: number) => Promise<void>;
  log: (message: string) => void;
  /** The attempt limit and backoff of creates; the default policy's unless given. */
  policy?: RetryPolicy;
}

/** Creates through `steps`, resolving ambiguous failures by lookup; throws the last failure otherwise. */
export async function createOnce<T>(steps: CreateSteps<T>, options: CreateOnceOptions): Promise<T> {
  const policy = resolvePolicy(options.policy);
  let ambiguous = false;
  for (let attempt = 1; ; attempt++) {
    try {
      return await steps.create();
    } catch (error) {
      const proven = ambiguous && (steps.provesEarlierAttempt?.(error) ?? false);
      if (!(proven || mayHaveBeenCarriedOut(error, policy)) || attempt >= policy.createAttempts) {
        throw error;
      }
      ambiguous = true;
      // The API may have created it before the failure: if so, it is ours, take it.
      const found = await steps.find();
      if (found !== undefined) {
        options.log(`${options.what} was created despite the failed answer; continuing with it`);
        return found;
      }
      await options.sleep(policy.createBackoffMs * attempt);
    }
  }
}

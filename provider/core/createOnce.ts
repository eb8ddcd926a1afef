/**
 * A create that is never blindly repeated. When its failure leaves it open whether the API created
 * anything (no answer, an unreadable one, a 5xx that does not say it did nothing), the object it would
 * have made is looked up: found, it is ours and the create continues with it; not found, the create is
 * sent again, up to the policy's limit, with a growing pause. Every platform creates through this.
 *
 * An object known by a name the user chooses (a Roboflow deploymentName, an NX1 name under its model, a
 * Paperspace name in its project) may already be held by another stack, or by someone outside Pulumi. Its
 * create gives `holder`: the name is looked up once before the first attempt and a live holder refuses the
 * create (NameTakenError) before anything is sent. Only because the name was free when the create began
 * does an object found after an ambiguous failure prove to be this create's own: without the check, a lost
 * answer followed by a lookup (or by an "already exists" repeat) would take over another stack's object,
 * whose destroy would then delete it.
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
  /**
   * For an object known by a user-chosen name, when the create may not take over an existing one (no
   * adopt): what holds the name now, live, if anything. Looked up before the first attempt.
   */
  holder?(): Promise<NameHolder | undefined>;
}

/** What already holds a name: its id, and its status when the API says one. */
export interface NameHolder {
  id: string;
  status?: string;
}

/** How the refusal of a taken name names the platform and its settings. */
export interface NameSettings {
  /** The config namespace: `roboflow`. */
  namespace: string;
  /** The environment variables' prefix: `ROBOFLOW`. */
  envPrefix: string;
  /** The input that holds the name: `deploymentName`. */
  nameInput: string;
}

/** A create refused before any call because another stack, or someone outside Pulumi, holds the name. */
export class NameTakenError extends Error {
  constructor(
    what: string,
    readonly holder: NameHolder,
    settings: NameSettings,
  ) {
    const status = holder.status === undefined ? "" : `, status ${holder.status}`;
    super(
      `${settings.namespace}: ${what} already exists (id ${holder.id}${status}) and this stack did not create ` +
        "it: another stack, or someone outside Pulumi, uses the name. Nothing was created or deleted. " +
        `If ${what} is yours, set adopt: true to manage it without recreating it (or run this once with ` +
        `${settings.envPrefix}_ADOPT_EXISTING=true), or choose another ${settings.nameInput}`,
    );
    this.name = "NameTakenError";
  }
}

export interface CreateOnceOptions {
  /** Names the object in the log line: "deployment dev-testing". */
  what: string;
  sleep: (ms: number) => Promise<void>;
  log: (message: string) => void;
  /** The attempt limit and backoff of creates; the default policy's unless given. */
  policy?: RetryPolicy;
  /** With `steps.holder`: how the refusal of a taken name reads. */
  name?: NameSettings;
}

/** Creates through `steps`, resolving ambiguous failures by lookup; throws the last failure otherwise. */
export async function createOnce<T>(steps: CreateSteps<T>, options: CreateOnceOptions): Promise<T> {
  const policy = resolvePolicy(options.policy);
  if (steps.holder) {
    const holder = await steps.holder();
    if (holder !== undefined) {
      throw new NameTakenError(options.what, holder, options.name ?? unnamedSettings);
    }
  }
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
      // The API may have created it before the failure: if so, it is ours (the name was free, or the
      // platform adopts), take it.
      const found = await steps.find();
      if (found !== undefined) {
        options.log(`${options.what} was created despite the failed answer; continuing with it`);
        return found;
      }
      await options.sleep(policy.createBackoffMs * attempt);
    }
  }
}

const unnamedSettings: NameSettings = { namespace: "provider", envPrefix: "PROVIDER", nameInput: "name" };

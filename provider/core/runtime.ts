/**
 * What every platform's provider needs from its surroundings, in one place: credentials from stack config
 * or the environment, progress lines and errors with every key masked, and the clock and sleep of waits.
 */
import { setTimeout as delay } from "node:timers/promises";
import type * as pulumi from "@pulumi/pulumi";
import { type CheckFailure, PROVIDER_KEY, type Props } from "./dynamic";
import type { RetryEvent } from "./http";
import { adviceFor, presentError } from "./presentError";
import { redact, redactError } from "./redact";

/** What a provider needs from its surroundings; tests replace them. */
export interface ProviderEnvironment {
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Progress lines; by default they go to stderr, which the engine shows. */
  log?: (message: string) => void;
  /** Per-request timeout in milliseconds (default 30 000). */
  requestTimeoutMs?: number;
  /**
   * When the current operation must end, in ms since the epoch, if the engine said (`customTimeouts`,
   * which reach a native provider only); waits then end by it instead of by `readyTimeoutMinutes`.
   */
  deadline?: () => number | undefined;
}

/**
 * How a platform names its settings: `<namespace>:apiKey` in config, `<ENVPREFIX>_API_KEY` in the
 * environment.
 */
export interface PlatformSettings {
  /** The config namespace and the prefix of log lines: "paperspace". */
  namespace: string;
  /** The environment variables' prefix: "PAPERSPACE". */
  envPrefix: string;
  defaultApiUrl: string;
  /** Said when no key is found anywhere. */
  missingKeyMessage: string;
}

/**
 * One provider's view of its settings and surroundings. `configure` reads the stack config; the key and
 * URL fall back to the environment, read at call time so that the provider host's environment counts.
 */
export class ProviderRuntime {
  private config: { apiKey?: string; apiUrl?: string; adoptExisting?: string } = {};

  constructor(
    private readonly settings: PlatformSettings,
    readonly environment: ProviderEnvironment = {},
  ) {}

  /** Reads `<namespace>:apiKey` and `<namespace>:apiUrl` from the stack config. */
  configure(req: pulumi.dynamic.ConfigureRequest): void {
    this.configureFrom((key) => req.config.get(key));
  }

  /** Reads the same keys through `get`, which takes a full key (`roboflow:apiKey`). */
  configureFrom(get: (key: string) => string | undefined): void {
    const { namespace } = this.settings;
    this.config = {
      apiKey: get(`${namespace}:apiKey`),
      apiUrl: get(`${namespace}:apiUrl`),
      adoptExisting: get(`${namespace}:adoptExisting`),
    };
  }

  /**
   * Whether every create adopts a matching existing deployment, as `adopt: true` does: set for one run
   * (`<ENVPREFIX>_ADOPT_EXISTING=true pulumi up`, or `<namespace>:adoptExisting`) to recover deployments
   * whose create was cut off by a killed run.
   */
  adoptExisting(): boolean {
    return (this.config.adoptExisting ?? this.env()[`${this.settings.envPrefix}_ADOPT_EXISTING`]) === "true";
  }

  /**
   * A check result: the inputs with the serialized provider kept, and a failure when no key is found
   * anywhere.
   */
  checkResult(
    news: Props,
    inputs: Props,
    failures: CheckFailure[],
  ): { inputs: Props; failures: CheckFailure[] } {
    const noKey = news.apiKey === undefined && !this.configuredKey();
    return {
      inputs: { ...inputs, [PROVIDER_KEY]: news[PROVIDER_KEY] },
      failures: noKey ? [...failures, { property: "", reason: this.settings.missingKeyMessage }] : failures,
    };
  }

  /** The key from stack config, else from the environment. */
  configuredKey(): string | undefined {
    return this.config.apiKey ?? this.env()[`${this.settings.envPrefix}_API_KEY`];
  }

  /** The key a call uses: the resource's own input first; throws when there is none at all. */
  apiKey(inputKey: string | undefined): string {
    const key = inputKey ?? this.configuredKey();
    if (!key) {
      throw new Error(this.settings.missingKeyMessage);
    }
    return key;
  }

  apiUrl(): string {
    return (
      this.config.apiUrl ?? this.env()[`${this.settings.envPrefix}_API_URL`] ?? this.settings.defaultApiUrl
    );
  }

  /** The client options every platform client takes from the surroundings. */
  clientOptions() {
    return {
      fetch: this.environment.fetch,
      sleep: this.environment.sleep,
      timeoutMs: this.environment.requestTimeoutMs,
      onRetry: ({ call, attempt, delayMs, error }: RetryEvent) =>
        this.log(
          `retrying ${call.method} ${call.path} in ${delayMs} ms (attempt ${attempt} failed: ${error.message})`,
        ),
    };
  }

  /**
   * The clock and sleep of `waitUntil`, with progress going to the log; and, when the engine set a deadline
   * for the operation, the time left until it (spread after a wait's own `timeoutMs`, it wins).
   */
  waitOptions() {
    const deadline = this.environment.deadline?.();
    const now = this.environment.now ?? Date.now;
    return {
      sleep: this.environment.sleep,
      now: this.environment.now,
      onProgress: (message: string) => this.log(message),
      ...(deadline === undefined ? {} : { timeoutMs: Math.max(0, deadline - now()) }),
    };
  }

  sleep(ms: number): Promise<void> {
    return (this.environment.sleep ?? delay)(ms);
  }

  /** Writes a progress line with every known secret masked. */
  log(message: string, secrets: ReadonlyArray<string | undefined> = []): void {
    const line = redact(message, [...secrets, ...this.knownKeys()]);
    const write =
      this.environment.log ?? ((m: string) => process.stderr.write(`${this.settings.namespace}: ${m}\n`));
    write(line);
  }

  /**
   * Runs `work` so that an error leaving the provider reads as one sentence with what to do, and carries
   * no key and none of `secrets`.
   */
  async guard<T>(secrets: ReadonlyArray<string | undefined>, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (e) {
      const { namespace, envPrefix } = this.settings;
      const advice = adviceFor(e, { namespace, envPrefix, apiUrl: this.apiUrl() });
      throw redactError(presentError(e, advice), [...secrets, ...this.knownKeys()]);
    }
  }

  private knownKeys(): Array<string | undefined> {
    return [this.config.apiKey, this.env()[`${this.settings.envPrefix}_API_KEY`]];
  }

  private env(): NodeJS.ProcessEnv {
    return this.environment.env ?? process.env;
  }
}

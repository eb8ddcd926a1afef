/**
 * What every platform's provider needs from its surroundings, in one place: credentials from stack config
 * or the environment, progress lines and errors with every key masked, and the clock and sleep of waits.
 */
import { setTimeout as delay } from "node:timers/promises";
import type * as pulumi from "@pulumi/pulumi";
import { runCancellation } from "./cancellation";
import { configKeys, type ProviderConfig, type ProviderConfigValues, resolveConfig } from "./config";
import { type CheckFailure, PROVIDER_KEY, type Props } from "./dynamic";
import type { RetryEvent } from "./http";
import { identityOf, OWNER_KEY, ownerMarker } from "./ownership";
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
  /** The run's cancellation (the engine's `Cancel`); the process-wide one by default. */
  cancellation?: AbortSignal;
  /** The URN of the resource of the current operation, where the engine gives it (the native plugin). */
  owner?: () => string | undefined;
}

/**
 * How a platform names its settings: `<namespace>:apiKey` in config, `<ENVPREFIX>_API_KEY` in the
 * environment, and its provider config's typed schema.
 */
export interface PlatformSettings {
  /** The config namespace and the prefix of log lines: "paperspace". */
  namespace: string;
  /** The environment variables' prefix: "PAPERSPACE". */
  envPrefix: string;
  /** The API's public base URL; empty when the platform has none and `apiUrl` is required. */
  defaultApiUrl: string;
  /** The provider config: every key the provider reads, with its facts. */
  config: ProviderConfig;
  /** Said when no key is found anywhere. */
  missingKeyMessage: string;
  /** Said when no URL is found anywhere, for a platform with no public API (its `defaultApiUrl` is empty). */
  missingUrlMessage?: string;
}

/**
 * One provider's view of its settings and surroundings. `configure` reads the stack config; the key and
 * URL fall back to the environment, read at call time so that the provider host's environment counts.
 */
export class ProviderRuntime {
  /** The stack config's values of the config keys, as given: resolved (with the env) at call time. */
  private given: Record<string, string | undefined> = {};
  private readonly config: ProviderConfig;

  constructor(
    private readonly settings: PlatformSettings,
    readonly environment: ProviderEnvironment = {},
  ) {
    this.config = settings.config;
  }

  /** Reads the config keys (`roboflow:apiKey`, …) from the stack config. */
  configure(req: pulumi.dynamic.ConfigureRequest): void {
    this.configureFrom((key) => req.config.get(key));
  }

  /** Reads the same keys through `get`, which takes a full key (`roboflow:apiKey`). */
  configureFrom(get: (key: string) => string | undefined): void {
    const { namespace } = this.settings;
    this.given = Object.fromEntries(
      configKeys(this.config).map(([key]) => [key, get(`${namespace}:${key}`)]),
    );
  }

  /** The config with the environment's fallbacks, and its failures, each naming its key. */
  resolved(): { values: ProviderConfigValues; failures: CheckFailure[] } {
    return resolveConfig(this.config, this.settings, (key) => this.given[key], this.env());
  }

  /** The valid config; throws naming the first invalid key, so no call goes out with it. */
  private values(): ProviderConfigValues {
    const { values, failures } = this.resolved();
    if (failures[0]) {
      throw new Error(failures[0].reason);
    }
    return values;
  }

  /**
   * Whether every create adopts a matching existing deployment, as `adopt: true` does: set for one run
   * (`<ENVPREFIX>_ADOPT_EXISTING=true pulumi up`, or `<namespace>:adoptExisting`) to recover deployments
   * whose create was cut off by a killed run.
   */
  adoptExisting(): boolean {
    return this.values().adoptExisting === true;
  }

  /**
   * A check result: the inputs with the serialized provider kept, and a failure for each invalid config key
   * (an `http://` URL to another machine) or, when the config is valid, for a key or URL found nowhere.
   * Config failures name no property: they are about no input, and their reason names the key.
   */
  checkResult(
    news: Props,
    inputs: Props,
    failures: CheckFailure[],
  ): { inputs: Props; failures: CheckFailure[] } {
    const { values, failures: invalid } = this.resolved();
    const { missingKeyMessage, missingUrlMessage } = this.settings;
    const noKey = invalid.length === 0 && news.apiKey === undefined && !values.apiKey;
    const noUrl = invalid.length === 0 && missingUrlMessage !== undefined && !values.apiUrl;
    return {
      inputs: {
        ...inputs,
        [PROVIDER_KEY]: news[PROVIDER_KEY],
        ...(news[OWNER_KEY] === undefined ? {} : { [OWNER_KEY]: news[OWNER_KEY] }),
      },
      failures: [
        ...failures,
        ...invalid.map((f) => ({ property: "", reason: f.reason })),
        ...(noKey ? [{ property: "", reason: missingKeyMessage }] : []),
        ...(noUrl ? [{ property: "", reason: missingUrlMessage }] : []),
      ],
    };
  }

  /** The key from stack config, else from the environment. */
  configuredKey(): string | undefined {
    return this.values().apiKey;
  }

  /** The key a call uses: the resource's own input first; throws when there is none at all. */
  apiKey(inputKey: string | undefined): string {
    const key = inputKey ?? this.configuredKey();
    if (!key) {
      throw new Error(this.settings.missingKeyMessage);
    }
    return key;
  }

  /**
   * The API's base URL: from config or the environment, else the platform's public one. The one rule for a
   * platform with none (NX1, Shipyard): without a URL every call fails as check does, saying where to set it.
   */
  apiUrl(): string {
    const url = this.values().apiUrl ?? this.settings.defaultApiUrl;
    if (!url) {
      throw new Error(this.settings.missingUrlMessage ?? `no API URL: set ${this.settings.namespace}:apiUrl`);
    }
    return url;
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
   * for the operation, the time left until it (spread after a wait's own `timeoutMs`, it wins); and the
   * run's cancellation, which ends a wait after its current poll.
   */
  waitOptions() {
    const deadline = this.environment.deadline?.();
    const now = this.environment.now ?? Date.now;
    return {
      sleep: this.environment.sleep,
      now: this.environment.now,
      onProgress: (message: string) => this.log(message),
      signal: this.environment.cancellation ?? runCancellation(),
      ...(deadline === undefined ? {} : { timeoutMs: Math.max(0, deadline - now()) }),
    };
  }

  /**
   * The marker of the resource being created or updated (ownership.ts): from the URN the engine gave, else
   * from the identity a dynamic resource's inputs carry; undefined when neither says.
   */
  ownerMarker(inputs: Props): string | undefined {
    const identity = this.environment.owner?.() ?? identityOf(inputs);
    return identity === undefined ? undefined : ownerMarker(identity);
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
      const advice = adviceFor(e, {
        namespace,
        envPrefix,
        apiUrl: this.resolved().values.apiUrl ?? this.settings.defaultApiUrl,
      });
      throw redactError(presentError(e, advice), [...secrets, ...this.knownKeys()]);
    }
  }

  private knownKeys(): Array<string | undefined> {
    return [this.given.apiKey, this.env()[`${this.settings.envPrefix}_API_KEY`]];
  }

  private env(): NodeJS.ProcessEnv {
    return this.environment.env ?? process.env;
  }
}

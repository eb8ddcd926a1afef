/**
 * What the NX1 provider tests share, as harness.ts is for Roboflow: an emulator on port 0 with tiny
 * timings on a ManualClock, a provider wired to it whose sleeps move that clock, a captured log and a fake
 * stack config, check as the engine runs it, and inputs as the engine would send them.
 */
import {
  createEmulator,
  type Emulator,
  ManualClock,
  type Nx1EmulatorOptions,
  type Nx1Store,
} from "../../emulator";
import { PROVIDER_KEY, type Props } from "../../provider/core/dynamic";
import type { ProviderEnvironment } from "../../provider/core/runtime";
import { ModelDeploymentProvider } from "../../provider/nx1/provider";
import { fakeConfig, PROVIDER_TEXT, providerTime } from "./harness";

export { rejection } from "./harness";

/** A key distinctive enough that finding it anywhere in a message or log line is a leak. */
export const NX1_KEY = "nx1k-S3CRET-4e9b1c7d-do-not-print";

/** An emulator of the NX1 API that accepts {@link NX1_KEY}, with tiny timings on a ManualClock unless told. */
export function startNx1Emulator(
  options: Partial<Omit<Nx1EmulatorOptions, "platform">> = {},
): Promise<Emulator<Nx1Store>> {
  return createEmulator({
    platform: "nx1",
    apiKey: NX1_KEY,
    clock: new ManualClock(),
    timing: { pendingMs: 20, deployMs: 20, readyMs: 20, deleteMs: 20 },
    ...options,
  });
}

export interface Nx1TestProvider {
  provider: ModelDeploymentProvider;
  /** Every progress line the provider wrote. */
  logs: string[];
}

export interface Nx1Setup extends Pick<ProviderEnvironment, "now" | "requestTimeoutMs"> {
  /** Called before each sleep: a hook to change the emulator's state while the provider waits. */
  onSleep?: (ms: number) => void;
  /** Environment variables; by default none. */
  env?: NodeJS.ProcessEnv;
  /** Stack config given to `configure`; by default the key and the emulator's URL. */
  config?: Record<string, string>;
}

/**
 * A provider pointed at `emulator` through stack config, configured as the engine would configure it; its
 * sleeps move the emulator's clock, which it reads unless given `now`.
 */
export async function nx1Provider(
  emulator: Emulator<Nx1Store>,
  setup: Nx1Setup = {},
): Promise<Nx1TestProvider> {
  const logs: string[] = [];
  const time = providerTime(emulator.clock);
  const provider = new ModelDeploymentProvider({
    env: setup.env ?? {},
    sleep: async (ms) => {
      setup.onSleep?.(ms);
      await time.sleep(ms);
    },
    now: setup.now ?? time.now,
    requestTimeoutMs: setup.requestTimeoutMs,
    log: (line) => logs.push(line),
  });
  await provider.configure({
    config: fakeConfig(setup.config ?? { "nx1:apiKey": NX1_KEY, "nx1:apiUrl": emulator.url }),
  });
  return { provider, logs };
}

let counter = 0;
/** A fresh deployment name per call, so tests in one file never collide. */
export function nx1Name(prefix = "dep"): string {
  counter += 1;
  return `${prefix}-${process.pid % 1000}-${counter}`;
}

/** Online inputs as a program would give them, with the serialized provider the engine adds. */
export function onlineInputs(overrides: Props = {}): Props {
  return {
    model: "churn",
    name: nx1Name("online"),
    modelVersion: "3",
    type: "online",
    domain: "marketing",
    owner: "ml-team",
    [PROVIDER_KEY]: PROVIDER_TEXT,
    ...overrides,
  };
}

/** Batch inputs, scored nightly from an Iceberg table into another. */
export function batchInputs(overrides: Props = {}): Props {
  return {
    model: "churn",
    name: nx1Name("batch"),
    modelAlias: "champion",
    type: "batch",
    domain: "marketing",
    owner: "ml-team",
    source: { schema: "crm", table: "customers" },
    target: { schema: "scores", table: "churn" },
    entityColumns: ["customer_id"],
    schedule: "0 3 * * *",
    [PROVIDER_KEY]: PROVIDER_TEXT,
    ...overrides,
  };
}

/** Runs check as the engine does and fails the test on any failure: the inputs create/update receive. */
/** `news` as check leaves them; `olds`, the inputs the program gave last (a removal is marked against them). */
export async function checked(
  provider: ModelDeploymentProvider,
  news: Props,
  olds: Props = {},
): Promise<Props> {
  const result = await provider.check(olds, news);
  expect(result.failures ?? []).toEqual([]);
  return result.inputs as Props;
}

/**
 * The emulated platforms, in one table: each owns its options, their defaults and its command-line flags
 * (see `<platform>/platform.ts`). `createEmulator` and the bin read it; the server knows none of them.
 * Adding a platform adds its folder and one row here.
 */

import { type Nx1EmulatorOptions as Nx1Options, nx1Platform } from "./nx1/platform";
import type { Nx1Store } from "./nx1/store";
import {
  type PaperspaceEmulatorOptions as PaperspaceOptions,
  paperspacePlatform,
} from "./paperspace/platform";
import type { PaperspaceStore } from "./paperspace/store";
import type { CommonEmulatorOptions, EmulatedPlatform } from "./platform";
import { type RoboflowEmulatorOptions, roboflowPlatform } from "./roboflow/platform";
import type { RoboflowStore } from "./roboflow/store";
import { type RunningEmulator, startEmulator } from "./server";

export const platforms = {
  roboflow: roboflowPlatform,
  paperspace: paperspacePlatform,
  nx1: nx1Platform,
} as const;

export type PlatformName = keyof typeof platforms;
/** The name of the platform an emulator serves when it is not told. */
export const DEFAULT_PLATFORM = "roboflow" satisfies PlatformName;

type Table = typeof platforms;
/** The own options of platform `P`. */
export type OptionsOf<P extends PlatformName> =
  Table[P] extends EmulatedPlatform<infer O, unknown> ? O : never;
/** The store of platform `P`. */
export type StoreOf<P extends PlatformName> = Table[P] extends EmulatedPlatform<never, infer S> ? S : never;

/** How to start an emulator of `P`: the common options, `P`'s own, and its name. */
export type EmulatorOptionsOf<P extends PlatformName> = CommonEmulatorOptions &
  OptionsOf<P> & { platform?: P };

/** How to start an emulator. Every field is optional: the defaults give a realistic, quiet Roboflow API. */
export type EmulatorOptions = CommonEmulatorOptions & RoboflowEmulatorOptions & { platform?: "roboflow" };
/** How to start an emulator of the Paperspace Deployments API (Bearer key, `{code, message}` errors). */
export type PaperspaceEmulatorOptions = CommonEmulatorOptions &
  PaperspaceOptions & { platform: "paperspace" };
/** How to start an emulator of NX1's model deployment API (Bearer key, FastAPI `{detail}` errors). */
export type Nx1EmulatorOptions = CommonEmulatorOptions & Nx1Options & { platform: "nx1" };

/** A running emulator; `Store` is the emulated platform's state (RoboflowStore unless told). */
export type Emulator<Store = RoboflowStore> = RunningEmulator<Store>;

/**
 * Starts an emulator of `options.platform` (Roboflow by default) on loopback and resolves once it listens.
 */
export function createEmulator<P extends PlatformName = typeof DEFAULT_PLATFORM>(
  options: EmulatorOptionsOf<P> = {} as EmulatorOptionsOf<P>,
): Promise<Emulator<StoreOf<P>>> {
  const platform = platforms[options.platform ?? DEFAULT_PLATFORM] as unknown as EmulatedPlatform<
    OptionsOf<P>,
    StoreOf<P>
  >;
  return startEmulator(platform, options);
}

export type { Nx1Store, PaperspaceStore, RoboflowStore };

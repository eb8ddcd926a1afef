/**
 * What every dynamic resource shares: checking inputs with zod into property-named failures, a local
 * diff by keys, and the thin provider that Pulumi serializes into state.
 */
import { isDeepStrictEqual } from "node:util";
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { ForwardTarget } from "./forward";
import * as forward from "./forward";
import { OWNER_KEY } from "./ownership";

/** The value the engine sends for an input that is not known yet (during preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** The key under which the serialized provider travels with every resource's properties. */
export const PROVIDER_KEY = "__provider";

export type Props = Record<string, unknown>;

/**
 * What the engine hands a provider method as inputs or state: the fields of `T` where present (state
 * written by an older version may lack some) and whatever else it carries, such as the serialized provider.
 */
export type EngineProps<T> = Partial<T> & Props;

/** What check returns: the SDK's result, with the inputs always given (create and update receive them). */
export type CheckResult<Inputs> = pulumi.dynamic.CheckResult<Inputs> & { inputs: Inputs };
/** What create returns: the SDK's result, with the outputs always given (state keeps nothing else). */
export type CreateResult<Outputs> = pulumi.dynamic.CreateResult<Outputs> & { outs: Outputs };
/** What update returns: the full outputs, always (the engine wipes those left out). */
export type UpdateResult<Outputs> = pulumi.dynamic.UpdateResult<Outputs> & { outs: Outputs };

export interface CheckFailure {
  property: string;
  reason: string;
}

/** `props` without its undefined values, which state cannot hold: how every resource's outputs end. */
export function definedProps<T extends object>(props: T): T {
  return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined)) as T;
}

/** Inputs as the engine sent them, less the serialized provider and the resource's identity. */
export function withoutProvider(props: Props): Props {
  const { [PROVIDER_KEY]: _provider, [OWNER_KEY]: _owner, ...rest } = props;
  return rest;
}

/**
 * Validates `news` with `schema`. Properties whose value is not known yet are not judged (their
 * failures are dropped); the parsed, defaulted value is returned for the known ones.
 */
export function checkInputs<S extends z.ZodType>(
  schema: S,
  news: Props,
): { inputs: Props; failures: CheckFailure[]; parsed?: z.infer<S> } {
  const inputs = withoutProvider(news);
  const unknownKeys = new Set(Object.keys(inputs).filter((key) => inputs[key] === UNKNOWN));
  const result = schema.safeParse(inputs);
  if (result.success) {
    return { inputs: result.data as Props, failures: [], parsed: result.data };
  }
  const failures = result.error.issues
    .filter((issue) => !(issue.path.length > 0 && unknownKeys.has(String(issue.path[0]))))
    .flatMap((issue): CheckFailure[] => {
      if (issue.code === "unrecognized_keys") {
        // Nested unknown keys keep their path: `healthChecks.warmup`, not `warmup`.
        return issue.keys.map((key) => ({
          property: [...issue.path, key].join("."),
          reason: `unknown property "${key}"`,
        }));
      }
      return [{ property: issue.path.join("."), reason: issue.message }];
    });
  return { inputs, failures };
}

/** How each input behaves on change. */
export interface DiffSpec {
  /** A change forces a new deployment. */
  replaceKeys: readonly string[];
  /** A change is applied in place (or only recorded in state). */
  updateKeys: readonly string[];
  /** Whether the replacement reuses the same name, so the old one must go first. */
  deleteBeforeReplace?: (olds: Props, news: Props) => boolean;
  /** Whether the new value of `key` asks for nothing other than the old one; {@link sameValue} by default. */
  same?: (key: string, old: unknown, next: unknown) => boolean;
}

/**
 * Whether two input values are the same as state would record them: compared as JSON (an undefined field
 * and a missing one alike, key order ignored). The one equality rule of diffs and updates.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  const asStored = (v: unknown) => JSON.parse(JSON.stringify(v ?? null));
  return isDeepStrictEqual(asStored(a), asStored(b));
}

/** Compares old outputs with new inputs on the keys of `spec`, locally, with no API call. */
export function diffByKeys(olds: Props, news: Props, spec: DiffSpec): pulumi.dynamic.DiffResult {
  const same = spec.same ?? ((_key: string, old: unknown, next: unknown) => sameValue(old, next));
  const changed = (key: string) => news[key] === UNKNOWN || !same(key, olds[key], news[key]);
  const replaces = spec.replaceKeys.filter(changed);
  const updates = spec.updateKeys.filter(changed);
  return {
    changes: replaces.length + updates.length > 0,
    replaces,
    deleteBeforeReplace: replaces.length > 0 && (spec.deleteBeforeReplace?.(olds, news) ?? false),
  };
}

/** The part of a dynamic provider the implementation classes provide, typed by their inputs and outputs. */
export type ProviderImplementation<Inputs = Props, Outputs = Props> = Required<
  Pick<
    pulumi.dynamic.ResourceProvider<Inputs, Outputs>,
    "configure" | "check" | "diff" | "create" | "read" | "update" | "delete"
  >
>;

/**
 * The provider object stored in state for every resource: it names the module that implements it and the
 * class that module exports, and forwards the seven methods to an instance of that class made at the first
 * call. Its methods are inherited from the module core/forward, which the serializer writes as a `require`
 * of this package when the package is installed, so each copy in state is about 0.4 KB; it captures no
 * secret and no library, and an upgraded package serves resources created by an older one. The engine
 * resolves the package from the program's `node_modules`.
 *
 * `modulePath` is relative to the package root (`dist/provider/roboflow/provider`); `exportName` names
 * a class with a no-argument constructor implementing {@link ProviderImplementation}.
 */
export function thinProvider(
  packageName: string,
  modulePath: string,
  exportName: string,
): pulumi.dynamic.ResourceProvider {
  const provider: ForwardTarget = Object.create(forward);
  provider.target = `${packageName}/${modulePath}`;
  provider.exportName = exportName;
  return provider as ForwardTarget & pulumi.dynamic.ResourceProvider;
}

/**
 * The part every platform's provider implementation shares: its runtime (credentials, logging, redaction,
 * waiting), `configure`, `check` against the platform's input schema with secret inputs never named,
 * the local diff on the keys the schema declares, and the parse of inputs that create and update start with.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { observeDynamicHostCancel } from "./cancellation";
import { type ConfigTexts, providerConfig } from "./config";
import { type CreateSteps, createOnce as coreCreateOnce } from "./createOnce";
import {
  type CheckFailure,
  type CheckResult,
  type CreateResult,
  checkInputs,
  type DiffSpec,
  diffByKeys,
  type EngineProps,
  type Props,
  type ProviderImplementation,
  type UpdateResult,
  withoutProvider,
} from "./dynamic";
import { diffKeys, type InputSchema, resourceOutputs, secretKeys } from "./fields";
import { inDynamicProviderHost, installLifeline } from "./lifeline";
import { implementationModule, packageSubpath } from "./location";
import { type PlatformSettings, type ProviderEnvironment, ProviderRuntime } from "./runtime";
import {
  markRemovedInputs,
  recordedInputs,
  sameWhereSet,
  settledInputs,
  withoutRemovalMarks,
  withoutUnsetDefaults,
} from "./unset";

// Every implementation module extends this class, so loading one in the SDK's dynamic provider host (from
// the serialized provider) makes that host exit when its engine dies instead of outliving it, or spinning,
// and end its waits when the engine cancels the run.
if (inDynamicProviderHost()) {
  installLifeline();
  observeDynamicHostCancel();
}

/**
 * A platform's settings from its names: `<namespace>:apiKey` in config, `<ENVPREFIX>_API_KEY` in the
 * environment, its provider config described by `texts`, and the message that says where to put a key when
 * there is none. An empty `defaultApiUrl` says the platform has no public API: check then fails without a
 * URL, saying where to set one.
 */
export function platformSettings(
  title: string,
  namespace: string,
  defaultApiUrl: string,
  texts: ConfigTexts,
): PlatformSettings {
  const envPrefix = namespace.toUpperCase();
  return {
    namespace,
    envPrefix,
    defaultApiUrl,
    config: providerConfig({ namespace, envPrefix }, texts),
    missingKeyMessage:
      `no ${title} API key: set one with \`pulumi config set --secret ${namespace}:apiKey <key>\`, ` +
      `the ${envPrefix}_API_KEY environment variable, or the apiKey input`,
    ...(defaultApiUrl === "" ? { missingUrlMessage: missingUrlMessage(title, namespace) } : {}),
  };
}

/**
 * Where a platform's implementation lives, from its name and its resource type: the module
 * `dist/provider/<name>/provider` (states written by earlier versions require it by this path), its class
 * `<type>Provider`, and the type token `pulumi-nodejs:dynamic/<name>:<type>`. `platforms.ts` checks that each
 * module exports its class.
 */
export function implementationOf<Name extends string, Type extends string>(name: Name, type: Type) {
  const modulePath = implementationModule(name);
  return {
    modulePath,
    subpath: packageSubpath(modulePath),
    exportName: `${type}Provider`,
    module: name,
    type,
  } as const;
}

/** What check and every call say when a platform with no public API has no URL set anywhere. */
export function missingUrlMessage(title: string, namespace: string): string {
  return (
    `no ${title} API URL: ${title} has no public default, so set your installation's with ` +
    `\`pulumi config set ${namespace}:apiUrl https://<your ${title} host>\` or the ` +
    `${namespace.toUpperCase()}_API_URL environment variable`
  );
}

/** A platform's input schema: a zod object whose fields are declared with `field()`. */
export type PlatformInputs = z.ZodType<Props> & InputSchema;

/** What a platform tells the shared provider about itself. */
export interface PlatformDefinition<Schema extends PlatformInputs> {
  settings: PlatformSettings;
  inputs: Schema;
  /**
   * The outputs' schema: the inputs and the fields declared with `output()`, from which
   * {@link PlatformProvider.outputsFrom} builds a resource's outputs.
   */
  outputs?: InputSchema & z.ZodType;
  /** Whether a replacement must delete the old deployment first (the name it keeps is unique). */
  deleteBeforeReplace?: DiffSpec["deleteBeforeReplace"];
}

/**
 * A platform's provider implementation, typed by its parsed inputs and its outputs as the SDK's
 * `ResourceProvider<Inputs, Outputs>` generics say. It owns the public operations, each guarded, and calls
 * the steps a platform writes: `createResource`, `readResource`, `updateResource`, `deleteResource`.
 */
export abstract class PlatformProvider<Schema extends PlatformInputs, Outputs extends Props>
  implements ProviderImplementation<EngineProps<z.output<Schema>>, EngineProps<Outputs>>
{
  protected readonly runtime: ProviderRuntime;
  /** The inputs never named in a failure nor shown in a message. */
  protected readonly secretInputs: readonly string[];
  private readonly diffSpec: DiffSpec;

  constructor(
    private readonly platform: PlatformDefinition<Schema>,
    environment: ProviderEnvironment,
  ) {
    this.runtime = new ProviderRuntime(platform.settings, environment);
    this.secretInputs = secretKeys(platform.inputs);
    const shape = platform.inputs.shape;
    this.diffSpec = {
      ...diffKeys(platform.inputs),
      deleteBeforeReplace: platform.deleteBeforeReplace,
      // An input the program leaves unset is no opinion: never a change, whatever state holds for it.
      same: (key, old, next) => sameWhereSet(shape[key] as z.ZodType, old, next),
    };
  }

  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    this.runtime.configure(req);
  }

  /** Configures from stack config given as full keys (`roboflow:apiKey`): how a native provider host does it. */
  configureFrom(get: (key: string) => string | undefined): void {
    this.runtime.configureFrom(get);
  }

  /** The key and URL a call would use now, with the client options of the surroundings (for lookups). */
  credentials(inputKey?: string) {
    return {
      apiKey: this.runtime.apiKey(inputKey),
      apiUrl: this.runtime.apiUrl(),
      ...this.runtime.clientOptions(),
    };
  }

  /** Runs a lookup so that its failure reads as one sentence with what to do, and shows no key. */
  guard<T>(secrets: ReadonlyArray<string | undefined>, work: () => Promise<T>): Promise<T> {
    return this.runtime.guard(secrets, work);
  }

  /**
   * `news` are as the program gave them: unchecked, and holding the unknown-value marker during preview;
   * `olds` are the inputs it gave last time, so that an input it no longer sets is marked removed. The
   * checked inputs carry no default of an input the program left unset, but a client-side setting's: the
   * API's value wins (core/unset.ts), and create and update parse the inputs again, defaults and all.
   */
  async check(olds: Props, news: Props): Promise<CheckResult<EngineProps<z.output<Schema>>>> {
    const schema = this.platform.inputs;
    const { inputs, failures } = checkInputs(schema, news);
    const given = withoutProvider(news);
    const result = this.runtime.checkResult(
      news,
      failures.length === 0
        ? markRemovedInputs(schema, olds ?? {}, withoutUnsetDefaults(schema, given, inputs))
        : inputs,
      failures.map((f) => hideSecretFailure(f, this.secretInputs)),
    );
    // The schema's parse when there are no failures; with failures the engine stops before create.
    return result as CheckResult<EngineProps<z.output<Schema>>>;
  }

  async diff(_id: string, olds: EngineProps<Outputs>, news: Props): Promise<pulumi.dynamic.DiffResult> {
    return diffByKeys(olds, news, this.diffSpec);
  }

  /**
   * A create through the core's `createOnce`: never blindly repeated, and, given `holder`, refused before
   * any call when another stack (or someone outside Pulumi) holds the name `nameInput` gives.
   */
  protected createOnce<T>(steps: CreateSteps<T>, what: string, nameInput: string): Promise<T> {
    const { namespace, envPrefix } = this.platform.settings;
    return coreCreateOnce(steps, {
      what,
      sleep: (ms) => this.runtime.sleep(ms),
      log: (m) => this.runtime.log(m),
      name: { namespace, envPrefix, nameInput },
    });
  }

  // The operations that call the API, each the guard around the platform's step: an error leaving create,
  // read, update or delete reads as one sentence with what to do and carries no key, neither the configured
  // one nor any secret input the engine passed in. The platform writes the steps, never these.

  async create(inputs: EngineProps<z.output<Schema>>): Promise<CreateResult<Outputs>> {
    return this.guarded([inputs], () => this.createResource(inputs));
  }

  /** A deployment that is gone reads as an empty id and no props, so refresh drops it. */
  async read(
    id: string,
    props?: EngineProps<Outputs>,
  ): Promise<pulumi.dynamic.ReadResult<EngineProps<Outputs>>> {
    // The dynamic provider host keeps the inputs the program gave when a read returns none.
    const { inputs: _found, ...result } = await this.readWithInputs(id, props);
    return result;
  }

  /**
   * A read that also says the inputs to record (a native host's import and refresh): those it found, less
   * what the API chose for an optional input the program never set (`olds`, the inputs it gave last).
   */
  async readWithInputs(
    id: string,
    props: EngineProps<Outputs> = {},
    olds: Props = {},
  ): Promise<Omit<pulumi.dynamic.ReadResult<EngineProps<Outputs>>, "inputs"> & { inputs: Props }> {
    const result = await this.guarded([props], () => this.readResource(id, props));
    const outs = (result.props ?? {}) as Props;
    const found = (result.inputs as Props | undefined) ?? outs;
    return { ...result, inputs: recordedInputs(this.platform.inputs, found, olds) };
  }

  async update(
    id: string,
    olds: EngineProps<Outputs>,
    news: EngineProps<z.output<Schema>>,
  ): Promise<UpdateResult<Outputs>> {
    return this.guarded([olds, news], () => this.updateResource(id, olds, news));
  }

  async delete(id: string, props: EngineProps<Outputs>): Promise<void> {
    return this.guarded([props], () => this.deleteResource(id, props));
  }

  /** The platform's create: the deployment made (or adopted) and ready as the inputs ask, with its outputs. */
  protected abstract createResource(inputs: EngineProps<z.output<Schema>>): Promise<CreateResult<Outputs>>;
  /** The platform's read: an empty id when the deployment is gone; `inputs` where it knows them better. */
  protected abstract readResource(
    id: string,
    props: EngineProps<Outputs>,
  ): Promise<pulumi.dynamic.ReadResult<EngineProps<Outputs>>>;
  /** The platform's in-place change, returning the full outputs. */
  protected abstract updateResource(
    id: string,
    olds: EngineProps<Outputs>,
    news: EngineProps<z.output<Schema>>,
  ): Promise<UpdateResult<Outputs>>;
  /** The platform's delete: done when the deployment is gone. */
  protected abstract deleteResource(id: string, props: EngineProps<Outputs>): Promise<void>;

  /**
   * The resource's outputs from the inputs as applied and the API's answer: the inputs, the live ones as the
   * API reports them, and each output field the outputs' schema declares with `output()` (core/fields.ts).
   */
  protected outputsFrom(inputs: object, api: object, options?: { live?: boolean }): Outputs {
    const outputs = this.platform.outputs;
    if (!outputs) {
      throw new Error("outputsFrom needs the platform's outputs schema in its descriptor");
    }
    return resourceOutputs({ inputs: this.platform.inputs, outputs }, inputs, api, options) as Outputs;
  }

  private guarded<T>(args: readonly unknown[], work: () => Promise<T>): Promise<T> {
    return this.runtime.guard(secretValues(args, this.secretInputs), work);
  }

  /**
   * Inputs as check left them, parsed again: defaults apply to states written before a default existed,
   * and whatever else the engine carries (the serialized provider, outputs) is left out.
   */
  protected parseInputs(inputs: Props): z.output<Schema> {
    const shape = this.platform.inputs.shape;
    const picked = Object.fromEntries(Object.entries(inputs).filter(([key]) => key in shape));
    const { parsed, failures } = checkInputs(this.platform.inputs, withoutRemovalMarks(shape, picked));
    if (!parsed) {
      const [first] = failures.map((f) => hideSecretFailure(f, this.secretInputs));
      throw new Error(`invalid input: ${first?.property ? `${first.property}: ` : ""}${first?.reason}`);
    }
    return parsed;
  }

  /**
   * The inputs an update applies, parsed: where the program has no opinion, what `olds` (state) holds, so
   * that changing one input leaves the others as the API has them.
   */
  protected settledInputs(olds: Props, news: Props): z.output<Schema> {
    return this.parseInputs(settledInputs(this.platform.inputs, olds, news));
  }
}

/**
 * The base class of `platform`'s implementation: the shared class bound to the platform's descriptor and
 * typed by its input and output schemas, so that the platform's class states its operations and nothing else.
 */
export function implementationBase<
  D extends PlatformDefinition<PlatformInputs> & { readonly outputs: z.ZodType<Props> },
>(
  platform: D,
): abstract new (
  environment?: ProviderEnvironment,
) => PlatformProvider<D["inputs"], z.output<D["outputs"]>> {
  abstract class Implementation extends PlatformProvider<D["inputs"], z.output<D["outputs"]>> {
    constructor(environment: ProviderEnvironment = {}) {
      super(platform, environment);
    }
  }
  return Implementation;
}

/** The operations that call the API: the shared class's own, each guarded (see {@link assertGuarded}). */
export const guardedOperations = ["create", "read", "readWithInputs", "update", "delete"] as const;

/**
 * Fails when `instance` answers an operation with anything but the shared class's guarded method: a
 * subclass that overrides one (a method, or a class field `create = async () => ...`) would step around
 * the guard. The loaders check every instance they make.
 */
export function assertGuarded(instance: object): void {
  for (const operation of guardedOperations) {
    const own = (instance as Record<string, unknown>)[operation];
    if (own !== PlatformProvider.prototype[operation]) {
      throw new Error(
        `${instance.constructor.name} defines ${operation} itself, which would step around the guard of ` +
          `every operation: write the step ${operation === "readWithInputs" ? "readResource" : `${operation}Resource`} instead`,
      );
    }
  }
}

/** Every string held under a secret input in the operation's arguments, at any depth (an env map's values). */
function secretValues(args: readonly unknown[], secretInputs: readonly string[]): string[] {
  const strings = (value: unknown): string[] =>
    typeof value === "string"
      ? [value]
      : typeof value === "object" && value !== null
        ? Object.values(value).flatMap(strings)
        : [];
  return args.flatMap((arg) =>
    typeof arg === "object" && arg !== null
      ? secretInputs.flatMap((key) => strings((arg as Record<string, unknown>)[key]))
      : [],
  );
}

/**
 * The engine prints the value of the property a failure names: a failure on a secret input names no
 * property, and says which input in its reason instead.
 */
export function hideSecretFailure(failure: CheckFailure, secretInputs: readonly string[]): CheckFailure {
  const top = failure.property.split(".")[0] ?? "";
  if (!secretInputs.includes(top)) {
    return failure;
  }
  return { property: "", reason: `${failure.property}: ${failure.reason} (its value is not shown)` };
}

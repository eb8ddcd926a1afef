/**
 * A platform's implementation class hosted as a native provider: the object our provider server
 * (`server.ts`) calls, translating between the engine's requests and the same methods the
 * dynamic resource's thin provider calls. Secrets are revealed on the way in and concealed on the way
 * out; progress goes to the engine's log with the resource's URN; the engine's timeout bounds the waits;
 * read returns inputs too, so `pulumi import` and the `import` option adopt a deployment with no write.
 */
import { resolveConfig } from "../core/config";
import { type Props, UNKNOWN } from "../core/dynamic";
import { secretKeys } from "../core/fields";
import type { ProviderEnvironment } from "../core/runtime";
import { descriptorOf } from "../platforms";
import type { Platform } from "../registry";
import { currentDeadline, currentRequest, type EngineLog } from "./engine";
import { packageSchema } from "./packageSchema";
import { implementationFor, resourceToken } from "./platforms";
import { conceal, reveal, revealProps } from "./secrets";
import type { HostedProvider, NativeProvider } from "./server";

/** A native provider for `platform`, with its configure hook for the server. */
export function nativeProvider(
  platform: Platform,
  version: string,
  log: Pick<EngineLog, "info" | "flush">,
  environment: ProviderEnvironment = {},
): HostedProvider {
  const native = descriptorOf(platform);
  const token = resourceToken(platform);
  const impl = implementationFor(platform, {
    ...environment,
    log: (message) => log.info(`${platform}: ${message}`, currentRequest()?.urn),
    deadline: currentDeadline,
    owner: () => currentRequest()?.urn,
  });
  const alwaysSecret = secretKeys(native.inputs);

  /** Runs one resource operation on our type, with its log lines delivered before it answers. */
  const operation = async <T>(urn: string, work: () => Promise<T>): Promise<T> => {
    const type = urn.split("::")[2]?.split("$").pop();
    if (type !== token) {
      throw new Error(
        `the ${platform} provider serves ${token} only, not ${type}: check the resource's type`,
      );
    }
    try {
      return await work();
    } catch (e) {
      throw cleanInitFailure(e, alwaysSecret);
    } finally {
      await log.flush();
    }
  };

  const hosted: NativeProvider = {
    getSchema: async () => JSON.stringify(packageSchema(platform, version)),
    // The provider's own config (`CheckConfig`): an invalid key fails preview before any request.
    checkConfig: (config) =>
      resolveConfig(
        native.settings.config,
        native.settings,
        // A value not known until the update (an explicit provider's output) is checked when it is.
        (key) => (config[key] === UNKNOWN ? undefined : config[key]),
        environment.env ?? process.env,
      ).failures,
    check: (urn, olds, news) =>
      operation(urn, async () => {
        const given = revealProps(news);
        const result = await impl.check(reveal(olds) as Props, given.plain);
        return {
          inputs: conceal(result.inputs, [...alwaysSecret, ...given.secretKeys]),
          failures: result.failures?.map(withSnakeCaseName),
        };
      }),
    diff: (id, urn, olds, news) =>
      operation(urn, () => impl.diff(id, reveal(olds) as Props, reveal(news) as Props)),
    create: (urn, inputs) =>
      operation(urn, async () => {
        const given = revealProps(inputs);
        const result = await impl.create(given.plain);
        return { id: result.id, outs: conceal(result.outs, [...alwaysSecret, ...given.secretKeys]) };
      }),
    read: (id, urn, props, oldInputs = {}) =>
      operation(urn, async () => {
        const state = revealProps(props);
        const result = await impl.readWithInputs(id, state.plain, reveal(oldInputs) as Props);
        const secrets = [...alwaysSecret, ...state.secretKeys];
        // Inputs as well as outputs: an import has no inputs of its own, and checks these against the program.
        return {
          id: result.id ?? "",
          props: conceal(result.props ?? {}, secrets),
          inputs: conceal(result.inputs ?? {}, secrets),
        };
      }),
    update: (id, urn, olds, news) =>
      operation(urn, async () => {
        const given = revealProps(news);
        const result = await impl.update(id, reveal(olds) as Props, given.plain);
        return { outs: conceal(result.outs, [...alwaysSecret, ...given.secretKeys]) };
      }),
    delete: (id, urn, props) => operation(urn, () => impl.delete(id, reveal(props) as Props)),
    invoke: async (token, args) => {
      const name = token.split(":")[2] ?? "";
      const fn = native.lookups[name];
      if (!fn || !token.startsWith(`${platform}:`)) {
        throw new Error(
          `unknown function ${token}: the ${platform} package has ${Object.keys(native.lookups).join(", ")}`,
        );
      }
      const parsed = fn.inputs.safeParse(reveal(args) ?? {});
      if (!parsed.success) {
        return {
          failures: parsed.error.issues.map((i) => ({ property: i.path.join("."), reason: i.message })),
        };
      }
      const outputs = await impl.guard([], () => fn.run(impl.credentials(), parsed.data));
      return { outputs: conceal(outputs as Props, []) };
    },
  };
  return {
    provider: hosted,
    configure: (config) => impl.configureFrom((key) => config[key]),
  };
}

/**
 * A "created but failed to initialise" error as the server sends it: its properties without undefined
 * values (the wire format has none) and with the secret inputs concealed.
 */
function cleanInitFailure(error: unknown, secrets: readonly string[]): unknown {
  const failure = error as { id?: unknown; properties?: Props };
  if (error instanceof Error && failure.id && failure.properties) {
    failure.properties = conceal(failure.properties, secrets);
  }
  return error;
}

/**
 * A check failure that also gives the property as Python programs spell it (`deployment_name`), since the
 * engine prints the schema's camelCase name and a Python user never wrote that.
 */
function withSnakeCaseName(failure: { property: string; reason: string }) {
  const snake = failure.property.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
  return snake === failure.property
    ? failure
    : { ...failure, reason: `${failure.reason} (Python: ${snake})` };
}

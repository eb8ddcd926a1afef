/**
 * A platform's Pulumi package schema, derived from what already describes it: the zod input and output
 * schemas (types, required fields), the facts registered on each input field (secret, replace on change,
 * default, docs), the registry (type token) and the lookups. `GetSchema` serves it, `pulumi package gen-sdk`
 * reads it, and `writeSchemas.ts` (run by `npm run build`) writes it to `schema/<platform>.json`.
 */
import { configKeys } from "../core/config";
import { type FieldMeta, fieldsOf } from "../core/fields";
import { descriptorOf } from "../platforms";
import type { Platform } from "../registry";
import { jsonSchemaOf, TypeMapper, type TypeSpec } from "./jsonSchema";
import { resourceToken } from "./platforms";

type PropertySpec = TypeSpec & {
  description?: string;
  secret?: boolean;
  replaceOnChanges?: boolean;
  default?: unknown;
};

/** The Go module of the generated Go SDKs (`sdk/go`): one package per platform under it. */
export const goModule = "github.com/pulumi-dedicated-deployments/pulumi-dedicated-deployments/sdk/go";

/** Where a release's assets live: the engine downloads `pulumi-resource-<platform>-v<V>-<os>-<arch>.tar.gz` from here. */
export function pluginDownloadURL(version: string): string {
  return `https://github.com/pulumi-dedicated-deployments/pulumi-dedicated-deployments/releases/download/v${version}`;
}

/** The package schema of `platform`'s plugin, as a JSON-ready object. */
export function packageSchema(platform: Platform, version: string): Record<string, unknown> {
  const native = descriptorOf(platform);
  const mapper = new TypeMapper(platform);
  const resourceName = resourceToken(platform).split(":")[2] ?? "";
  const facts = new Map<string, FieldMeta>(fieldsOf(native.inputs));

  const inputSchema = jsonSchemaOf(native.inputs, "input");
  const outputSchema = jsonSchemaOf(native.outputs, "output");
  const property = (key: string, node: Parameters<TypeMapper["typeOf"]>[0]): PropertySpec => {
    const meta = facts.get(key);
    const type = mapper.typeOf(node, resourceName + key.charAt(0).toUpperCase() + key.slice(1));
    const isPrimitive = "type" in type && type.type !== "array" && type.type !== "object";
    return {
      ...type,
      description: meta ? describeInput(meta) : node.description,
      ...(meta?.secret ? { secret: true } : {}),
      ...(meta?.change === "replace" ? { replaceOnChanges: true } : {}),
      // Only a client-side setting's default: an SDK fills a schema default in as if the program set it,
      // and an input with an API default the program leaves unset is no opinion (core/unset.ts).
      ...(meta?.change === "state" && isPrimitive && node.default !== undefined
        ? { default: node.default }
        : {}),
    };
  };
  const propertiesOf = (node: typeof inputSchema) =>
    Object.fromEntries(
      Object.entries(node.properties ?? {}).map(([key, child]) => [key, property(key, child)]),
    );

  const functions = Object.fromEntries(
    Object.entries(native.lookups).map(([name, fn]) => [
      `${platform}:index:${name}`,
      {
        description: fn.description,
        inputs: objectSpec(mapper, jsonSchemaOf(fn.inputs, "input"), `${pascal(name)}Args`),
        outputs: objectSpec(mapper, jsonSchemaOf(fn.outputs, "output"), `${pascal(name)}Result`),
      },
    ]),
  );
  const config = configVariables(platform);

  return {
    name: platform,
    displayName: native.texts.displayName,
    version,
    pluginDownloadURL: pluginDownloadURL(version),
    description: native.texts.description,
    keywords: ["pulumi", platform, "category/cloud"],
    license: "Apache-2.0",
    config: { variables: config },
    provider: {
      description: `The ${native.texts.displayName} provider: its key and URL.`,
      inputProperties: config,
    },
    resources: {
      [resourceToken(platform)]: {
        description: native.texts.resourceDescription,
        inputProperties: propertiesOf(inputSchema),
        requiredInputs: [...(inputSchema.required ?? [])].sort(),
        properties: propertiesOf(outputSchema),
        required: [...(outputSchema.required ?? [])].sort(),
      },
    },
    functions,
    types: mapper.types,
    language: {
      // No `requires`: the Python generator then asks for the `pulumi` release its code needs.
      python: {
        respectSchemaVersion: true,
        pyproject: { enabled: true },
        readme: `${native.texts.description}\n\nThe typed Python SDK of the \`${platform}\` Pulumi package. The engine downloads the native plugin \`pulumi-resource-${platform}\` that serves it, a self-contained executable of the same version, from the package's GitHub release on first use: no Node.js is needed.\n`,
      },
      go: { importBasePath: `${goModule}/${platform}`, respectSchemaVersion: true },
      nodejs: { respectSchemaVersion: true },
    },
  };
}

/** An input's description from its registered facts: type, default, what a change does. */
function describeInput(meta: FieldMeta): string {
  const plain = (text: string) => text.replaceAll("**", "");
  const onChange = plain(
    meta.onChange ?? { replace: "replace", update: "in place", state: "state only" }[meta.change],
  );
  const secret = meta.secret ? " Secret: never shown in plaintext in state or output." : "";
  return `${plain(meta.type)}. Default: ${plain(meta.default ?? "required")}. On change: ${onChange}.${secret}`;
}

/** The stack config keys the plugin reads, from the platform's one config schema (the dynamic resources' too). */
function configVariables(platform: Platform): Record<string, PropertySpec> {
  const { config } = descriptorOf(platform).settings;
  return Object.fromEntries(
    configKeys(config).map(([key, meta]) => [
      key,
      {
        type: meta.type,
        ...(meta.secret ? { secret: true } : {}),
        description: `${capitalized(meta.description.replaceAll("**", ""))}; or the ${meta.env} environment variable.`,
      },
    ]),
  );
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function objectSpec(mapper: TypeMapper, node: ReturnType<typeof jsonSchemaOf>, name: string) {
  const properties = Object.fromEntries(
    Object.entries(node.properties ?? {}).map(([key, child]) => [
      key,
      {
        ...mapper.typeOf(child, name + pascal(key)),
        ...(child.description ? { description: child.description } : {}),
      },
    ]),
  );
  return {
    type: "object",
    properties,
    ...(node.required?.length ? { required: [...node.required].sort() } : {}),
  };
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * What an input schema says about each field beyond validation, registered on the field itself: how a
 * change reaches the deployment, whether it is secret, what the API calls it, and its line in the docs.
 * The diff keys, the secret list, the defaults, the request body and the README tables derive from it,
 * so a field is declared once, in its platform's schema.
 */
import { z } from "zod";

/**
 * How a change of an input reaches the deployment: `replace` needs a new one, `update` is applied in
 * place through the API, `state` is a client-side setting recorded in state only.
 */
export type ChangeBehaviour = "replace" | "update" | "state";

/** The registered facts of one input. */
export interface FieldMeta {
  change: ChangeBehaviour;
  /** The docs table's type column: `string, ≤ 128 characters`. */
  type: string;
  /** The docs table's default column; "required" when absent. */
  default?: string;
  /** The docs table's "on change" text where the behaviour needs more words than its name. */
  onChange?: string;
  /** Never named in a check failure, and kept secret in state and outputs. */
  secret?: boolean;
  /** The API's name of the field, where the platform's request carries it as it is. */
  wire?: string;
  /** The API's value wins over the input in outputs and on refresh (it may differ from what was asked). */
  live?: boolean;
  /**
   * An optional input that says what the deployment is, one of a pair the program chooses between
   * (`template` or `image`, `port` or `ports`): an import records it as an input, so a program declares it,
   * and an update never fills it in from state. Any other optional input the program leaves unset is no
   * opinion (core/unset.ts).
   */
  identity?: boolean;
}

/** Where the facts of every input field are registered. */
export const inputFields = z.registry<FieldMeta>();

/** `schema` with `meta` registered as its facts: the way every input field is declared. */
export function field<T extends z.ZodType>(schema: T, meta: FieldMeta): T {
  inputFields.add(schema, meta);
  return schema;
}

type Shape = Record<string, z.ZodType>;
/** An input schema: an object (refined or not) whose every field is declared with {@link field}. */
export interface InputSchema<S extends Shape = Shape> {
  readonly shape: S;
}

/** Every field of `schema` with its facts, in declaration order; throws on a field declared without them. */
export function fieldsOf<S extends Shape>(schema: InputSchema<S>): Array<[keyof S & string, FieldMeta]> {
  return Object.entries(schema.shape).map(([key, fieldSchema]) => {
    const meta = inputFields.get(fieldSchema);
    if (!meta) {
      throw new Error(`input ${key} is declared without field(): say how a change of it behaves`);
    }
    return [key, meta];
  });
}

/** The keys of the fields whose change behaves as one of `changes`, in declaration order. */
export function keysWhere<S extends Shape>(
  schema: InputSchema<S>,
  test: (meta: FieldMeta) => boolean,
): Array<keyof S & string> {
  return fieldsOf(schema)
    .filter(([, meta]) => test(meta))
    .map(([key]) => key);
}

/** The keys a diff compares: those that replace, and those changed in place or in state. */
export function diffKeys<S extends Shape>(schema: InputSchema<S>) {
  return {
    replaceKeys: keysWhere(schema, (m) => m.change === "replace"),
    updateKeys: keysWhere(schema, (m) => m.change !== "replace"),
  };
}

/** The inputs never shown in plaintext. */
export function secretKeys<S extends Shape>(schema: InputSchema<S>): Array<keyof S & string> {
  return keysWhere(schema, (m) => m.secret === true);
}

/** The default of every field that has one, as the schema would fill it in. */
export function defaultsOf<S extends Shape>(schema: InputSchema<S>): Record<string, unknown> {
  const entries = Object.entries(schema.shape).flatMap(([key, fieldSchema]) => {
    const result = fieldSchema.safeParse(undefined);
    return result.success && result.data !== undefined ? [[key, result.data]] : [];
  });
  return Object.fromEntries(entries);
}

/** The API's fields of `args`: each input declared with a wire name, under that name; undefined ones left out. */
export function toWire<S extends Shape>(schema: InputSchema<S>, args: object): Record<string, unknown> {
  const values = args as Record<string, unknown>;
  return Object.fromEntries(
    fieldsOf(schema).flatMap(([key, meta]) =>
      meta.wire !== undefined && values[key] !== undefined ? [[meta.wire, values[key]]] : [],
    ),
  );
}

/** The live inputs as the API reports them: each input declared `live`, from its wire field. */
export function liveInputs<S extends Shape>(
  schema: InputSchema<S> & z.ZodType,
  api: Record<string, unknown>,
): Partial<z.output<typeof schema>> {
  return Object.fromEntries(
    fieldsOf(schema).flatMap(([key, meta]) => (meta.live && meta.wire ? [[key, api[meta.wire]]] : [])),
  ) as Partial<z.output<typeof schema>>;
}

/**
 * The inputs as a refresh knows them, from state and what the API holds now (`api`, when it said):
 * a live input is the API's value, else its default, else (a required input) the stored one; another
 * input the API carries is the stored value, else the API's; the rest come from state, else their defaults.
 */
export function inputsFromApi<Schema extends InputSchema & z.ZodType>(
  schema: Schema,
  stored: Record<string, unknown>,
  api?: Record<string, unknown>,
): z.output<Schema> {
  const defaults = defaultsOf(schema);
  const valueFor = (key: string, meta: FieldMeta): unknown => {
    if (api === undefined || meta.wire === undefined) {
      return stored[key];
    }
    if (!meta.live) {
      return stored[key] ?? api[meta.wire];
    }
    const required = !schema.shape[key]?.safeParse(undefined).success;
    return api[meta.wire] ?? defaults[key] ?? (required ? stored[key] : undefined);
  };
  const given = fieldsOf(schema).flatMap(([key, meta]) => {
    const value = valueFor(key, meta);
    return value === undefined || value === null ? [] : [[key, value]];
  });
  // State is not validated again: it was, when it was written, and refresh must not fail on it.
  return { ...defaults, ...Object.fromEntries(given) } as z.output<Schema>;
}

const changeWords: Record<ChangeBehaviour, string> = {
  replace: "**replace**",
  update: "in place",
  state: "state only",
};

/** The README's table of inputs, derived from the schema: input, type, default, on change. */
export function inputsTable<S extends Shape>(schema: InputSchema<S>): string {
  const rows = fieldsOf(schema).map(([key, meta]) => [
    `\`${key}\``,
    meta.type,
    meta.default ?? "required",
    meta.onChange ?? changeWords[meta.change],
  ]);
  return markdownTable(["input", "type", "default", "on change"], rows);
}

/** A Markdown table with padded columns, as the README's formatter lays one out. */
export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => [...(r[i] ?? "")].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c + " ".repeat((widths[i] ?? 0) - [...c].length)).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/**
 * The registered facts of one output: where its value comes from in the API's answer, either the API's
 * field as it is (`wire`) or a derivation from the API object and the inputs (`from`). Its description
 * is the schema's own (`.describe`), which the package schema and the docs read.
 */
export interface OutputMeta {
  /** The API's name of the field, whose value the output is as it is. */
  wire?: string;
  /** The output's value from the API's answer and the inputs, where it is not one field as it is. */
  // biome-ignore lint/suspicious/noExplicitAny: each platform's derivation reads its own API shape
  from?: (api: any, inputs: Record<string, unknown>) => unknown;
  /**
   * What the API's null or missing value reads as: `null` (an output that says "none") or absent (a
   * lookup's result, whose wire format leaves it out). Unsaid, it is kept as the API gives it.
   */
  missing?: "null" | "absent";
}

/** Where the facts of every output field are registered. */
export const outputFields = z.registry<OutputMeta>();

/** `schema` with `meta` registered as where its value comes from: the way every output field is declared. */
export function output<T extends z.ZodType>(schema: T, meta: OutputMeta): T {
  outputFields.add(schema, meta);
  return schema;
}

/**
 * The values of the output fields of `schema` (those declared with {@link output}) from the API's answer
 * `api` and the `inputs`; undefined ones left out, as state cannot hold them. The one mapping of a resource's
 * outputs and a lookup's result.
 */
export function fromApi<Schema extends InputSchema & z.ZodType>(
  schema: Schema,
  api: object,
  inputs: Record<string, unknown> = {},
): z.input<Schema> {
  const values = api as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(schema.shape).flatMap(([key, fieldSchema]) => {
      const meta = outputFields.get(fieldSchema);
      const given = meta?.from ? meta.from(api, inputs) : meta?.wire ? values[meta.wire] : undefined;
      const value =
        meta?.missing === "null"
          ? (given ?? null)
          : meta?.missing === "absent"
            ? (given ?? undefined)
            : given;
      return value === undefined ? [] : [[key, value]];
    }),
  ) as z.input<Schema>;
}

/**
 * A resource's outputs: its inputs as applied (`inputs`), the live ones as the API reports them (unless
 * `live` is false: the inputs were read from the API already), and every output field from the API's answer
 * (see {@link fromApi}); undefined values left out.
 */
export function resourceOutputs<Schema extends InputSchema & z.ZodType>(
  schemas: { inputs: Schema; outputs: InputSchema & z.ZodType },
  inputs: object,
  api: object,
  { live = true }: { live?: boolean } = {},
): Record<string, unknown> {
  const given = inputs as Record<string, unknown>;
  const all = {
    ...given,
    ...(live ? liveInputs(schemas.inputs, api as Record<string, unknown>) : {}),
    ...(fromApi(schemas.outputs, api, given) as Record<string, unknown>),
  };
  return Object.fromEntries(Object.entries(all).filter(([, value]) => value !== undefined));
}

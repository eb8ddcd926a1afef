/**
 * An input the program leaves unset is the program saying "no opinion" (an optional one, and one with a
 * default that reaches the API: the default is what a create sends, and only a create): whatever the API
 * holds for it (its own default, or what an import found) never shows as a diff, and an update keeps it.
 * A client-side setting (`change: "state"`, a wait limit) never reaches the API: its default is filled in
 * by check as before, so that state records what the provider will do. A value
 * the program sets is compared with what the API holds. Removing a value the program had set is a change,
 * back to what the API does when it is not sent, or to the default: `check` sees the old inputs, and marks
 * such an input `null` in the new ones (the wire's "removed"), which the diff compares (with the default,
 * where there is one) and create and update read as "not sent" (so the default is sent). The rule walks nested objects too (Paperspace's `resources.autoscaling`), from the schema.
 */
import { z } from "zod";
import { sameValue } from "./dynamic";
import { type FieldMeta, fieldsOf, type InputSchema } from "./fields";

type Shape = Record<string, z.ZodType>;
type Values = Record<string, unknown>;

/** Whether an input may be left unset with nothing filled in: optional, with no default. */
export function mayBeUnset(schema: z.ZodType): boolean {
  const result = schema.safeParse(undefined);
  return result.success && result.data === undefined;
}

/** Whether the schema fills in a value when none is given. */
function defaultOf(schema: z.ZodType): { value: unknown } | undefined {
  const result = schema.safeParse(undefined);
  return result.success && result.data !== undefined ? { value: result.data } : undefined;
}

/**
 * Whether the program leaving an input unset is no opinion: an optional input, or one with a default that
 * reaches the API; never an `identity` input's default, nor a client-side setting's (`change: "state"`).
 */
export function noOpinionWhenUnset(schema: z.ZodType, meta?: FieldMeta): boolean {
  if (meta?.change === "state" || meta?.identity) {
    return mayBeUnset(schema);
  }
  return schema.safeParse(undefined).success;
}

/** The facts of each top-level input, by key. */
function factsOf(schema: InputSchema): Map<string, FieldMeta> {
  return new Map<string, FieldMeta>(fieldsOf(schema));
}

/**
 * The checked inputs (`parsed`, defaults filled in) less the defaults of the inputs the program left unset
 * (`given`, as it wrote them) where that is no opinion, at any depth: the API's value then wins, and a
 * create sends the default since it parses the inputs again.
 */
export function withoutUnsetDefaults(schema: InputSchema, given: Values, parsed: Values): Values {
  return unsetDefaultsDropped(schema.shape, given, parsed, factsOf(schema));
}

function unsetDefaultsDropped(
  shape: Shape,
  given: Values,
  parsed: Values,
  facts?: Map<string, FieldMeta>,
): Values {
  return Object.fromEntries(
    Object.entries(parsed).flatMap(([key, value]): Array<[string, unknown]> => {
      const schema = shape[key];
      if (!schema) {
        return [[key, value]];
      }
      const meta = facts?.get(key);
      if (given[key] === undefined) {
        // An identity input's filled-in value (Shipyard's port of an image) says what the create makes.
        return noOpinionWhenUnset(schema, meta) && !meta?.identity ? [] : [[key, value]];
      }
      const inner = objectShape(schema);
      const [old, next] = [given[key], value];
      return [
        [key, inner && isObject(old) && isObject(next) ? unsetDefaultsDropped(inner, old, next) : value],
      ];
    }),
  );
}

/** Whether the program gave a value (`null` is the mark of a removed one, not a value). */
function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function isObject(value: unknown): value is Values {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The fields of an object schema under its optional, default and nullable wrappers; none for other kinds. */
function objectShape(schema: z.ZodType): Shape | undefined {
  let inner: z.ZodType = schema;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodDefault || inner instanceof z.ZodNullable) {
    inner = inner.def.innerType as z.ZodType;
  }
  return inner instanceof z.ZodObject ? (inner.shape as Shape) : undefined;
}

/**
 * `news` with every optional input that `olds` (the inputs the program gave last time) set and `news`
 * leaves unset marked removed (`null`), at any depth of nested objects: how a diff learns of a removal,
 * since it sees the old outputs only (the dynamic provider's contract).
 */
export function markRemoved(
  shape: Shape,
  olds: Values,
  news: Values,
  facts?: Map<string, FieldMeta>,
): Values {
  const marked: Values = { ...news };
  for (const [key, schema] of Object.entries(shape)) {
    const [old, next] = [olds[key], news[key]];
    if (next === undefined && isSet(old) && noOpinionWhenUnset(schema, facts?.get(key))) {
      marked[key] = null;
    }
    const inner = objectShape(schema);
    if (inner && isObject(old) && isObject(next)) {
      marked[key] = markRemoved(inner, old, next);
    }
  }
  return marked;
}

/** {@link markRemoved} on an input schema, with its facts (a client-side setting is never marked). */
export function markRemovedInputs(schema: InputSchema, olds: Values, news: Values): Values {
  return markRemoved(schema.shape, olds, news, factsOf(schema));
}

/**
 * Whether the program's `next` value asks for nothing other than `old`, what state holds (the API's value,
 * or what was sent): an unset one asks for nothing; a removed one (`null`) asks for the default where
 * there is one; in an object, only the fields it sets are compared.
 */
export function sameWhereSet(schema: z.ZodType, old: unknown, next: unknown): boolean {
  if (next === undefined) {
    return true;
  }
  const fallback = next === null ? defaultOf(schema) : undefined;
  if (fallback) {
    return sameValue(old, fallback.value);
  }
  const inner = objectShape(schema);
  if (inner && isObject(old) && isObject(next)) {
    return Object.entries(inner).every(([key, field]) => sameWhereSet(field, old[key], next[key]));
  }
  return sameValue(old, next);
}

/**
 * The inputs an update applies: where the program has no opinion, what state holds (so that an update of
 * another input leaves it as the API has it); else the program's value. An `identity` input is never filled
 * in from state: it is one of a pair the program chooses between (`port` or `ports`).
 */
export function settledInputs<S extends Shape>(schema: InputSchema<S>, olds: Values, news: Values): Values {
  const facts = factsOf(schema);
  const shape = Object.fromEntries(Object.entries(schema.shape).filter(([key]) => !facts.get(key)?.identity));
  return settled(shape, olds, news, facts);
}

function settled(shape: Shape, olds: Values, news: Values, facts?: Map<string, FieldMeta>): Values {
  const result: Values = { ...news };
  for (const [key, schema] of Object.entries(shape)) {
    const [old, next] = [olds[key], news[key]];
    const inner = objectShape(schema);
    if (next === undefined && isSet(old) && noOpinionWhenUnset(schema, facts?.get(key))) {
      result[key] = old;
    } else if (inner && isObject(old) && isObject(next)) {
      result[key] = settled(inner, old, next);
    }
  }
  return result;
}

/** `values` with the removal marks read as "not sent", where the schema takes no `null` itself. */
export function withoutRemovalMarks(shape: Shape, values: Values): Values {
  return Object.fromEntries(
    Object.entries(values).flatMap(([key, value]): Array<[string, unknown]> => {
      const schema = shape[key];
      if (value === null && schema && !schema.safeParse(null).success) {
        return [];
      }
      const inner = schema && objectShape(schema);
      return [[key, inner && isObject(value) ? withoutRemovalMarks(inner, value) : value]];
    }),
  );
}

/**
 * The inputs a read records, from the inputs it found (`found`): an input the program may leave unset only where the program
 * set it before (`olds`) or where it says what the deployment is (`identity`). What the API
 * chose for an input the program never set is an output, never an input: declaring the deployment without
 * it (after `pulumi import`, the `import` option, or a refresh) is no opinion, not a removal.
 */
export function recordedInputs<S extends Shape>(schema: InputSchema<S>, found: Values, olds: Values): Values {
  const facts = factsOf(schema);
  return Object.fromEntries(
    Object.entries(found).filter(([key, value]) => {
      const field = schema.shape[key];
      if (!field || value === undefined) {
        return false;
      }
      const meta = facts.get(key);
      return !noOpinionWhenUnset(field, meta) || isSet(olds[key]) || meta?.identity === true;
    }),
  );
}

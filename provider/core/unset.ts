/**
 * An optional input the program leaves unset is the program saying "no opinion": whatever the API holds
 * for it (its own default, or what an import found) never shows as a diff, and an update keeps it. A value
 * the program sets is compared with what the API holds. Removing a value the program had set is a change,
 * back to what the API does when it is not sent: `check` sees the old inputs, and marks such an input
 * `null` in the new ones (the wire's "removed"), which the diff compares and create and update read as
 * "not sent". The rule walks nested objects too (Paperspace's `resources.autoscaling`), from the schema.
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
export function markRemoved(shape: Shape, olds: Values, news: Values): Values {
  const marked: Values = { ...news };
  for (const [key, schema] of Object.entries(shape)) {
    const [old, next] = [olds[key], news[key]];
    if (next === undefined && isSet(old) && mayBeUnset(schema)) {
      marked[key] = null;
    }
    const inner = objectShape(schema);
    if (inner && isObject(old) && isObject(next)) {
      marked[key] = markRemoved(inner, old, next);
    }
  }
  return marked;
}

/**
 * Whether the program's `next` value asks for nothing other than `old`, what state holds (the API's value,
 * or what was sent): an unset one asks for nothing; in an object, only the fields it sets are compared.
 */
export function sameWhereSet(schema: z.ZodType, old: unknown, next: unknown): boolean {
  if (next === undefined) {
    return true;
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
  const identity = new Set(fieldsOf(schema).flatMap(([key, meta]) => (meta.identity ? [key] : [])));
  const shape = Object.fromEntries(Object.entries(schema.shape).filter(([key]) => !identity.has(key)));
  return settled(shape, olds, news);
}

function settled(shape: Shape, olds: Values, news: Values): Values {
  const result: Values = { ...news };
  for (const [key, schema] of Object.entries(shape)) {
    const [old, next] = [olds[key], news[key]];
    const inner = objectShape(schema);
    if (next === undefined && isSet(old) && mayBeUnset(schema)) {
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
 * The inputs a read records, from the inputs it found (`found`): an optional input only where the program
 * set it before (`olds`) or where it says what the deployment is (`identity`). What the API
 * chose for an input the program never set is an output, never an input: declaring the deployment without
 * it (after `pulumi import`, the `import` option, or a refresh) is no opinion, not a removal.
 */
export function recordedInputs<S extends Shape>(schema: InputSchema<S>, found: Values, olds: Values): Values {
  const facts = new Map<string, FieldMeta>(fieldsOf(schema));
  return Object.fromEntries(
    Object.entries(found).filter(([key, value]) => {
      const field = schema.shape[key];
      if (!field || value === undefined) {
        return false;
      }
      return !mayBeUnset(field) || isSet(olds[key]) || facts.get(key)?.identity === true;
    }),
  );
}

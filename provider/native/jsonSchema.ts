/**
 * Pulumi package-schema types from zod schemas, through zod's own JSON Schema: primitives and lists as they
 * are, string maps as maps, objects with declared fields as named types, and whatever a typed SDK cannot
 * express (unions, objects that allow any extra field) as `pulumi.json#/Any`.
 */
import { z } from "zod";

/** A JSON Schema node as `z.toJSONSchema` writes it, the parts read here. */
export interface JsonNode {
  type?: string | string[];
  properties?: Record<string, JsonNode>;
  required?: string[];
  additionalProperties?: boolean | JsonNode;
  items?: JsonNode;
  anyOf?: JsonNode[];
  oneOf?: JsonNode[];
  enum?: unknown[];
  default?: unknown;
  description?: string;
}

/** A property's type in a Pulumi package schema. */
export type TypeSpec =
  | { type: "string" | "number" | "integer" | "boolean" }
  | { type: "array"; items: TypeSpec }
  | { type: "object"; additionalProperties: TypeSpec }
  | { $ref: string };

/** A named object type in a Pulumi package schema's `types`. */
export interface ObjectTypeSpec {
  type: "object";
  description?: string;
  properties: Record<string, TypeSpec & { description?: string }>;
  required?: string[];
}

const ANY: TypeSpec = { $ref: "pulumi.json#/Any" };

/** The JSON Schema of a zod schema, as inputs (defaults optional) or as outputs. */
export function jsonSchemaOf(schema: z.ZodType, io: "input" | "output"): JsonNode {
  return z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonNode;
}

/**
 * Turns JSON Schema nodes into Pulumi types, collecting the named object types it needs under
 * `<pkg>:index:<Name>` in `types`.
 */
export class TypeMapper {
  readonly types: Record<string, ObjectTypeSpec> = {};

  constructor(private readonly pkg: string) {}

  /** The Pulumi type of `node`; an object with declared fields becomes the named type `name`. */
  typeOf(node: JsonNode, name: string): TypeSpec {
    if (node.anyOf || node.oneOf) {
      return ANY;
    }
    const type = Array.isArray(node.type) ? undefined : node.type;
    switch (type) {
      case "string":
      case "number":
      case "integer":
      case "boolean":
        return { type };
      case "array":
        return { type: "array", items: node.items ? this.typeOf(node.items, singular(name)) : ANY };
      case "object":
        return this.objectType(node, name);
      default:
        return ANY;
    }
  }

  private objectType(node: JsonNode, name: string): TypeSpec {
    const extra = node.additionalProperties;
    const fields = Object.keys(node.properties ?? {});
    if (fields.length === 0) {
      // A map: string keys (a record, or a partial record over an enum of keys), one type of value.
      return {
        type: "object",
        additionalProperties: typeof extra === "object" ? this.typeOf(extra, name) : ANY,
      };
    }
    if (extra !== false) {
      return ANY; // any extra field is allowed: a typed SDK would drop it
    }
    const token = `${this.pkg}:index:${name}`;
    this.types[token] = {
      type: "object",
      ...(node.description ? { description: node.description } : {}),
      properties: Object.fromEntries(
        Object.entries(node.properties ?? {}).map(([key, child]) => [
          key,
          { ...this.typeOf(child, name + pascal(key)), ...describe(child.description) },
        ]),
      ),
      ...(node.required?.length ? { required: [...node.required].sort() } : {}),
    };
    return { $ref: `#/types/${token}` };
  }
}

function describe(description: string | undefined) {
  return description ? { description } : {};
}

function pascal(key: string): string {
  return key.charAt(0).toUpperCase() + key.slice(1);
}

/** `…Metrics` → `…Metric`: a list's items are named after one of them. */
function singular(key: string): string {
  return key.endsWith("s") && key.length > 3 ? key.slice(0, -1) : key;
}

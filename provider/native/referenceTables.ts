/**
 * The tables of a platform's reference page (`docs/<platform>.md`) that are not about inputs: its outputs
 * and its lookups, derived from the same zod schemas the resource, the Node functions and the invokes use,
 * so that a unit test holds each page to its descriptor row for row (as `inputsTable` does for inputs).
 */
import type { z } from "zod";
import { markdownTable } from "../core/fields";
import type { LookupDefinition } from "../core/lookupDefinition";
import { type JsonNode, jsonSchemaOf } from "./jsonSchema";

/** A JSON Schema node's type in a few words: `string`, `list of object`, `number or null`. */
function typeWords(node: JsonNode): string {
  if (node.anyOf) {
    return node.anyOf.map(typeWords).join(" or ");
  }
  const type = Array.isArray(node.type) ? node.type.join(" or ") : node.type;
  if (type === "array") {
    return `list of ${node.items ? typeWords(node.items) : "any"}`;
  }
  return type ?? "any";
}

/** Table cells keep to one line: a description's line breaks and pipes would end the row. */
const cell = (text: string | undefined) => (text ?? "").replace(/\s*\n\s*/g, " ").replace(/\|/g, "\\|");

/** The outputs the resource adds to its inputs (which it outputs too): name, type and description. */
export function outputsTable(outputs: z.ZodObject, inputs: { readonly shape: object }): string {
  const node = jsonSchemaOf(outputs, "output");
  const added = Object.entries(node.properties ?? {}).filter(([key]) => !(key in inputs.shape));
  const rows = added.map(([key, property]) => [
    `\`${key}\``,
    typeWords(property),
    cell(property.description),
  ]);
  return markdownTable(["output", "type", "description"], rows);
}

/** The fields of an object schema as `a, b?` (optional ones marked). */
function fieldList(schema: z.ZodObject, io: "input" | "output"): string {
  const node = jsonSchemaOf(schema, io);
  const required = new Set(node.required ?? []);
  const names = Object.keys(node.properties ?? {}).map((key) => `\`${key}${required.has(key) ? "" : "?"}\``);
  return names.length ? names.join(", ") : "none";
}

/**
 * A platform's lookups: the Node function pair, the invoke token, the arguments, the result's fields and
 * what it returns.
 */
export function lookupsTable(namespace: string, lookups: Readonly<Record<string, LookupDefinition>>): string {
  const rows = Object.entries(lookups).map(([name, lookup]) => [
    `\`${namespace}.${name}\`, \`${name}Output\`; invoke \`${namespace}:index:${name}\``,
    fieldList(lookup.inputs, "input"),
    fieldList(lookup.outputs, "output"),
    cell(lookup.description),
  ]);
  return markdownTable(["lookup", "arguments", "result", "what it returns"], rows);
}

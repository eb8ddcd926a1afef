/**
 * Programs of the native provider plugins under the real engine: Pulumi YAML programs in the shared
 * workspace of the packed package, which find `pulumi-resource-<platform>` in the workspace's
 * `node_modules/.bin` through their Pulumi.yaml's `plugins.providers`, as a user's project would.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { ConfigMap } from "@pulumi/pulumi/automation";
import { createTestStack, type TestStack } from "./engine";
import { ROOT } from "./workspace";

const yamlHostPath = path.join(ROOT, ".tools", "pulumi", "bin", "pulumi-language-yaml");

/** Throws (so a test fails, never skips) when the YAML language host has not been built. */
export function requireYamlHost(): void {
  if (!fs.existsSync(yamlHostPath)) {
    throw new Error(
      `the Pulumi YAML language host is missing (${yamlHostPath}): run scripts/install-pulumi-yaml.sh, ` +
        "or scripts/setup.sh, which runs it",
    );
  }
}

/** One resource of a YAML program. */
export interface YamlResource {
  type: string;
  properties: Record<string, unknown>;
  options?: Record<string, unknown>;
}

/**
 * The Pulumi.yaml of a YAML program (written as JSON, which YAML reads) using the plugins of the package
 * installed one folder up, with `resources` and `outputs`.
 */
export function yamlProgram(
  name: string,
  resources: Record<string, YamlResource>,
  outputs: Record<string, string> = {},
  variables: Record<string, unknown> = {},
): string {
  const providers = yamlPlugins.map((plugin) => ({ name: plugin, path: "../node_modules/.bin" }));
  const program = { name, runtime: "yaml", plugins: { providers }, variables, resources, outputs };
  return `${JSON.stringify(program, null, 2)}\n`;
}

/** The plugins a YAML program may use: every platform's (`pulumi-resource-<platform>` in the package's bin). */
export const yamlPlugins = ["roboflow", "paperspace", "nx1", "shipyard"];

/** A stack of a YAML program; `write` replaces its program for the next operation. */
export async function createYamlStack(
  name: string,
  resources: Record<string, YamlResource>,
  config: ConfigMap,
  outputs: Record<string, string> = {},
): Promise<
  TestStack & {
    write(
      next: Record<string, YamlResource>,
      outs?: Record<string, string>,
      vars?: Record<string, unknown>,
    ): void;
  }
> {
  requireYamlHost();
  const t = await createTestStack(name, "", config, { "Pulumi.yaml": yamlProgram(name, resources, outputs) });
  return {
    ...t,
    write: (next, outs = outputs, vars = {}) =>
      fs.writeFileSync(path.join(t.dir, "Pulumi.yaml"), yamlProgram(name, next, outs, vars)),
  };
}

/** Bytes of each resource of `type` in a stack's state, as the backend stores it. */
export function stateBytesPerResource(state: string, type: string): number[] {
  const deployment = JSON.parse(state) as { resources?: Array<{ type: string }> };
  return (deployment.resources ?? []).filter((r) => r.type === type).map((r) => JSON.stringify(r).length);
}

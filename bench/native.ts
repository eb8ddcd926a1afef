/**
 * Dynamic resources vs the native plugin, under the real engine against the emulator: the same deployments
 * declared by a Node.js program (dynamic) and by a Pulumi YAML program (native), with the state each path
 * stores per resource and the wall time of `up` and `destroy`. Prints figures; asserts nothing.
 *
 *   source scripts/env.sh && npx ts-node --transpile-only bench/native.ts [--count 4]
 */
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { createEmulator } from "../emulator";
import { createTestStack, type TestStack } from "../scenarios/engine";
import { createYamlStack, stateBytesPerResource } from "../scenarios/native";
import { deploymentsConfig, deploymentsProgram, ROBOFLOW_TYPE } from "../scenarios/programs";
import { median, renderTable, seconds } from "./table";

const API_KEY = "rf-bench-native-W4nB8qZ2";
const base = { machineType: "dev-gpu", creatorEmail: "ops@example.com", duration: 2 };

interface PathFigures {
  stateBytes: number[];
  providerBytes: number;
  upMs: number;
  destroyMs: number;
}

async function measure(
  make: (names: string[], config: Record<string, { value: string; secret?: boolean }>) => Promise<TestStack>,
  type: string,
  names: string[],
  emulatorUrl: string,
): Promise<PathFigures> {
  const t = await make(names, {
    "roboflow:apiUrl": { value: emulatorUrl },
    "roboflow:apiKey": { value: API_KEY, secret: true },
  });
  try {
    let started = performance.now();
    await t.up();
    const upMs = performance.now() - started;
    const state = await t.exportState();
    const resources = (JSON.parse(state).resources ?? []) as Array<{
      type: string;
      outputs?: { __provider?: string };
    }>;
    const providerBytes = median(
      resources.filter((r) => r.type === type).map((r) => String(r.outputs?.__provider ?? "").length),
    );
    const stateBytes = stateBytesPerResource(state, type);
    started = performance.now();
    await t.destroy();
    return { stateBytes, providerBytes, upMs, destroyMs: performance.now() - started };
  } finally {
    await t.remove();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { count: { type: "string", default: "4" } } });
  const count = Number(values.count);
  const emulator = await createEmulator({
    apiKey: API_KEY,
    timing: { pendingMs: 500, resumeMs: 200, deleteMs: 200 },
  });
  const names = (prefix: string) => Array.from({ length: count }, (_, i) => `${prefix}-bench-${i}`);
  try {
    process.stderr.write(`bench: ${count} deployments through dynamic resources (Node.js program)\n`);
    const dynamic = await measure(
      (list, config) =>
        createTestStack("benchdynamic", deploymentsProgram, {
          ...config,
          ...deploymentsConfig(
            Object.fromEntries(list.map((n, i) => [`d${i}`, { ...base, deploymentName: n }])),
          ),
        }),
      ROBOFLOW_TYPE,
      names("dy"),
      emulator.url,
    );
    process.stderr.write(`bench: ${count} deployments through the native plugin (YAML program)\n`);
    const native = await measure(
      (list, config) =>
        createYamlStack(
          "benchnative",
          Object.fromEntries(
            list.map((n, i) => [
              `d${i}`,
              { type: "roboflow:index:DedicatedDeployment", properties: { ...base, deploymentName: n } },
            ]),
          ),
          config,
        ),
      "roboflow:index:DedicatedDeployment",
      names("na"),
      emulator.url,
    );
    const row = (label: string, f: (p: PathFigures) => string) => ({ cells: [label, f(dynamic), f(native)] });
    console.log(
      renderTable(
        ["figure", "dynamic (Node.js)", "native (YAML)"],
        [
          row("state per resource (median bytes)", (p) => String(median(p.stateBytes))),
          row("of which serialized provider, per copy", (p) => String(p.providerBytes)),
          row(`up of ${count} deployments`, (p) => seconds(p.upMs)),
          row(`destroy of ${count} deployments`, (p) => seconds(p.destroyMs)),
        ],
      ),
    );
  } finally {
    await emulator.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

/**
 * The fixed cost of a run, per language: `preview` (no change) and `up` (creating it) of a one-resource
 * program beside the same commands on an empty program of the same language, under the real engine against
 * the emulator. The pairs run alternately, so both programs see the same machine load; the ratio is of the
 * medians. The JavaScript program uses the dynamic resource. TypeScript needs `ts-node` and `typescript` in
 * the project (optional peers of the SDK, not in the packed workspace), and YAML and Python go through the
 * native plugin: those are rows to add to the same list.
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import type { ConfigMap } from "@pulumi/pulumi/automation";
import { createEmulator } from "../emulator";
import { CONSUMER_CASES, prepareConsumer } from "../scenarios/consumers";
import { createTestStack, pulumiCommand, type TestStack } from "../scenarios/engine";
import { yamlProgram } from "../scenarios/native";
import { createPythonStack } from "../scenarios/python";
import { LINUX_RELEASE, pluginAsset, releaseAssets, VERSION } from "../scenarios/release";
import { type Timed, time } from "./measure";
import { median } from "./table";

/** One command of one program: every timed run, in milliseconds (wall, and CPU of the engine's processes). */
export interface CommandTimings {
  wallMs: number[];
  cpuMs: number[];
}

/** One command's timings for the three programs, and the ratios of their medians to the empty program's. */
export interface CommandFigures {
  resource: CommandTimings;
  empty: CommandTimings;
  wallRatio: number;
  cpuRatio: number;
  /**
   * The same for a reference program of one no-op resource served the same way (a dynamic resource whose
   * provider only creates): what the engine costs for any resource of that kind, the floor of ours.
   */
  reference?: { program: CommandTimings; wallRatio: number; cpuRatio: number };
}

/** One language's row: the one-resource program and the empty one, per command, and the ratios of medians. */
export interface LanguageFigures {
  language: string;
  /** What serves the resource: "dynamic resource", "native plugin". */
  via: string;
  pairs: number;
  preview: CommandFigures;
  up: CommandFigures;
}

const API_KEY = "bench-languages-key-7Hq2";

const resourceJs = `
const { roboflow } = require("pulumi-dedicated-deployments");
new roboflow.DedicatedDeployment("one", {
  deploymentName: "bench-one",
  machineType: "dev-gpu",
  creatorEmail: "bench@example.com",
});
`;

/** One no-op dynamic resource: the engine's cost of a dynamic resource, with none of ours. */
const noopJs = `
const pulumi = require("@pulumi/pulumi");
const provider = { async create(inputs) { return { id: inputs.name, outs: inputs }; } };
new pulumi.dynamic.Resource(provider, "one", { name: "noop-one" });
`;

/** The programs of one language: the project files of the one-resource program, the empty one and the reference. */
interface LanguageCase {
  language: string;
  via: string;
  resource: Record<string, string>;
  empty: Record<string, string>;
  reference?: Record<string, string>;
  /** How a stack of the language is made (default: a project folder in the packed workspace). */
  stack?: (name: string, files: Record<string, string>, config: ConfigMap) => Promise<TestStack>;
}

const deployment = { deploymentName: "bench-one", machineType: "dev-gpu", creatorEmail: "bench@example.com" };

/** A TypeScript program as Pulumi's `typescript` template makes it, run by the SDK's ts-node. */
const tsFiles = (name: string, source: string) => ({
  "Pulumi.yaml": `name: ${name}\nruntime: nodejs\nmain: index.ts\n`,
  "index.ts": source,
  "tsconfig.json": JSON.stringify({
    compilerOptions: { strict: true, target: "es2020", module: "commonjs", moduleResolution: "node" },
    files: ["index.ts"],
  }),
});
const resourceTs = `import { roboflow } from "pulumi-dedicated-deployments";
new roboflow.DedicatedDeployment("one", ${JSON.stringify(deployment)});
`;

/** The consumer matrix's TypeScript install (the package, the SDK, typescript): programs in its subfolders. */
const typescriptWorkspace = () => {
  const ts = CONSUMER_CASES.find((c) => c.name === "ts");
  if (!ts) throw new Error("the consumer matrix has no TypeScript case");
  return prepareConsumer(ts);
};

/** A YAML program through the native plugin, and the same project with no resource. */
const yamlFiles = (name: string, withResource: boolean) => ({
  "Pulumi.yaml": yamlProgram(
    name,
    withResource ? { one: { type: "roboflow:index:DedicatedDeployment", properties: deployment } } : {},
  ),
});

/**
 * The same YAML program with no `plugins` section, after `pulumi plugin install resource roboflow <V> --file`
 * of the release's self-contained plugin: a plugin with a version, whose schema the engine can cache.
 */
const releasedYamlFiles = (name: string, withResource: boolean) => ({
  "Pulumi.yaml": `${JSON.stringify(
    {
      name,
      runtime: "yaml",
      resources: withResource
        ? { one: { type: "roboflow:index:DedicatedDeployment", properties: deployment } }
        : {},
    },
    null,
    2,
  )}\n`,
});

/** A stack whose PULUMI_HOME holds the release's Roboflow plugin, installed as a user installs it. */
async function releasedPluginStack(name: string, files: Record<string, string>, config: ConfigMap) {
  const release = await releaseAssets(LINUX_RELEASE);
  const t = await createTestStack(name, "", config, files);
  const tarball = path.join(release, pluginAsset("roboflow", "linux-amd64"));
  execFileSync(
    (await pulumiCommand()).command,
    ["plugin", "install", "resource", "roboflow", VERSION, "--file", tarball, "--non-interactive"],
    { env: { ...process.env, PULUMI_HOME: t.stack.workspace.pulumiHome }, stdio: "ignore" },
  );
  return t;
}

/** A Python program with the typed SDK, and one that only imports the Pulumi SDK. */
const resourcePy = `import pulumi_roboflow as roboflow

roboflow.DedicatedDeployment(
    "one",
    deployment_name="${deployment.deploymentName}",
    machine_type="${deployment.machineType}",
    creator_email="${deployment.creatorEmail}",
)
`;
const emptyPy = "import pulumi  # An empty program: the engine's own floor.\n";

const jsFiles = (name: string, source: string) => ({
  "Pulumi.yaml": `name: ${name}\nruntime: nodejs\nmain: index.js\n`,
  "index.js": source,
});

const cases: LanguageCase[] = [
  {
    language: "javascript",
    via: "dynamic resource",
    resource: jsFiles("bench-js-one", resourceJs),
    empty: jsFiles("bench-js-empty", "// An empty program: the engine's own floor.\n"),
    reference: jsFiles("bench-js-noop", noopJs),
  },
  {
    language: "typescript",
    via: "dynamic resource",
    resource: tsFiles("bench-ts-one", resourceTs),
    empty: tsFiles("bench-ts-empty", "// An empty program: the engine's own floor.\nexport {};\n"),
    stack: async (name, files, config) =>
      createTestStack(name, "", config, files, await typescriptWorkspace()),
  },
  {
    language: "yaml",
    via: "native plugin",
    resource: yamlFiles("bench-yaml-one", true),
    empty: yamlFiles("bench-yaml-empty", false),
  },
  {
    language: "yaml",
    via: "released plugin, installed",
    resource: releasedYamlFiles("bench-yamlrel-one", true),
    empty: releasedYamlFiles("bench-yamlrel-empty", false),
    stack: releasedPluginStack,
  },
  {
    language: "python",
    via: "native plugin, typed SDK",
    resource: { "__main__.py": resourcePy },
    empty: { "__main__.py": emptyPy },
    stack: (name, files, config) => createPythonStack(name, files, config),
  },
];

const ratio = (a: number[], b: number[]) => Math.round((median(a) / median(b)) * 100) / 100;
const push = (into: CommandTimings, t: Timed) => {
  into.wallMs.push(Math.round(t.wallMs));
  into.cpuMs.push(Math.round(t.cpuMs));
};
const empty = (): CommandTimings => ({ wallMs: [], cpuMs: [] });

/** Runs `pairs` alternating rounds of up, preview (no change) and an untimed destroy, per language. */
export async function measureLanguages(
  pairs: number,
  progress: (line: string) => void,
  only?: readonly string[],
): Promise<LanguageFigures[]> {
  const emulator = await createEmulator({
    apiKey: API_KEY,
    timing: { pendingMs: 0, resumeMs: 0, deleteMs: 0 },
  });
  const config: ConfigMap = {
    "roboflow:apiUrl": { value: emulator.url },
    "roboflow:apiKey": { value: API_KEY, secret: true },
  };
  const stacks: TestStack[] = [];
  const figures: LanguageFigures[] = [];
  try {
    for (const c of cases.filter((c) => only === undefined || only.includes(c.language))) {
      const make = c.stack ?? ((name, files, cfg) => createTestStack(name, "", cfg, files));
      const resource = await make(`bench-${c.language}-one`, c.resource, config);
      stacks.push(resource);
      const bare = await make(`bench-${c.language}-empty`, c.empty, config);
      stacks.push(bare);
      const programs: Array<["resource" | "empty" | "reference", TestStack]> = [
        ["resource", resource],
        ["empty", bare],
      ];
      if (c.reference) {
        const reference = await make(`bench-${c.language}-noop`, c.reference, config);
        stacks.push(reference);
        programs.push(["reference", reference]);
      }
      const row = {
        resource: { preview: empty(), up: empty() },
        empty: { preview: empty(), up: empty() },
        reference: { preview: empty(), up: empty() },
      };
      // A first, untimed round warms the disk cache and the engine's plugin lookups for both.
      for (let round = 0; round <= pairs; round++) {
        const order = round % 2 === 0 ? programs : [...programs].reverse();
        for (const [kind, s] of order) {
          const up = await time(() => s.up());
          if (kind === "resource" && emulator.store.live().length !== 1) {
            throw new Error(
              `up of the ${c.language} program left ${emulator.store.live().length} deployments`,
            );
          }
          const preview = await time(() => s.preview());
          const changes = preview.result.changeSummary;
          if (Object.keys(changes).some((k) => k !== "same")) {
            throw new Error(`a preview after up was to change nothing, it shows ${JSON.stringify(changes)}`);
          }
          await s.destroy();
          if (round > 0) {
            push(row[kind].up, up);
            push(row[kind].preview, preview);
            progress(
              `  ${c.language} ${kind}: up ${(up.wallMs / 1000).toFixed(2)} s, preview ${(preview.wallMs / 1000).toFixed(2)} s`,
            );
          }
        }
      }
      const pair = (command: "preview" | "up"): CommandFigures => ({
        resource: row.resource[command],
        empty: row.empty[command],
        wallRatio: ratio(row.resource[command].wallMs, row.empty[command].wallMs),
        cpuRatio: ratio(row.resource[command].cpuMs, row.empty[command].cpuMs),
        reference: c.reference
          ? {
              program: row.reference[command],
              wallRatio: ratio(row.reference[command].wallMs, row.empty[command].wallMs),
              cpuRatio: ratio(row.reference[command].cpuMs, row.empty[command].cpuMs),
            }
          : undefined,
      });
      figures.push({ language: c.language, via: c.via, pairs, preview: pair("preview"), up: pair("up") });
    }
    return figures;
  } finally {
    for (const s of stacks) await s.remove();
    await emulator.close();
  }
}

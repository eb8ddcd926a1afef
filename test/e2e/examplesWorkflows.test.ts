/**
 * The GitOps example's GitHub workflows, and the repository's own release workflow, pass actionlint (built by scripts/install-actionlint.sh at the version
 * tools/actionlint/go.mod pins) with shellcheck on every `run:` script: syntax, expressions and their
 * contexts, the inputs of the actions used (pulumi/actions@v6 included), untrusted input in scripts.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "../../scenarios/workspace";

const bin = path.join(ROOT, ".tools", "actionlint", "bin");
const workflows = path.join(ROOT, "examples", "gitops", ".github", "workflows");
const releaseWorkflow = path.join(ROOT, ".github", "workflows", "release.yml");
const files = fs
  .readdirSync(workflows)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();
/** A GitHub Actions expression, `${{ ... }}`, as the workflow's text has it. */
const expression = (inner: string) => `\${{ ${inner} }}`;
const read = (file: string) => fs.readFileSync(path.join(workflows, file), "utf8");

/** The tool's path; throws (so the test fails, never skips) with how to install it when it is missing. */
function tool(name: string): string {
  const file = path.join(bin, name);
  if (!fs.existsSync(file)) {
    throw new Error(`${name} is missing (${file}): run scripts/install-actionlint.sh, which installs it`);
  }
  return file;
}

interface Finding {
  message: string;
  filepath: string;
  line: number;
  column: number;
  kind: string;
}

test("the workflows are the three of the GitOps flow", () => {
  expect(files).toEqual(["main.yml", "pull-request-closed.yml", "pull-request.yml"]);
});

test("actionlint, with shellcheck, finds nothing in any workflow", () => {
  const actionlint = tool("actionlint");
  const shellcheck = tool("shellcheck");
  const run = spawnSync(
    actionlint,
    [
      "-format",
      "{{json .}}",
      "-shellcheck",
      shellcheck,
      "-pyflakes=",
      ...files.map((f) => path.join(workflows, f)),
      releaseWorkflow,
    ],
    { encoding: "utf8" },
  );
  if (run.error) throw run.error;
  const findings: Finding[] = run.stdout.trim() ? JSON.parse(run.stdout) : [];
  const report = findings.map(
    (f) => `${path.basename(f.filepath)}:${f.line}:${f.column}: ${f.message} [${f.kind}]`,
  );
  expect(report).toEqual([]);
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
});

test("actionlint does report a broken workflow, so a clean run means something", () => {
  const broken = read("pull-request.yml")
    .replace("refresh: true", "refresh: true\n          not-an-input: 1")
    .replace('"$BRANCH")"', `${expression("github.head_ref")})"`);
  const dir = fs.mkdtempSync(path.join(ROOT, ".tools", "actionlint-probe-"));
  try {
    fs.writeFileSync(path.join(dir, "broken.yml"), broken);
    const run = spawnSync(
      tool("actionlint"),
      [
        "-format",
        "{{json .}}",
        "-shellcheck",
        tool("shellcheck"),
        "-pyflakes=",
        path.join(dir, "broken.yml"),
      ],
      { encoding: "utf8" },
    );
    const kinds = (JSON.parse(run.stdout) as Finding[]).map((f) => f.kind);
    expect(kinds).toEqual(expect.arrayContaining(["action", "expression"]));
    expect(run.status).toBe(1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a pull request previews with a comment and deploys its branch's stack", () => {
  const workflow = read("pull-request.yml");
  expect(workflow).toMatch(/types: \[opened, synchronize, reopened\]/);
  expect(workflow).toMatch(/command: preview[\s\S]*comment-on-pr: true/);
  expect(workflow).toMatch(/command: up/);
  expect(workflow).toContain("names.ts");
});

test("closing a pull request destroys its stack, then removes it", () => {
  const workflow = read("pull-request-closed.yml");
  expect(workflow).toMatch(/types: \[closed\]/);
  expect(workflow.indexOf("pulumi destroy")).toBeGreaterThan(0);
  expect(workflow.indexOf("pulumi stack rm")).toBeGreaterThan(workflow.indexOf("pulumi destroy"));
});

test("a push to main runs up, and every secret comes from the repository's secrets", () => {
  expect(read("main.yml")).toMatch(/push:\s+branches: \[main\][\s\S]*command: up/);
  for (const file of files) {
    const workflow = read(file);
    for (const secret of ["ROBOFLOW_API_KEY", "PULUMI_ACCESS_TOKEN", "PULUMI_CONFIG_PASSPHRASE"]) {
      expect(workflow).toContain(`${secret}: ${expression(`secrets.${secret}`)}`);
    }
  }
});

test("every preview and up runs the package's policy pack with its environment's config", () => {
  const environments: Array<[string, string]> = [
    ["pull-request.yml", "pull-request.json"],
    ["main.yml", "main.json"],
  ];
  for (const [file, config] of environments) {
    const workflow = read(file);
    const commands = workflow.match(/command: (preview|up)$/gm) ?? [];
    const packs = workflow.match(
      /policyPacks: .*\/node_modules\/\.bin\/pulumi-dedicated-deployments-policy$/gm,
    );
    const configs = workflow.match(new RegExp(`policyPackConfigs: .*/policy-config/${config}$`, "gm"));
    expect(commands.length).toBeGreaterThan(0);
    expect(packs).toHaveLength(commands.length);
    expect(configs).toHaveLength(commands.length);
    expect(fs.existsSync(path.join(ROOT, "examples", "ephemeral", "policy-config", config))).toBe(true);
  }
});

test("a pushed tag v<version> builds every asset with npm run release and uploads them to its release", () => {
  const workflow = fs.readFileSync(releaseWorkflow, "utf8");
  expect(workflow).toMatch(/push:\s+tags: \["v\*\.\*\.\*"\]/);
  expect(workflow).toMatch(/require\("\.\/package\.json"\)\.version/);
  // Every target: no --targets subset.
  expect(workflow).toMatch(/run: npm run release\n/);
  expect(workflow).toContain('gh release create "$GITHUB_REF_NAME" release/*');
  expect(workflow).toContain('git tag "sdk/go/$GITHUB_REF_NAME"');
});

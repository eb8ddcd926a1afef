/**
 * The ephemeral example's branch → deployment name rule: whatever Git accepts as a branch name gives a valid
 * deployment name (`^[a-z][a-z0-9-]{4,14}$`), always the same one, and different branches different names.
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { DEPLOYMENT_NAME_PATTERN, deploymentNameFor } from "../../examples/ephemeral/names";
import { DeploymentName, DEPLOYMENT_NAME_PATTERN as PROVIDER_PATTERN } from "../../provider/roboflow/schema";

const nasty = [
  "main",
  "Feature/Login-Page",
  "feature/login-page",
  "FEATURE/LOGIN-PAGE",
  "dependabot/npm_and_yarn/@types/node-22.20.0",
  "users/jürgen/straße-änderung",
  "日本語のブランチ",
  "🚀/rocket-🚀",
  "release/2025.11",
  "123-fix-the-thing",
  "42",
  "-",
  "/",
  "---",
  "a",
  "",
  " ",
  "x".repeat(250),
  `feature/${"long-shared-prefix-".repeat(8)}one`,
  `feature/${"long-shared-prefix-".repeat(8)}two`,
  "Café",
  "cafe\u0301",
  "tab\tand\nnewline",
  "..",
  "fix/",
  "fix//double",
];

test.each(nasty.map((b) => [JSON.stringify(b), b]))("gives a valid name for the branch %s", (_, branch) => {
  const name = deploymentNameFor(branch);
  expect(name).toMatch(DEPLOYMENT_NAME_PATTERN);
  expect(name.length).toBeGreaterThanOrEqual(5);
  expect(name.length).toBeLessThanOrEqual(15);
  // The provider's own rule agrees.
  expect(DeploymentName.safeParse(name).success).toBe(true);
});

test("the name rule is the provider's", () => {
  expect(DEPLOYMENT_NAME_PATTERN.source).toBe(PROVIDER_PATTERN.source);
});

test("gives every branch of the list a different name", () => {
  const names = nasty.map(deploymentNameFor);
  expect(new Set(names).size).toBe(nasty.length);
});

test("is stable: the same branch always gives the same name", () => {
  expect(deploymentNameFor("feature/login-page")).toBe(deploymentNameFor("feature/login-page"));
  expect(deploymentNameFor("feature/login-page")).toMatchInlineSnapshot(`"login-pa-cj4jho"`);
});

test("keeps a readable slug of the branch's last segment", () => {
  expect(deploymentNameFor("feature/Login-Page")).toMatch(/^login-pa-[a-z0-9]{6}$/);
  expect(deploymentNameFor("users/jürgen/straße-änderung")).toMatch(/^strasse-[a-z0-9]{6}$/);
  expect(deploymentNameFor("Café")).toMatch(/^cafe-[a-z0-9]{6}$/);
  expect(deploymentNameFor("main")).toMatch(/^main-[a-z0-9]{6}$/);
});

test("drops leading digits so the name starts with a letter", () => {
  expect(deploymentNameFor("123-fix-the-thing")).toMatch(/^fix-the-[a-z0-9]{6}$/);
  expect(deploymentNameFor("release/2025.11")).toMatch(/^env-[a-z0-9]{6}$/);
});

test("falls back to env- when nothing readable is left", () => {
  for (const branch of ["", " ", "/", "-", "42", "日本語のブランチ"]) {
    expect(deploymentNameFor(branch)).toMatch(/^env-[a-z0-9]{6}$/);
  }
});

test("tells apart branches that sanitize alike or share a long prefix", () => {
  const pairs: Array<[string, string]> = [
    ["feature/login-page", "Feature/Login-Page"],
    ["feature/login", "fix/login"],
    ["feature/login_page", "feature/login-page"],
    [`feature/${"long-shared-prefix-".repeat(8)}one`, `feature/${"long-shared-prefix-".repeat(8)}two`],
    ["Café", "cafe\u0301"],
  ];
  for (const [a, b] of pairs) {
    expect(deploymentNameFor(a).slice(0, -6)).toBe(deploymentNameFor(b).slice(0, -6));
    expect(deploymentNameFor(a)).not.toBe(deploymentNameFor(b));
  }
});

test("has no collision among 5,000 branches whose slugs are all the same", () => {
  const names = new Set<string>();
  for (let i = 0; i < 5_000; i++) names.add(deploymentNameFor(`feature/ticket-number-${i}`));
  expect([...names].every((n) => n.startsWith("ticket-n-"))).toBe(true);
  expect(names.size).toBe(5_000);
});

test("prints the name when run as a script, as the workflows run it", () => {
  const file = path.join(__dirname, "..", "..", "examples", "ephemeral", "names.ts");
  const out = execFileSync(process.execPath, [require.resolve("ts-node/dist/bin"), "-T", file, "fix/login"], {
    encoding: "utf8",
  });
  expect(out.trim()).toBe(deploymentNameFor("fix/login"));
});

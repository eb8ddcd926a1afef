/**
 * The policy pack's reference table for docs/policy.md, derived from the policies and the platform targets
 * (a unit test holds the page to it, row for row): each policy's enforcement level, the inputs it judges on
 * each platform, and its config keys.
 */
import { markdownTable } from "../provider/core/fields";
import { POLICY_FIELDS, policies } from "./policies";
import { type PropertyPath, pathText, policyTargets } from "./targets";

/** `key` (type): description, for each config key of a policy. */
function configCell(properties: Record<string, unknown>): string {
  const keys = Object.entries(properties).map(([key, schema]) => {
    const { type, default: fallback } = schema as { type?: string; default?: unknown };
    return `\`${key}\` (${type}${fallback === undefined ? "" : `, default \`${String(fallback)}\``})`;
  });
  return keys.join(", ") || "none";
}

/** Policy | enforcement by default | what it judges, per platform | config keys. */
export function policiesTable(): string {
  const rows = policies.map((policy) => {
    const field = POLICY_FIELDS[policy.name];
    const judged = policyTargets.flatMap((t) => {
      const paths: readonly PropertyPath[] =
        field === "replicas" ? t.replicas : t[field] === undefined ? [] : [t[field]];
      return paths.length > 0 ? [`${t.platform}: ${paths.map((p) => `\`${pathText(p)}\``).join(", ")}`] : [];
    });
    return [
      `\`${policy.name}\``,
      policy.enforcementLevel ?? "advisory",
      judged.join("; "),
      configCell(policy.configSchema?.properties ?? {}),
    ];
  });
  return markdownTable(["policy", "by default", "judges", "config keys"], rows);
}

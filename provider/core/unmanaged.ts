/**
 * What an API holds that a stack does not manage: every live deployment whose id is none of the ids the
 * stack's resources record (`pulumi stack export`), so a team sees, and can clean, what any failure left
 * behind (a killed run, a hand-made deployment, another tool's). One lookup per platform, from its list.
 */
import { z } from "zod";
import { type Credentials, type LookupDefinition, lookup } from "./lookupDefinition";

/** A deployment no resource of the stack manages. */
export const UnmanagedDeployment = z.strictObject({
  id: z.string().describe("The deployment's id, as a resource's state would record it."),
  name: z.string().describe("The deployment's name."),
  status: z.string().describe("Its status now, as the API reports it."),
});
export type UnmanagedDeployment = z.infer<typeof UnmanagedDeployment>;

/** What the lookup returns. */
export const UnmanagedResult = z.strictObject({ deployments: z.array(UnmanagedDeployment) });

const managedIds = z
  .array(z.string())
  .describe(
    "The ids of the deployments the stack manages: the `id` of each of its resources of this platform " +
      "(`pulumi stack --show-ids`, or `pulumi stack export`).",
  );

/**
 * The lookup `listUnmanagedDeployments` of a platform whose live deployments `list` reads, given the inputs
 * `extra` besides `managedIds` (what the listing needs, such as NX1's models).
 */
export function unmanagedLookup<Extra extends z.ZodRawShape>(
  extra: Extra,
  list: (credentials: Credentials, args: z.output<z.ZodObject<Extra>>) => Promise<UnmanagedDeployment[]>,
): LookupDefinition<
  z.ZodObject<Extra & { managedIds: typeof managedIds }>,
  z.ZodObject<{ deployments: z.ZodArray<typeof UnmanagedDeployment> }>
> {
  return lookup({
    description:
      "The live deployments the API holds that none of `managedIds` names: what no resource of a stack " +
      "manages (left by a killed run, made by hand or by another tool).",
    inputs: z.strictObject({ ...extra, managedIds }) as z.ZodObject<
      Extra & { managedIds: typeof managedIds }
    >,
    outputs: UnmanagedResult,
    run: async (credentials, args) => {
      const managed = new Set((args as { managedIds: string[] }).managedIds);
      const live = await list(credentials, args as z.output<z.ZodObject<Extra>>);
      return { deployments: live.filter((d) => !managed.has(d.id)) };
    },
  });
}

/** The ids of the resources of the given types in a stack export (`pulumi stack export` output). */
export function managedIdsOf(stackExport: unknown, types: readonly string[]): string[] {
  const deployment = (stackExport as { deployment?: { resources?: unknown[] } })?.deployment;
  const resources = (deployment?.resources ?? []) as Array<{ type?: string; id?: string }>;
  return resources.filter((r) => types.includes(r.type ?? "") && r.id).map((r) => String(r.id));
}

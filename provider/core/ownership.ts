/**
 * Which resource of which stack made a deployment, carried by the deployment itself where its API keeps
 * something free-form in the create request (env vars), so that a run after a killed one recognises the
 * create the dead run cut off as its own and continues with it, rather than refusing it (a name it holds)
 * or leaving it behind (a name the server chose) — and never mistakes another stack's deployment for it.
 *
 * The identity is the resource's URN (`urn:pulumi:<stack>::<project>::<type>::<name>`): the native plugin
 * receives it with every request; a dynamic resource's program computes it (for a resource without a
 * parent it is the URN exactly) and hands it to the provider as the input `__owner`. The marker is a hash
 * of it, so it shows neither the stack nor the project, and differs between any two stacks or resources.
 */
import { createHash } from "node:crypto";
import type { Props } from "./dynamic";

/** The input under which a dynamic resource hands its identity (its URN) to the provider. */
export const OWNER_KEY = "__owner";

/** The env var that carries the marker, where a platform's deployments keep env vars. */
export const OWNER_ENV = "PULUMI_DEPLOYMENT_OWNER";

/** The marker of a resource identity: short, stable, and telling nothing of the stack. */
export function ownerMarker(identity: string): string {
  return `urn-sha256-${createHash("sha256").update(identity).digest("hex").slice(0, 32)}`;
}

/** The identity a dynamic resource of `type` named `name` hands its provider: its URN, parent aside. */
export function dynamicIdentity(stack: string, project: string, type: string, name: string): string {
  return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}

/** The identity inputs carry (a dynamic resource's `__owner`), if any. */
export function identityOf(inputs: Props): string | undefined {
  const owner = inputs[OWNER_KEY];
  return typeof owner === "string" && owner.length > 0 ? owner : undefined;
}

/** `env` with the marker added, when there is one. */
export function withOwner(
  env: Record<string, string> | undefined,
  marker: string | undefined,
): Record<string, string> {
  return marker === undefined ? { ...env } : { ...env, [OWNER_ENV]: marker };
}

/** `env` as the user declared it: the marker left out. */
export function withoutOwner(env: Record<string, string>): Record<string, string> {
  const { [OWNER_ENV]: _marker, ...rest } = env;
  return rest;
}

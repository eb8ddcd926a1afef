/**
 * The policy pack program: what the engine runs for `--policy-pack <package>/policy` (a language host
 * starts `@pulumi/pulumi/cmd/run-policy-pack` on this folder, which loads this module through
 * policy/package.json), or for the launcher executable (launcher.ts) where the host cannot run packs.
 * `@pulumi/policy` reads the pack's version from policy/package.json in the working directory.
 */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

/** The pack's name, as the engine prints it beside each violation. */
export const PACK_NAME = "pulumi-dedicated-deployments";

new PolicyPack(PACK_NAME, {
  description:
    "Guardrails for hosted model deployments: machine types, replicas, lifetimes, expiry, a stack's replica budget, names and keys.",
  policies: [...policies],
});

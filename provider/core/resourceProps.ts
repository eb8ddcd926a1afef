/**
 * What every deployment resource class hands its base constructor, derived from the platform's schemas:
 * every output named (so it is readable on the resource, inputs left unset included), and the secret
 * inputs wrapped as secrets and listed as secret outputs, so state never holds them in plaintext; and the
 * resource's identity (its URN) for the provider to mark what it creates with (ownership.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { dynamicIdentity, OWNER_KEY } from "./ownership";

export function resourceProps(
  args: object,
  opts: pulumi.CustomResourceOptions | undefined,
  schemas: {
    outputs: { readonly shape: object };
    secrets: readonly string[];
    identity?: { type: string; name: string };
  },
): { props: pulumi.Inputs; options: pulumi.CustomResourceOptions } {
  const given = args as Record<string, unknown>;
  const props: pulumi.Inputs = { ...given };
  for (const key of Object.keys(schemas.outputs.shape)) {
    props[key] = given[key];
  }
  for (const key of schemas.secrets) {
    props[key] = given[key] === undefined ? undefined : pulumi.secret(given[key]);
  }
  if (schemas.identity) {
    const { type, name } = schemas.identity;
    props[OWNER_KEY] = dynamicIdentity(pulumi.getStack(), pulumi.getProject(), type, name);
  }
  return {
    props,
    options: pulumi.mergeOptions(opts, { additionalSecretOutputs: [...schemas.secrets] }),
  };
}

/**
 * Inputs that every platform's resource takes and that never reach the API: how long to wait, whether to
 * adopt a deployment that already exists, and which key to use.
 */
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { field } from "./fields";

/** The client-side settings of a deployment resource; a change to any of them is recorded in state only. */
export interface ClientSideArgs {
  /** How long `pulumi up` and `pulumi destroy` wait for the deployment, in minutes. Default 20. */
  readonly readyTimeoutMinutes?: pulumi.Input<number>;
  /**
   * Bring an existing deployment of the same name under management instead of failing the create. Its
   * settings must match the inputs, or are replaced by them where the platform says so. Default false.
   */
  readonly adopt?: pulumi.Input<boolean>;
  /**
   * An API key for this resource only, instead of the platform's `apiKey` stack config or its
   * `<PLATFORM>_API_KEY` environment variable. Kept secret in state.
   */
  readonly apiKey?: pulumi.Input<string>;
}

/** The defaults of the client-side settings. */
export const clientSideDefaults = { readyTimeoutMinutes: 20, adopt: false } as const;

/** A boolean input with its default. */
export const flag = (fallback: boolean) => z.boolean({ error: "must be true or false" }).default(fallback);

/** How `check` validates the client-side settings: spread into a platform's input schema. */
export const clientSideInputs = {
  readyTimeoutMinutes: field(
    z
      .number({ error: "must be a number of minutes" })
      .positive("must be more than 0 minutes")
      .default(clientSideDefaults.readyTimeoutMinutes),
    { change: "state", type: "minutes, > 0", default: String(clientSideDefaults.readyTimeoutMinutes) },
  ),
  adopt: field(flag(clientSideDefaults.adopt), {
    change: "state",
    type: "boolean",
    default: String(clientSideDefaults.adopt),
    onChange: "state only (see below)",
  }),
  // Its value is never judged in a message: a failure on it names the property only.
  apiKey: field(z.string({ error: "must be a string" }).min(1, "must not be empty").optional(), {
    change: "state",
    type: "string, secret",
    default: "config",
    onChange: "state only; kept secret in state",
    secret: true,
  }),
};

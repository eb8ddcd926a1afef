/**
 * The error that makes the engine record a resource as "created but failed to initialise" rather than
 * forget it: the API accepted the create, then waiting for it failed. The next `up` continues with it.
 */
import { PROVIDER_KEY, type Props } from "./dynamic";

/** `error` as the engine's partial-create failure: `outputs` are what state keeps, with the serialized provider. */
export function createdButFailed(error: unknown, id: string, outputs: object, inputs: Props): Error {
  const reason = error instanceof Error ? error.message : String(error);
  return Object.assign(new Error(reason), {
    id,
    properties: { ...outputs, [PROVIDER_KEY]: inputs[PROVIDER_KEY] },
    reasons: [reason],
  });
}

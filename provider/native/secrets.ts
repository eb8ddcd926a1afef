/**
 * Secret values as the engine sends them to a provider that accepts secrets: an object carrying the secret
 * signature and the value. The implementations work on plain values, so the host reveals what arrives and
 * conceals, on the way back, every secret input and every input that arrived secret.
 */
import type { Props } from "../core/dynamic";

/** The key and value that mark an object as a secret in the engine's wire format. */
const SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";

/** Whether `value` is a secret as the engine marshals one. */
export function isSecret(value: unknown): value is { value: unknown } {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[SIGNATURE_KEY] === SECRET_SIGNATURE
  );
}

/** `value` as the engine marshals a secret. */
export function secret(value: unknown): Props {
  return { [SIGNATURE_KEY]: SECRET_SIGNATURE, value };
}

/** `value` with every secret replaced by the value it holds, at any depth. */
export function reveal(value: unknown): unknown {
  if (isSecret(value)) {
    return reveal(value.value);
  }
  if (Array.isArray(value)) {
    return value.map(reveal);
  }
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reveal(v)]));
  }
  return value;
}

/** The plain properties of `props`, and the top-level keys that held a secret (at any depth). */
export function revealProps(props: Props | undefined): { plain: Props; secretKeys: string[] } {
  const given = props ?? {};
  const secretKeys = Object.keys(given).filter((key) => containsSecret(given[key]));
  return { plain: reveal(given) as Props, secretKeys };
}

function containsSecret(value: unknown): boolean {
  if (isSecret(value)) {
    return true;
  }
  if (typeof value === "object" && value !== null) {
    return Object.values(value).some(containsSecret);
  }
  return false;
}

/**
 * `props` ready for the engine: undefined values left out (the wire format has no undefined), and the
 * values of `secretKeys` marked secret, so that state and output never show them in plaintext.
 */
export function conceal(props: Props | undefined, secretKeys: Iterable<string>): Props {
  const keys = new Set(secretKeys);
  const defined = JSON.parse(JSON.stringify(props ?? {})) as Props;
  return Object.fromEntries(
    Object.entries(defined).map(([key, value]) => [key, keys.has(key) ? secret(value) : value]),
  );
}

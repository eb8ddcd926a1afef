/**
 * Removal of credentials from anything that may be printed or stored: URLs, headers, bodies and messages.
 * Known secret values are replaced wherever they occur; well-known credential fields are replaced even
 * when their value is not known in advance.
 */

const MASK = "***";

const patterns: Array<[RegExp, string]> = [
  // api_key=... in a URL or form body
  [/(api_key=)[^&\s"']+/gi, `$1${MASK}`],
  // "api_key": "..." or "apiKey": "..." in JSON
  [/("(?:api_key|apiKey|api-key|password|token)"\s*:\s*")[^"]*(")/gi, `$1${MASK}$2`],
  // Authorization: Bearer ...
  [/(bearer\s+)[A-Za-z0-9._~+/=-]+/gi, `$1${MASK}`],
];

/** Returns `text` with every known secret and every credential-looking field masked. */
export function redact(text: string, secrets: ReadonlyArray<string | undefined> = []): string {
  let out = text;
  for (const secret of secrets) {
    // Very short values would mask ordinary words; keys are never that short.
    if (secret && secret.length >= 4) {
      out = out.split(secret).join(MASK);
    }
  }
  for (const [pattern, replacement] of patterns) {
    out = out.replace(pattern, replacement);
  }
  return out;
}

/** Masks secrets in the message and stack of `error`, keeping its class so guards still recognise it. */
export function redactError(error: unknown, secrets: ReadonlyArray<string | undefined>): unknown {
  if (!(error instanceof Error)) {
    return new Error(redact(String(error), secrets));
  }
  error.message = redact(error.message, secrets);
  if (error.stack) {
    error.stack = redact(error.stack, secrets);
  }
  // A created-but-failed error also carries reasons, which the engine shows.
  const withReasons = error as Error & { reasons?: unknown };
  if (Array.isArray(withReasons.reasons)) {
    withReasons.reasons = withReasons.reasons.map((r) => redact(String(r), secrets));
  }
  return error;
}

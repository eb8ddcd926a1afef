/**
 * What a user reads when an operation fails: one sentence that says what failed, what the API answered and
 * what to do about it.
 *
 * The engine prints the message of the error a provider returns. For a failed check, diff, read or delete,
 * the dynamic provider host of `@pulumi/pulumi` also prints it itself, as `${error}: ${error.stack}`, which
 * for an ordinary error repeats the class name and the message and adds frames of our code. An error of
 * ours (an API's answer, a wait that ended, a missing setting) is therefore presented so that line reads
 * `error: <the same sentence>`; a programming error keeps its frames, which point at the shipped files.
 */
import { isApiError, isHttpStatusError } from "./errors";

/** How a platform names its settings, for advice that names them. */
export interface AdviceSettings {
  /** The config namespace: `roboflow`. */
  namespace: string;
  /** The environment variables' prefix: `ROBOFLOW`. */
  envPrefix: string;
  /** The API's base URL in force. */
  apiUrl: string;
}

/** What to do about `error`, when there is something useful to say. */
export function adviceFor(error: unknown, settings: AdviceSettings): string | undefined {
  const { namespace, envPrefix, apiUrl } = settings;
  if (isHttpStatusError(error, 401)) {
    return (
      `check the key in ${namespace}:apiKey or ${envPrefix}_API_KEY; after rotating it, run ` +
      "`pulumi refresh --run-program` or `pulumi destroy --run-program`, since a plain refresh or destroy " +
      "configures the provider with the key recorded in the stack's state"
    );
  }
  if (isHttpStatusError(error, 403)) {
    return `check that the key in ${namespace}:apiKey or ${envPrefix}_API_KEY may act on this deployment`;
  }
  if (isHttpStatusError(error, 429)) {
    return "the API kept limiting the rate through every retry: run again later, or with fewer operations at once (`--parallel`)";
  }
  if (isHttpStatusError(error) && error.status >= 500) {
    return "the API kept failing through every retry: run the command again once it recovers";
  }
  if (isApiError(error) && error.name === "NetworkError") {
    return `check that ${namespace}:apiUrl (${apiUrl}) is right and reachable, then run again`;
  }
  if (isApiError(error) && error.name === "ResponseFormatError") {
    return `check that ${namespace}:apiUrl (${apiUrl}) points at the ${namespace} API`;
  }
  return undefined;
}

const programmingErrors = [TypeError, ReferenceError, SyntaxError, RangeError];

/**
 * `error` ready to leave the provider: `advice` appended to its message (and to the reasons of a
 * created-but-failed error, which the engine shows), printed by the provider host as one line.
 */
export function presentError(error: unknown, advice?: string): unknown {
  if (!(error instanceof Error) || programmingErrors.some((kind) => error instanceof kind)) {
    return error;
  }
  if (advice && !error.message.includes(advice)) {
    error.message = `${error.message}; ${advice}`;
  }
  const initFailure = error as Error & { reasons?: unknown };
  if (Array.isArray(initFailure.reasons)) {
    initFailure.reasons = [error.message];
  }
  error.stack = error.message;
  Object.defineProperty(error, "toString", { value: () => "error", configurable: true, writable: true });
  return error;
}

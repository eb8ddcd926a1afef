/** A read that treats the API's 404 as an answer ("there is none") rather than as a failure. */
import { isHttpStatusError } from "./errors";

/** The result of `work`, or undefined when the API answered 404. */
export async function unlessNotFound<T>(work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (e) {
    if (isHttpStatusError(e, 404)) {
      return undefined;
    }
    throw e;
  }
}

/**
 * What a lookup is to a native provider: an invoke (`roboflow:index:getDeployment`) with inputs and outputs
 * declared in zod (they become the package schema's function), run with the provider's configured key.
 */
import type { z } from "zod";
import type { PlatformProvider } from "../core/platformProvider";

/** The credentials and client options a lookup's client takes. */
export type Credentials = ReturnType<PlatformProvider<never, never>["credentials"]>;

/** One invoke of a platform's package. */
export interface NativeFunction<In extends z.ZodObject = z.ZodObject, Out extends z.ZodObject = z.ZodObject> {
  /** What it returns, for the schema. */
  description: string;
  inputs: In;
  outputs: Out;
  run(credentials: Credentials, args: z.output<In>): Promise<z.input<Out>>;
}

/** A function with its types checked against its schemas. */
export function nativeFunction<In extends z.ZodObject, Out extends z.ZodObject>(
  fn: NativeFunction<In, Out>,
): NativeFunction {
  return fn as unknown as NativeFunction;
}

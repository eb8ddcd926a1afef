/**
 * Compile-time checks (ky's `Expect<Equal<…>>`): a declaration that fails the build when two types that
 * must agree drift apart, such as a resource's Args interface and its input schema.
 */

import type { OutputInstance } from "@pulumi/pulumi";

/** True when `A` and `B` are the same type. */
export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Compiles only when `T` is true. */
export type Expect<T extends true> = T;

/** `T` with its `Input<>` wrappers (promises, outputs) removed at every depth; `unknown` stays as it is. */
type Plain<T> = T extends OutputInstance<infer U> | Promise<infer U>
  ? Plain<U>
  : T extends readonly (infer E)[]
    ? Plain<E>[]
    : T extends object
      ? { [K in keyof T]: Plain<T[K]> }
      : T;

/** Whether each of `A` and `B` is assignable to the other (`readonly` lists and plain ones alike). */
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/**
 * True when a resource's documented Args take the same inputs as its schema, key by key and type by type:
 * each Args field, its `Input<>` wrappers unwrapped at every depth, is the schema's input type for that key
 * (so `duration?: Input<string>` against a number schema fails the build, not only a missing key).
 */
export type ArgsMatch<Args, SchemaInput> =
  Equal<keyof Args, keyof SchemaInput> extends true
    ? {
        [K in keyof Args & keyof SchemaInput]-?: Mutual<Plain<Args[K]>, SchemaInput[K]>;
      }[keyof Args & keyof SchemaInput] extends true
      ? true
      : false
    : false;

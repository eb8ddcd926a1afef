/**
 * Compile-time checks (ky's `Expect<Equal<…>>`): a declaration that fails the build when two types that
 * must agree drift apart, such as a resource's Args interface and its input schema.
 */

/** True when `A` and `B` are the same type. */
export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Compiles only when `T` is true. */
export type Expect<T extends true> = T;

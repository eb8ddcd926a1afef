/**
 * The seven methods every serialized provider forwards to its implementation, shared as the prototype of
 * the objects `thinProvider` makes (core/dynamic.ts). Pulumi's closure serializer writes a value that is
 * the exports of an installed package's module as `require("<package>/<subpath>")`, so a provider whose
 * prototype is this module serializes to that one line and its two own properties: which module and export
 * implement it. The dynamic provider host loads this module once and the implementation at the first call.
 *
 * It loads nothing else, so that the host pays for an implementation only when a method runs. Where the
 * package is not installed under `node_modules` (a repository linked to itself), the serializer copies these
 * functions by value instead: they must then parse with TypeScript 3.8 (test/unit/serializedSyntax.test.ts).
 */
import type { ProviderImplementation } from "./dynamic";

/** What a serialized provider carries: the module (package and subpath) and the class it exports. */
export interface ForwardTarget {
  target: string;
  exportName: string;
}

/** The implementation, made once per provider object at its first call (only in the provider host). */
interface Loaded extends ForwardTarget {
  impl?: ProviderImplementation;
}

type Method<K extends keyof ProviderImplementation> = (
  this: ForwardTarget,
  ...args: Parameters<ProviderImplementation[K]>
) => ReturnType<ProviderImplementation[K]>;

function load(provider: Loaded): ProviderImplementation {
  if (provider.impl === undefined) {
    provider.impl = new (require(provider.target)[provider.exportName])() as ProviderImplementation;
  }
  return provider.impl;
}

export const configure: Method<"configure"> = function (req) {
  return load(this).configure(req);
};
export const check: Method<"check"> = function (olds, news) {
  return load(this).check(olds, news);
};
export const diff: Method<"diff"> = function (id, olds, news) {
  return load(this).diff(id, olds, news);
};
export const create: Method<"create"> = function (inputs) {
  return load(this).create(inputs);
};
export const read: Method<"read"> = function (id, props) {
  return load(this).read(id, props);
};
export const update: Method<"update"> = function (id, olds, news) {
  return load(this).update(id, olds, news);
};
const remove: Method<"delete"> = function (id, props) {
  return load(this).delete(id, props);
};

export { remove as delete };

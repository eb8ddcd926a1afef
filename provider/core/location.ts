/**
 * Where this package's code is found, said once: the package name the engine resolves from a program's
 * `node_modules`, and where a platform's implementation module lives (states written by earlier versions
 * require it by its package subpath, so it must stay resolvable). The registry, the native loader and the
 * plugin read these; package.json's `name` and `exports` are held to them by a unit test.
 */

/** The package the engine resolves from the program's `node_modules`. */
export const PACKAGE_NAME = "pulumi-dedicated-deployments";

/** The implementation module of platform `name`, relative to the `provider/` folder (sources or `dist/`). */
export function implementationModule(name: string): string {
  return `${name}/provider`;
}

/** The package subpath of a module under `provider/`, as package.json exports it: `dist/provider/<module>`. */
export function packageSubpath(module: string): string {
  return `dist/provider/${module}`;
}

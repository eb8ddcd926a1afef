/**
 * The e2e project's global setup: builds and packs the package, and installs the shared workspace, once per
 * run before any worker starts, so that e2e files running in parallel share them (workers inherit the
 * tarball's path through the environment) instead of racing to make their own.
 */
import { packedWorkspace } from "../../scenarios/engine";

export default async function setUpEndToEnd(): Promise<void> {
  await packedWorkspace();
}

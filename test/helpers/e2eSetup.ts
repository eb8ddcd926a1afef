/**
 * The e2e project's global setup: builds and packs the package, and installs the shared workspace, once per
 * run before any worker starts, so that e2e files running in parallel share them (workers inherit the
 * tarball's path through the environment) instead of racing to make their own. It also clears out install
 * folders of earlier builds that no run has made for days (others may be in use by another checkout).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { E2E_HOME, packedWorkspace } from "../../scenarios/workspace";

const DAY_MS = 24 * 60 * 60 * 1000;

function removeStaleInstalls(now = Date.now()): void {
  for (const entry of fs.existsSync(E2E_HOME) ? fs.readdirSync(E2E_HOME) : []) {
    const dir = path.join(E2E_HOME, entry);
    const marker = path.join(dir, ".installed");
    const made = fs.statSync(fs.existsSync(marker) ? marker : dir).mtimeMs;
    const staleAfter =
      entry.includes(".staging-") || entry.startsWith("yarn-cache") ? DAY_MS / 24 : 3 * DAY_MS;
    if (now - made > staleAfter) fs.rmSync(dir, { recursive: true, force: true });
  }
}

export default async function setUpEndToEnd(): Promise<void> {
  removeStaleInstalls();
  await packedWorkspace();
}

/**
 * When a Paperspace Deployment is up: its latest spec applied and healthy, and every replica of the
 * active runs ready. A spec error or a failed instance ends the wait at once.
 */
import { unlessNotFound } from "../core/notFound";
import type { PollOutcome } from "../core/wait";
import type { DeploymentInfo, Run } from "./api";
import type { PaperspaceClient } from "./client";
import type { DeploymentInputs } from "./schema";
import { countReplicas } from "./spec";

/** What one look saw: the deployment, and its runs once the spec was applied. */
export interface Seen {
  info: DeploymentInfo;
  runs: Run[];
}

/** Instance states that will not recover by waiting. */
const failedInstanceStates = new Set([
  "failed",
  "error",
  "crashloopbackoff",
  "errimagepull",
  "imagepullbackoff",
]);

/**
 * One look at the deployment: done when applied, healthy and every replica ready; failed on a fatal error.
 * `remember` receives what was seen, so a failure can still record it.
 */
export async function pollHealth(
  client: PaperspaceClient,
  args: DeploymentInputs,
  id: string,
  remember: (seen: Seen) => void,
): Promise<PollOutcome<Seen>> {
  const info = await unlessNotFound(() => client.getDeployment(id));
  if (!info) {
    return { failed: `deployment ${args.name} (${id}) no longer exists` };
  }
  remember({ info, runs: [] });
  const spec = info.latestSpec;
  if (spec?.error) {
    return { failed: `the cluster could not apply the spec of ${args.name}: ${spec.error}` };
  }
  if (!spec?.externalApplied) {
    return { done: false, progress: "spec not applied yet" };
  }
  const runs = await client.getRuns(id);
  remember({ info, runs });
  const broken = runs
    .flatMap((run) => run.instances)
    .filter((i) => failedInstanceStates.has(String(i.state ?? i.phase ?? "").toLowerCase()));
  if (broken.length > 0) {
    const detail = broken.map((i) => `${i.id ?? "instance"}: ${i.message ?? i.state ?? i.phase}`).join("; ");
    return { failed: `instances of ${args.name} failed: ${detail}` };
  }
  const { replicas, readyReplicas } = countReplicas(runs);
  if (!args.enabled || args.resources.replicas === 0) {
    return { done: true, value: { info, runs } };
  }
  if (spec.dtHealthy && replicas > 0 && readyReplicas >= replicas) {
    return { done: true, value: { info, runs } };
  }
  return {
    done: false,
    progress: `${readyReplicas}/${replicas} replicas ready${spec.dtHealthy ? "" : ", not healthy yet"}`,
  };
}

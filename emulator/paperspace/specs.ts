/**
 * One spec of an emulated Paperspace deployment and what it shows: applied after `applyMs`, its replicas
 * ready and healthy after `readyMs` more, unless an out-of-band change says otherwise.
 */
import { type InstanceRecord, iso, type RunRecord, type SpecData, type SpecRecord } from "./shapes";

const USER_ID = "u1emulat0r";

export interface StoredSpec {
  id: string;
  data: SpecData;
  hash: string;
  createdAt: number;
  applyAt: number;
  healthyAt: number;
  runId: string;
  instanceIds: string[];
  /** Out of band: the cluster could not apply it. */
  error?: string;
  /** Out of band: every replica failing its checks. */
  unhealthy?: string;
  /** Out of band: one replica failed for good. */
  failedInstance?: string;
}

/** A spec as the API shows it. */
export function specView(deploymentId: string, s: StoredSpec, now: number): SpecRecord {
  const applied = !s.error && now >= s.applyAt;
  const healthy =
    applied && replicasOf(s.data) > 0 && now >= s.healthyAt && !s.unhealthy && !s.failedInstance;
  return {
    id: s.id,
    deploymentId,
    userId: USER_ID,
    data: s.data,
    dtCreated: iso(s.createdAt),
    externalApplied: applied ? iso(s.applyAt) : null,
    dtHealthy: healthy ? iso(s.healthyAt) : null,
    error: s.error ?? null,
    metadata: null,
  };
}

/** The active runs of a deployment with `specs`, newest first: the latest applied spec's replicas. */
export function runsOf(specs: StoredSpec[], now: number): RunRecord[] {
  const serving = [...specs].reverse().find((s) => now >= s.applyAt && !s.error);
  if (!serving || replicasOf(serving.data) === 0) return [];
  const instances = serving.instanceIds.map((instanceId, i): InstanceRecord => {
    const dtStarted = iso(serving.applyAt);
    if (serving.failedInstance && i === 0) {
      return { id: instanceId, state: "failed", message: serving.failedInstance, dtStarted };
    }
    if (serving.unhealthy)
      return { id: instanceId, state: "unhealthy", message: serving.unhealthy, dtStarted };
    return now >= serving.healthyAt
      ? { id: instanceId, state: "running", message: null, dtStarted }
      : { id: instanceId, state: "starting", message: null, dtStarted };
  });
  const ready = instances.filter((i) => i.state === "running").length;
  return [
    {
      id: serving.runId,
      replicas: instances.length,
      readyReplicas: ready,
      availableReplicas: ready,
      instances,
    },
  ];
}

/** Replicas a spec asks for: none when disabled, one when unsaid. */
export function replicasOf(data: SpecData): number {
  return data.enabled === false ? 0 : (data.resources.replicas ?? 1);
}

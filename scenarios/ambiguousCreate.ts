/**
 * The ambiguous create: the API does the /add and the answer is lost; in the second variant the lookup
 * that follows misses it once, so the retried /add is refused as "already exists". Either way the provider
 * must continue with the deployment it created: one deployment, recorded, no error. No test framework here.
 */
import { createEmulator, type Emulator, type FaultSpec } from "../emulator";
import { PROVIDER_KEY } from "../provider/core/dynamic";
import { DedicatedDeploymentProvider } from "../provider/roboflow/provider";

export interface AmbiguousCreateResult {
  variant: string;
  error?: string;
  /** Deployments of that name the emulator ever created. */
  records: number;
  addCalls: number;
  recorded: boolean;
}

const KEY = "rfk-ambiguous-0c4e";

const variants: Array<[string, FaultSpec[]]> = [
  ["answer to /add lost", [{ endpoint: "POST /add", kind: "loseResponse", count: 1 }]],
  [
    "answer lost, lookup misses, retry refused 409",
    [
      { endpoint: "POST /add", kind: "loseResponse", count: 1 },
      // The first 404 answers the lookup made before /add (the name is free), the second the one after it.
      { endpoint: "GET /get", kind: "status", status: 404, body: "deployment not found", count: 2 },
    ],
  ],
  ["/add did the work, answer unreadable", [{ endpoint: "POST /add", kind: "malformedJson", count: 1 }]],
];

export async function runAmbiguousCreates(): Promise<AmbiguousCreateResult[]> {
  const emulator = await createEmulator({
    apiKey: KEY,
    timing: { pendingMs: 30, resumeMs: 30, deleteMs: 30 },
  });
  try {
    const results: AmbiguousCreateResult[] = [];
    for (const [index, [variant, faults]] of variants.entries()) {
      results.push(await runVariant(emulator, variant, faults, `ambiguous-${index}`));
    }
    return results;
  } finally {
    await emulator.close();
  }
}

async function runVariant(emulator: Emulator, variant: string, faults: FaultSpec[], name: string) {
  const provider = new DedicatedDeploymentProvider({
    env: {},
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 20))),
    log: () => undefined,
  });
  const config: Record<string, string> = { "roboflow:apiKey": KEY, "roboflow:apiUrl": emulator.url };
  await provider.configure({
    config: { get: (k: string) => config[k], require: (k: string) => config[k] ?? "" },
  });
  const inputs = (
    await provider.check(
      {},
      { deploymentName: name, machineType: "dev-gpu", creatorEmail: "ops@example.com", [PROVIDER_KEY]: "p" },
    )
  ).inputs;
  const before = emulator.requests.counts()["POST /add"] ?? 0;
  for (const fault of faults) {
    emulator.faults.add(fault);
  }
  let error: string | undefined;
  let recorded = false;
  try {
    const created = await provider.create(inputs);
    recorded = created.id === name && created.outs.deploymentId === emulator.store.get(name)?.deployment_id;
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  emulator.faults.clear();
  return {
    variant,
    error,
    records: emulator.store
      .list({ showExpired: true, showDeleted: true })
      .filter((d) => d.deployment_name === name).length,
    addCalls: (emulator.requests.counts()["POST /add"] ?? 0) - before,
    recorded,
  };
}

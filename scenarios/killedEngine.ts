/**
 * A `pulumi up` killed mid-create, as a cancelled CI job is (SIGKILL of the CLI's whole process group), on
 * either path: a JavaScript program (the SDK's dynamic provider host runs our implementation) and a YAML
 * program (our native plugin). The engine starts each plugin in a process group of its own, so the kill
 * does not reach them: the figures say how many provider processes of the run are left, and whether any
 * still uses CPU. No test framework here.
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import { createEmulator, ManualClock } from "../emulator";
import { createTestStack, type TestStack } from "./engine";
import { createYamlStack } from "./native";
import { deploymentsConfig, deploymentsProgram } from "./programs";

const KEY = "rfk-kill-T3m8Qz5Wn1-unmistakable";

/** Which provider path the killed run used. */
export type ProviderPath = "dynamic" | "native";

/** A provider process of a run: the dynamic provider host or a native plugin. */
export interface ProviderProcess {
  pid: number;
  command: string;
}

export interface KilledEngineFigures {
  path: ProviderPath;
  /** Provider processes of the run alive just before the kill (at least one, or the run was not mid-create). */
  before: number;
  /** Provider processes of the run still alive 10 s after the kill. */
  leftover: number;
  /** Of those, the ones that used CPU over the following second. */
  busy: number;
  /** Milliseconds from the kill until no provider process of the run was left (undefined: some were left). */
  goneAfterMs?: number;
  /**
   * Other processes of the run still alive then: the engine's language host (`pulumi-language-nodejs`,
   * `-yaml`) outlives a killed CLI too; it is none of ours, and idle, but killed here like the rest.
   */
  otherLeftover: string[];
}

/** The provider processes whose environment carries `marker` (set only on the run's CLI). */
export function providerProcesses(marker: string): ProviderProcess[] {
  return runProcesses(marker).filter((p) => /pulumi-resource-|cmd\/dynamic-provider/.test(p.command));
}

/** Every live process whose environment carries `marker`: the run's plugins, language hosts included. */
function runProcesses(marker: string): ProviderProcess[] {
  const found: ProviderProcess[] = [];
  for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const environ = fs.readFileSync(`/proc/${pid}/environ`, "latin1");
      const command = fs.readFileSync(`/proc/${pid}/cmdline`, "latin1").replaceAll("\0", " ").trim();
      const zombie = fs.readFileSync(`/proc/${pid}/stat`, "latin1").split(") ")[1]?.startsWith("Z");
      if (!zombie && `${environ}\0`.includes(`\0${marker}\0`) && Number(pid) !== process.pid) {
        found.push({ pid: Number(pid), command });
      }
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

/** CPU time a process has used, in clock ticks (user + system), or undefined once it is gone. */
function cpuTicks(pid: number): number | undefined {
  try {
    const fields = (fs.readFileSync(`/proc/${pid}/stat`, "latin1").split(") ")[1] ?? "").split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts `pulumi up` on `path`, SIGKILLs the CLI's process group once the create was sent (the deployment
 * stays pending on a manual clock, so the provider is mid-wait), and counts the run's provider processes
 * for 10 s. Whatever is left is killed afterwards, so the machine is left clean either way.
 */
export async function runKilledEngine(path: ProviderPath): Promise<KilledEngineFigures> {
  const clock = new ManualClock();
  const emulator = await createEmulator({
    apiKey: KEY,
    clock,
    timing: { pendingMs: 60_000, resumeMs: 0, deleteMs: 0 },
  });
  const name = path === "dynamic" ? "kill-dynamic" : "kill-native";
  const spec = { deploymentName: name, machineType: "dev-gpu", creatorEmail: "ops@example.com" };
  const config = {
    "roboflow:apiUrl": { value: emulator.url },
    "roboflow:apiKey": { value: KEY, secret: true },
  };
  const t: TestStack =
    path === "dynamic"
      ? await createTestStack("killdyn", deploymentsProgram, { ...config, ...deploymentsConfig({ d: spec }) })
      : await createYamlStack(
          "killnative",
          { d: { type: "roboflow:index:DedicatedDeployment", properties: spec } },
          config,
        );
  const marker = `PDD_KILLED_RUN=${randomBytes(8).toString("hex")}`;
  const [key, value] = marker.split("=") as [string, string];
  try {
    const run = t.spawnCli(["up", "--yes", "--skip-preview"], { [key]: value });
    const closed = new Promise((resolve) => run.once("close", resolve));
    run.stdout?.resume();
    run.stderr?.resume();
    const deadline = Date.now() + 120_000;
    while ((emulator.requests.counts()["POST /add"] ?? 0) < 1 && Date.now() < deadline) {
      await sleep(100);
    }
    const before = providerProcesses(marker).length;
    process.kill(-(run.pid ?? 0), "SIGKILL");
    const killedAt = Date.now();
    await closed;
    let goneAfterMs: number | undefined;
    while (Date.now() - killedAt < 10_000) {
      if (goneAfterMs === undefined && providerProcesses(marker).length === 0) {
        goneAfterMs = Date.now() - killedAt;
      }
      await sleep(250);
    }
    const left = providerProcesses(marker);
    const ticks = left.map((p) => cpuTicks(p.pid));
    await sleep(1000);
    const busy = left.filter(
      (p, i) => (cpuTicks(p.pid) ?? 0) > (ticks[i] ?? Number.POSITIVE_INFINITY),
    ).length;
    const all = runProcesses(marker);
    const otherLeftover = all
      .filter((p) => !left.some((l) => l.pid === p.pid))
      .map((p) => p.command.split(" ")[0] ?? "");
    for (const p of all) {
      process.kill(p.pid, "SIGKILL");
    }
    return {
      path,
      before,
      leftover: left.length,
      busy,
      otherLeftover,
      ...(left.length === 0 ? { goneAfterMs } : {}),
    };
  } finally {
    await t.remove();
    await emulator.close();
  }
}

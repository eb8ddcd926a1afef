/**
 * The part every platform's provider implementation shares: its runtime (credentials, logging, redaction,
 * waiting), `configure`, and `check` against the platform's input schema with secret inputs never named.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { type CheckFailure, checkInputs, type Props } from "./dynamic";
import { type PlatformSettings, type ProviderEnvironment, ProviderRuntime } from "./runtime";

export abstract class PlatformProvider {
  protected readonly runtime: ProviderRuntime;

  constructor(
    settings: PlatformSettings,
    environment: ProviderEnvironment,
    private readonly inputSchema: z.ZodType,
    private readonly secretInputs: readonly string[],
  ) {
    this.runtime = new ProviderRuntime(settings, environment);
  }

  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    this.runtime.configure(req);
  }

  async check(_olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
    const { inputs, failures } = checkInputs(this.inputSchema, news);
    return this.runtime.checkResult(
      news,
      inputs,
      failures.map((f) => hideSecretFailure(f, this.secretInputs)),
    );
  }
}

/**
 * The engine prints the value of the property a failure names: a failure on a secret input names no
 * property, and says which input in its reason instead.
 */
export function hideSecretFailure(failure: CheckFailure, secretInputs: readonly string[]): CheckFailure {
  const top = failure.property.split(".")[0] ?? "";
  if (!secretInputs.includes(top)) {
    return failure;
  }
  return { property: "", reason: `${failure.property}: ${failure.reason} (its value is not shown)` };
}

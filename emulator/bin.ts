#!/usr/bin/env node
/**
 * Runs a Roboflow Dedicated Deployments (or, with `--platform paperspace`, a Paperspace Deployments; with
 * `--platform nx1`, an NX1 model deployments) emulator until SIGINT or SIGTERM, for stacks and clients that
 * should work offline: point them at the printed URL with the printed API key.
 */
import { parseArgs } from "node:util";
import { createEmulator } from "./app";

const USAGE = `Usage: pulumi-dedicated-deployments-emulator [options]

  --platform <name>  roboflow (default), paperspace or nx1
  --port <n>         port to listen on (default 8080; 0 picks a free one)
  --host <address>   interface to listen on (default 127.0.0.1)
  --api-key <key>    the API key to accept (default emulator-key)
  --pending-ms <n>   how long a new deployment stays pending (default 3000)
  --resume-ms <n>    how long a resumed deployment stays pending (default 2000)
  --delete-ms <n>    how long a deleted deployment stays deleting (default 1000)
  --apply-ms <n>     paperspace: how long until an upserted spec is applied (default 2000)
  --ready-ms <n>     paperspace: how long from applied to healthy (default 3000)
                     nx1: how long the last online replica takes after active (default 1000)
  --deploy-ms <n>    nx1: how long a deployment stays deploying after pending (default 2000)
                     (nx1 also takes --pending-ms, default 1000, and --delete-ms, default 1000)
  --no-delete        nx1: DELETE answers 405, as an NX1 without the assumed delete endpoint
  --quiet            do not print one line per request
  --help             show this help`;

function toNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`--${flag} needs a non-negative integer, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      platform: { type: "string" },
      port: { type: "string" },
      host: { type: "string" },
      "api-key": { type: "string" },
      "pending-ms": { type: "string" },
      "resume-ms": { type: "string" },
      "delete-ms": { type: "string" },
      "apply-ms": { type: "string" },
      "ready-ms": { type: "string" },
      "deploy-ms": { type: "string" },
      "no-delete": { type: "boolean" },
      quiet: { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const platform = values.platform ?? "roboflow";
  if (platform !== "roboflow" && platform !== "paperspace" && platform !== "nx1") {
    throw new Error(`--platform must be roboflow, paperspace or nx1, got "${platform}"`);
  }
  const common = {
    host: values.host ?? "127.0.0.1",
    port: toNumber("port", values.port) ?? 8080,
    apiKey: values["api-key"],
    log: values.quiet ? undefined : (line: string) => console.error(line),
  };
  const emulator =
    platform === "nx1"
      ? await createEmulator({
          ...common,
          platform,
          deleteAllowed: !values["no-delete"],
          timing: {
            pendingMs: toNumber("pending-ms", values["pending-ms"]),
            deployMs: toNumber("deploy-ms", values["deploy-ms"]),
            readyMs: toNumber("ready-ms", values["ready-ms"]),
            deleteMs: toNumber("delete-ms", values["delete-ms"]),
          },
        })
      : platform === "paperspace"
        ? await createEmulator({
            ...common,
            platform,
            timing: {
              applyMs: toNumber("apply-ms", values["apply-ms"]),
              readyMs: toNumber("ready-ms", values["ready-ms"]),
            },
          })
        : await createEmulator({
            ...common,
            platform,
            timing: {
              pendingMs: toNumber("pending-ms", values["pending-ms"]),
              resumeMs: toNumber("resume-ms", values["resume-ms"]),
              deleteMs: toNumber("delete-ms", values["delete-ms"]),
            },
          });
  console.log(`${platform} emulator listening on ${emulator.url} (api key: ${emulator.apiKey})`);
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: Error) => {
  console.error(`${error.message}\n\n${USAGE}`);
  process.exit(2);
});

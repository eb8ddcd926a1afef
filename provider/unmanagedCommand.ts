#!/usr/bin/env node
/**
 * `pulumi-dedicated-deployments-unmanaged <platform>`: lists the deployments a platform's API holds that no
 * resource of a stack manages, reading the stack from standard input as `pulumi stack export` writes it:
 *
 *     pulumi stack export --stack dev | npx pulumi-dedicated-deployments-unmanaged roboflow
 *
 * The ids the stack's resources of that platform record (dynamic and native alike) are handed to the
 * platform's `listUnmanagedDeployments` lookup, with the key and URL from the environment
 * (`ROBOFLOW_API_KEY`, `ROBOFLOW_API_URL`, ...). NX1 lists per model: `--model churn` (repeatable). Prints one
 * line per deployment (`id status name`) and exits 0; 2 on a usage error, 1 when the lookup fails.
 */
import { parseArgs } from "node:util";
import { managedIdsOf, UnmanagedResult } from "./core/unmanaged";
import { descriptorOf, type Platform, platformNames } from "./platforms";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { model: { type: "string", multiple: true } },
  });
  const name = positionals[0] as Platform | undefined;
  if (!name || !platformNames().includes(name)) {
    process.stderr.write(
      `usage: pulumi stack export | pulumi-dedicated-deployments-unmanaged <${platformNames().join("|")}> ` +
        "[--model <nx1 model> ...]\n",
    );
    return 2;
  }
  const platform = descriptorOf(name);
  const { envPrefix, defaultApiUrl } = platform.settings;
  const apiKey = process.env[`${envPrefix}_API_KEY`];
  const apiUrl = process.env[`${envPrefix}_API_URL`] || defaultApiUrl;
  if (!apiKey || !apiUrl) {
    process.stderr.write(`set ${envPrefix}_API_KEY${defaultApiUrl ? "" : ` and ${envPrefix}_API_URL`}\n`);
    return 2;
  }
  const { module, type } = platform.implementation;
  const managedIds = managedIdsOf(JSON.parse(await readStdin()), [
    `pulumi-nodejs:dynamic/${module}:${type}`,
    `${name}:index:${type}`,
  ]);
  const lookup = platform.lookups.listUnmanagedDeployments;
  if (!lookup) {
    process.stderr.write(`${name} has no listUnmanagedDeployments lookup\n`);
    return 2;
  }
  const args = name === "nx1" ? { managedIds, models: values.model ?? [] } : { managedIds };
  const result = await lookup.run({ apiKey, apiUrl }, lookup.inputs.parse(args));
  const { deployments } = UnmanagedResult.parse(result);
  for (const d of deployments) {
    process.stdout.write(`${d.id}\t${d.status}\t${d.name}\n`);
  }
  process.stderr.write(
    `${deployments.length} deployment(s) in the ${name} API that none of the stack's ${managedIds.length} ` +
      `${type} resource(s) manages\n`,
  );
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);

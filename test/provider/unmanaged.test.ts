/**
 * What is left over is found: each platform's `listUnmanagedDeployments` lookup lists the live deployments
 * its API holds that none of a stack's ids names, and `pulumi-dedicated-deployments-unmanaged` does the same
 * from a `pulumi stack export` on its standard input.
 */
import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import { createEmulator } from "../../emulator";
import { functions as nx1 } from "../../provider/nx1/functions";
import { functions as paperspace } from "../../provider/paperspace/functions";
import { functions as roboflow } from "../../provider/roboflow/functions";
import { connect } from "../../provider/shipyard/client";
import { functions as shipyard } from "../../provider/shipyard/functions";

const KEY = "unmanaged-key-3Gq8Zt-do-not-print";
const robo = (name: string) => ({
  deployment_name: name,
  machine_type: "dev-gpu",
  creator_email: "ops@example.com",
  duration: 3,
  inference_version: "latest",
  min_replicas: 1,
  max_replicas: 1,
  delete_on_expiration: true,
});

test("Roboflow: the deployments no id of the stack names, deleted ones left out", async () => {
  const emulator = await createEmulator({ apiKey: KEY });
  try {
    for (const name of ["kept-one", "left-over", "gone-one"]) emulator.store.add(robo(name));
    emulator.store.deleteOutOfBand("gone-one");
    const result = await roboflow.listUnmanagedDeployments.run(
      { apiKey: KEY, apiUrl: emulator.url },
      { managedIds: ["kept-one"] },
    );
    expect(result.deployments.map((d) => d.id)).toEqual(["left-over"]);

    // The same from a stack export, through the command a user runs.
    const stackExport = {
      deployment: {
        resources: [
          { type: "pulumi-nodejs:dynamic/roboflow:DedicatedDeployment", id: "kept-one" },
          { type: "paperspace:index:Deployment", id: "left-over" },
        ],
      },
    };
    // Run asynchronously: the emulator answering the command lives in this process.
    const command = promisify(execFile)(
      process.execPath,
      [
        "-r",
        "ts-node/register/transpile-only",
        path.join(__dirname, "../../provider/unmanagedCommand.ts"),
        "roboflow",
      ],
      { env: { ...process.env, ROBOFLOW_API_KEY: KEY, ROBOFLOW_API_URL: emulator.url }, encoding: "utf8" },
    );
    command.child.stdin?.end(JSON.stringify(stackExport));
    const printed = (await command).stdout;
    expect(
      printed
        .trim()
        .split("\n")
        .map((line) => line.split("\t")[0]),
    ).toEqual(["left-over"]);
  } finally {
    await emulator.close();
  }
});

test("Shipyard, Paperspace and NX1: the same, by each API's id", async () => {
  const sy = await createEmulator({ platform: "shipyard", apiKey: KEY, tier: "enterprise" });
  const ps = await createEmulator({ platform: "paperspace", apiKey: KEY });
  const nx = await createEmulator({ platform: "nx1", apiKey: KEY });
  try {
    const client = connect({ apiKey: KEY, apiUrl: sy.url });
    await client.createFromImage({ image: "myapp:v1", name: "managed-web" });
    await client.createFromImage({ image: "myapp:v1", name: "stray-web" });
    const stray = await shipyard.listUnmanagedDeployments.run(
      { apiKey: KEY, apiUrl: sy.url },
      { managedIds: ["managed-web"] },
    );
    expect(stray.deployments.map((d) => d.id)).toEqual(["stray-web"]);

    const spec = {
      image: "paperspace/fastapi-deployment:latest",
      resources: { machineType: "C4", replicas: 1 },
    };
    const kept = ps.store.upsert({ projectId: "pr1emulat", config: { ...spec, name: "kept" } as never });
    const left = ps.store.upsert({ projectId: "pr1emulat", config: { ...spec, name: "left" } as never });
    const psResult = await paperspace.listUnmanagedDeployments.run(
      { apiKey: KEY, apiUrl: ps.url },
      { managedIds: [kept] },
    );
    expect(psResult.deployments.map((d) => d.id)).toEqual([left]);

    const body = { model: { model_version: "3" }, type: "online", domain: "marketing", owner: "ml-team" };
    nx.store.create("churn", { ...body, name: "kept-nx" } as never);
    nx.store.create("churn", { ...body, name: "left-nx" } as never);
    const nxResult = await nx1.listUnmanagedDeployments.run(
      { apiKey: KEY, apiUrl: nx.url },
      { models: ["churn"], managedIds: ["churn/kept-nx"] },
    );
    expect(nxResult.deployments.map((d) => d.id)).toEqual(["churn/left-nx"]);
  } finally {
    await Promise.all([sy.close(), ps.close(), nx.close()]);
  }
});

/**
 * Paperspace's lookups as a native provider serves them: invokes named `paperspace:index:<name>`, with the
 * provider's configured key and URL.
 */
import { z } from "zod";
import { nativeFunction } from "../native/functions";
import type { DeploymentInfo } from "./api";
import { PaperspaceClient } from "./client";

/** A deployment as a lookup returns it. */
const DeploymentResult = z.strictObject({
  id: z.string().describe("The API's ID of the deployment."),
  name: z.string(),
  projectId: z.string(),
  endpoint: z.string().describe("The host name the deployment is served at."),
  url: z.string().describe("`https://` + endpoint."),
  latestSpecHash: z.string().optional(),
  externalApplied: z.string().optional().describe("When the latest spec was applied, absent until it is."),
  dtHealthy: z
    .string()
    .optional()
    .describe("When the latest spec was marked healthy, absent while it is not."),
});

function result(d: DeploymentInfo): z.input<typeof DeploymentResult> {
  return JSON.parse(
    JSON.stringify({
      id: d.id,
      name: d.name,
      projectId: d.projectId,
      endpoint: d.endpoint,
      url: `https://${d.endpoint}`,
      latestSpecHash: d.latestSpecHash ?? undefined,
      externalApplied: d.latestSpec?.externalApplied ?? undefined,
      dtHealthy: d.latestSpec?.dtHealthy ?? undefined,
    }),
  );
}

export const functions = {
  getDeployment: nativeFunction({
    description: "One deployment, as the API reports it now.",
    inputs: z.strictObject({ id: z.string().describe("The deployment's ID.") }),
    outputs: DeploymentResult,
    run: async (credentials, args) => result(await new PaperspaceClient(credentials).getDeployment(args.id)),
  }),
  listDeployments: nativeFunction({
    description:
      "Every deployment the key can see, or a project's (those whose name contains `name`); all pages.",
    inputs: z.strictObject({ projectId: z.string().optional(), name: z.string().optional() }),
    outputs: z.strictObject({ deployments: z.array(DeploymentResult) }),
    run: async (credentials, args) => {
      const client = new PaperspaceClient(credentials);
      const found =
        args.projectId === undefined
          ? await client.listDeployments()
          : await client.listProjectDeployments(args.projectId, { name: args.name });
      return { deployments: found.map(result) };
    },
  }),
};

/**
 * NX1's lookup as a native provider serves it: the invoke `nx1:index:getModelDeployment`, with the
 * provider's configured key and URL (required: NX1 has no public default).
 */
import { z } from "zod";
import { fromApi } from "../core/fields";
import { lookup } from "../core/lookupDefinition";
import { unmanagedLookup } from "../core/unmanaged";
import { Nx1Client } from "./client";
import { idOf } from "./mapping";
import { DeploymentResult } from "./schema";

export const functions = {
  getModelDeployment: lookup({
    description: "One deployment of a model, as the API reports it now.",
    inputs: z.strictObject({
      model: z.string().describe("The registered model's name."),
      name: z.string().describe("The deployment's name."),
    }),
    outputs: DeploymentResult,
    run: async (credentials, args) => {
      const client = new Nx1Client(credentials);
      return fromApi(DeploymentResult, await client.getDeployment(args.model, args.name));
    },
  }),
  listUnmanagedDeployments: unmanagedLookup(
    { models: z.array(z.string()).describe("The registered models whose deployments to list.") },
    async (credentials, args) => {
      const client = new Nx1Client(credentials);
      const lists = await Promise.all(args.models.map((model) => client.listDeployments(model)));
      return lists
        .flat()
        .filter((d) => d.status !== "archived")
        .map((d) => ({ id: idOf(d.model.model_name, d.name), name: d.name, status: d.status }));
    },
  ),
};

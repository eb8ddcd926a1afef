/**
 * The translation between a Deployment's inputs and the API's spec, both ways, and the resource's outputs:
 * the fields the schema declares with a wire name travel as they are; ports, resources and env change shape.
 */
import type { EngineProps } from "../core/dynamic";
import { inputsFromApi, toWire } from "../core/fields";
import { OWNER_ENV, withOwner, withoutOwner } from "../core/ownership";
import { API_VERSION, type DeploymentInfo, type Run, type SpecRequest } from "./api";
import { DeploymentInputs, type DeploymentOutputs, defaults } from "./schema";

type Inputs = DeploymentInputs;

/**
 * The spec the upsert sends: the inputs in the API's shape, undefined values left out; its env carries the
 * resource's marker, given `owner` (core/ownership.ts).
 */
export function specRequest(args: Inputs, owner?: string): SpecRequest {
  const env = owner === undefined ? args.env : withOwner(args.env, owner);
  const { machineType, replicas, autoscaling } = args.resources;
  const spec: SpecRequest = {
    apiVersion: API_VERSION,
    ...toWire(DeploymentInputs, args),
    resources: {
      machineType,
      ports: args.ports ?? (args.port === undefined ? [] : [args.port]),
      replicas,
      autoscaling,
    },
    env: env && Object.entries(env).map(([name, value]) => ({ name, value })),
  };
  return JSON.parse(JSON.stringify(spec)); // leaves out what is undefined
}

/** What a refresh knows: the live spec where the API returns one, the stored inputs for the rest. */
export function inputsFromSpec(stored: EngineProps<DeploymentOutputs>, info: DeploymentInfo): Inputs {
  const data = info.latestSpec?.data ?? undefined;
  const known = {
    ...inputsFromApi(DeploymentInputs, stored, data),
    projectId: info.projectId,
    name: info.name,
  };
  if (!data) {
    return known;
  }
  const ports = data.resources?.ports ?? (data.port === undefined ? undefined : [data.port]);
  const onePort = stored.port !== undefined && ports?.length === 1;
  const autoscaling = data.resources?.autoscaling as Inputs["resources"]["autoscaling"];
  return {
    ...known,
    port: onePort ? ports?.[0] : undefined,
    ports: onePort ? undefined : (ports ?? stored.ports),
    resources: {
      machineType:
        data.resources?.machineType ?? data.resources?.instanceType ?? stored.resources?.machineType ?? "",
      replicas: data.resources?.replicas ?? defaults.replicas,
      ...(autoscaling ? { autoscaling } : {}),
    },
    env: declaredEnv(data.env, stored.env),
  };
}

/** The env of a spec as declared: the marker left out, and none at all where none was declared. */
function declaredEnv(
  env: ReadonlyArray<{ name: string; value: string }> | null | undefined,
  stored: unknown,
): Record<string, string> | undefined {
  if (!env) {
    return undefined;
  }
  const declared = withoutOwner(Object.fromEntries(env.map((e) => [e.name, e.value])));
  return Object.keys(declared).length === 0 && stored === undefined ? undefined : declared;
}

/** The marker the deployment's latest spec carries in its env, if any. */
export function ownerOfSpec(info: DeploymentInfo): string | undefined {
  return info.latestSpec?.data?.env?.find((e) => e.name === OWNER_ENV)?.value;
}

/** The replicas the active runs want, and how many of them are ready. */
export function countReplicas(runs: Run[]) {
  return runs.reduce(
    (sum, run) => ({
      replicas: sum.replicas + run.replicas,
      readyReplicas: sum.readyReplicas + run.readyReplicas,
    }),
    { replicas: 0, readyReplicas: 0 },
  );
}

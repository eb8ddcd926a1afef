/**
 * Invalid inputs of a DedicatedDeployment, each with the property its failure must name. Shared by the
 * provider test (check), the end-to-end test (a real `pulumi preview`) and the reliability report.
 */
export interface BadInput {
  /** What is wrong, in words. */
  what: string;
  /** Changes to a valid set of inputs (a key set to `undefined` is removed). */
  change: Record<string, unknown>;
  /** The property the failure must name. */
  property: string;
}

export const validInputs = {
  deploymentName: "good-name",
  machineType: "dev-gpu",
  creatorEmail: "ops@example.com",
} as const;

export const badInputs: BadInput[] = [
  { what: "name too short", change: { deploymentName: "abcd" }, property: "deploymentName" },
  { what: "name too long", change: { deploymentName: "abcdefghijklmnop" }, property: "deploymentName" },
  { what: "name uppercase", change: { deploymentName: "Dev-Testing" }, property: "deploymentName" },
  { what: "name leading digit", change: { deploymentName: "1dev-test" }, property: "deploymentName" },
  { what: "name underscore", change: { deploymentName: "dev_testing" }, property: "deploymentName" },
  { what: "name with a space", change: { deploymentName: "dev testing" }, property: "deploymentName" },
  { what: "name leading hyphen", change: { deploymentName: "-devtesting" }, property: "deploymentName" },
  { what: "name not a string", change: { deploymentName: 12345 }, property: "deploymentName" },
  { what: "name missing", change: { deploymentName: undefined }, property: "deploymentName" },
  { what: "machine type empty", change: { machineType: "" }, property: "machineType" },
  { what: "machine type missing", change: { machineType: undefined }, property: "machineType" },
  { what: "machine type not a string", change: { machineType: ["dev-gpu"] }, property: "machineType" },
  { what: "email empty", change: { creatorEmail: "" }, property: "creatorEmail" },
  { what: "email malformed", change: { creatorEmail: "ops.example.com" }, property: "creatorEmail" },
  { what: "email missing", change: { creatorEmail: undefined }, property: "creatorEmail" },
  { what: "duration zero", change: { duration: 0 }, property: "duration" },
  { what: "duration negative", change: { duration: -2 }, property: "duration" },
  { what: "duration not numeric", change: { duration: "three" }, property: "duration" },
  { what: "minReplicas zero", change: { minReplicas: 0 }, property: "minReplicas" },
  { what: "minReplicas fractional", change: { minReplicas: 1.5, maxReplicas: 3 }, property: "minReplicas" },
  { what: "maxReplicas fractional", change: { maxReplicas: 2.5 }, property: "maxReplicas" },
  { what: "maxReplicas not numeric", change: { maxReplicas: "two" }, property: "maxReplicas" },
  { what: "min greater than max", change: { minReplicas: 3, maxReplicas: 2 }, property: "minReplicas" },
  { what: "inference version malformed", change: { inferenceVersion: "v1.2" }, property: "inferenceVersion" },
  { what: "inference version partial", change: { inferenceVersion: "0.45" }, property: "inferenceVersion" },
  { what: "paused not boolean", change: { paused: "yes" }, property: "paused" },
  {
    what: "deleteOnExpiration not boolean",
    change: { deleteOnExpiration: 1 },
    property: "deleteOnExpiration",
  },
  { what: "ready timeout zero", change: { readyTimeoutMinutes: 0 }, property: "readyTimeoutMinutes" },
  { what: "unknown field", change: { replicas: 2 }, property: "replicas" },
  { what: "misspelled field", change: { machinetype: "dev-gpu" }, property: "machinetype" },
];

/** The inputs of one bad case. */
export function inputsOf(bad: BadInput): Record<string, unknown> {
  const inputs: Record<string, unknown> = { ...validInputs, ...bad.change };
  for (const [key, value] of Object.entries(bad.change)) {
    if (value === undefined) {
      delete inputs[key];
    }
  }
  return inputs;
}

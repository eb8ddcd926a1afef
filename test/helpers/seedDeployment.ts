/**
 * The `/add` answer for `dev-testing` as the API document shows it (seed 000), with the values the emulator
 * gives by default: the fixture of the client's unit tests and the emulator's expected answer alike.
 */
export const seedDeployment = {
  deployment_name: "dev-testing",
  machine_type: "dev-gpu",
  creator_email: "dev@example.com",
  subdomain: "dev-testing",
  domain: "dev-testing.roboflow.cloud",
  duration: 3,
  inference_version: "0.45.0",
  min_replicas: 1,
  max_replicas: 1,
  num_replicas: 0,
  status: "pending",
} as const;

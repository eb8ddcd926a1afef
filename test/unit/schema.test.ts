import { Deployment, DeploymentList } from "../../provider/roboflow/api";
import { DedicatedDeploymentInputs } from "../../provider/roboflow/schema";

const valid = { deploymentName: "dev-testing", machineType: "dev-gpu", creatorEmail: "dev@example.com" };

/** The properties zod names when `input` is rejected. */
function rejected(input: Record<string, unknown>): string[] {
  const result = DedicatedDeploymentInputs.safeParse(input);
  expect(result.success).toBe(false);
  return (result.error?.issues ?? []).flatMap((i) =>
    i.code === "unrecognized_keys" ? i.keys : [i.path.join(".")],
  );
}

function accepted(input: Record<string, unknown>) {
  const result = DedicatedDeploymentInputs.safeParse(input);
  expect(result.error?.issues ?? []).toEqual([]);
  return result.data as DedicatedDeploymentInputs;
}

describe("DedicatedDeploymentInputs", () => {
  test("applies the API's defaults and the client-side defaults", () => {
    expect(accepted(valid)).toEqual({
      ...valid,
      duration: 3,
      inferenceVersion: "latest",
      minReplicas: 1,
      maxReplicas: 1,
      paused: false,
      waitForReady: true,
      readyTimeoutMinutes: 20,
      adopt: false,
    });
  });

  test("leaves deleteOnExpiration and apiKey out when they are not given", () => {
    const parsed = accepted(valid);
    expect("deleteOnExpiration" in parsed).toBe(false);
    expect("apiKey" in parsed).toBe(false);
  });

  test.each(["abcde", "dev-testing", "a1234", "abcdefghijklmno", "a-b-c-d"])(
    "accepts the name %s",
    (name) => {
      accepted({ ...valid, deploymentName: name });
    },
  );

  test.each([
    ["four characters", "abcd"],
    ["sixteen characters", "abcdefghijklmnop"],
    ["an uppercase letter", "Dev-testing"],
    ["a leading digit", "1devtesting"],
    ["a leading hyphen", "-devtesting"],
    ["an underscore", "dev_testing"],
    ["a space", "dev testing"],
    ["an empty string", ""],
  ])("rejects a name with %s", (_why, name) => {
    expect(rejected({ ...valid, deploymentName: name })).toEqual(["deploymentName"]);
  });

  test("rejects a name that is not a string", () => {
    expect(rejected({ ...valid, deploymentName: 12345 })).toEqual(["deploymentName"]);
  });

  test.each(["dev", "dev@", "@example.com", "dev example@example.com", ""])(
    "rejects the email %j",
    (email) => {
      expect(rejected({ ...valid, creatorEmail: email })).toEqual(["creatorEmail"]);
    },
  );

  test("requires deploymentName, machineType and creatorEmail", () => {
    expect(rejected({}).sort()).toEqual(["creatorEmail", "deploymentName", "machineType"]);
  });

  test("rejects an empty machine type", () => {
    expect(rejected({ ...valid, machineType: "" })).toEqual(["machineType"]);
  });

  test.each([0.1, 1, 3, 6, 8, 48])("accepts a duration of %d hours, with no cap at 6", (duration) => {
    expect(accepted({ ...valid, duration }).duration).toBe(duration);
  });

  test.each([0, -1, -0.5])("rejects a duration of %d hours", (duration) => {
    expect(rejected({ ...valid, duration })).toEqual(["duration"]);
  });

  test("rejects a duration given as a string", () => {
    expect(rejected({ ...valid, duration: "3" })).toEqual(["duration"]);
  });

  test.each(["minReplicas", "maxReplicas"])("rejects a fractional, zero or negative %s", (key) => {
    for (const value of [1.5, 0, -1]) {
      expect(rejected({ ...valid, minReplicas: 1, maxReplicas: 5, [key]: value })).toContain(key);
    }
  });

  test("accepts equal minReplicas and maxReplicas, and min below max", () => {
    accepted({ ...valid, minReplicas: 2, maxReplicas: 2 });
    accepted({ ...valid, minReplicas: 1, maxReplicas: 4 });
  });

  test("rejects minReplicas above maxReplicas, naming minReplicas", () => {
    const result = DedicatedDeploymentInputs.safeParse({ ...valid, minReplicas: 3, maxReplicas: 2 });
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: ["minReplicas"], message: "must not be more than maxReplicas" }),
    ]);
  });

  test("rejects a minReplicas above the default maxReplicas of 1", () => {
    expect(rejected({ ...valid, minReplicas: 2 })).toEqual(["minReplicas"]);
  });

  test.each(["latest", "0.45.0", "1.2.3", "10.20.30"])("accepts the inference version %s", (version) => {
    expect(accepted({ ...valid, inferenceVersion: version }).inferenceVersion).toBe(version);
  });

  test.each(["Latest", "0.45", "v0.45.0", "0.45.0-rc1", "1.2.3.4", ""])(
    "rejects the inference version %j",
    (version) => {
      expect(rejected({ ...valid, inferenceVersion: version })).toEqual(["inferenceVersion"]);
    },
  );

  test("rejects unknown fields, naming each", () => {
    expect(rejected({ ...valid, region: "eu", machine_type: "dev-gpu" }).sort()).toEqual([
      "machine_type",
      "region",
    ]);
  });

  test.each([
    ["paused", "yes"],
    ["waitForReady", 1],
    ["adopt", "true"],
    ["deleteOnExpiration", "false"],
    ["readyTimeoutMinutes", 0],
    ["apiKey", ""],
  ])("rejects %s = %j", (key, value) => {
    expect(rejected({ ...valid, [key]: value })).toEqual([key]);
  });
});

const apiDeployment = {
  deployment_id: "IwzJ5YLQ0iDhwzqoh3Ae",
  deployment_name: "dev-testing",
  machine_type: "dev-gpu",
  creator_email: "dev@example.com",
  creator_id: "user",
  subdomain: "dev-testing",
  domain: "dev-testing.roboflow.cloud",
  duration: 3.0,
  inference_version: "0.45.0",
  max_replicas: 1,
  min_replicas: 1,
  num_replicas: 0,
  status: "pending",
  workspace_id: "ws",
  workspace_url: "my-workspace",
};

describe("Deployment", () => {
  test("accepts the documented /add response and keeps unknown fields", () => {
    const parsed = Deployment.parse({ ...apiDeployment, region: "us" });
    expect(parsed).toEqual({ ...apiDeployment, region: "us" });
  });

  test("accepts a deployment without the optional creator and workspace fields", () => {
    const { creator_email, creator_id, workspace_id, workspace_url, ...rest } = apiDeployment;
    expect(Deployment.safeParse(rest).success).toBe(true);
  });

  test("rejects a deployment without a status", () => {
    const { status, ...rest } = apiDeployment;
    expect(Deployment.safeParse(rest).success).toBe(false);
  });
});

describe("DeploymentList", () => {
  test("accepts a bare array", () => {
    expect(DeploymentList.parse([apiDeployment])).toEqual([apiDeployment]);
  });

  test("accepts an object with a deployments array", () => {
    expect(DeploymentList.parse({ deployments: [apiDeployment], total: 1 })).toEqual([apiDeployment]);
  });

  test("accepts an empty list in both forms", () => {
    expect(DeploymentList.parse([])).toEqual([]);
    expect(DeploymentList.parse({ deployments: [] })).toEqual([]);
  });

  test("rejects an object without a deployments array", () => {
    expect(DeploymentList.safeParse({ items: [apiDeployment] }).success).toBe(false);
  });
});

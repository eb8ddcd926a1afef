/**
 * The documented Args are held to the input schema type by type, not only key by key: a field typed other
 * than the schema's input fails the build. The constants below are typed by the check's answer, so they
 * fail to compile if it changes.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { ArgsMatch } from "../../provider/core/typeCheck";
import type { DedicatedDeploymentArgs } from "../../provider/roboflow/resource";
import type { DedicatedDeploymentInputs } from "../../provider/roboflow/schema";

type Schema = z.input<typeof DedicatedDeploymentInputs>;
/** The Args with `duration` documented as a string, against the schema's number of hours. */
type StringDuration = Omit<DedicatedDeploymentArgs, "duration"> & {
  readonly duration?: pulumi.Input<string>;
};
type MissingKey = Omit<DedicatedDeploymentArgs, "paused">;

test("the Args match the schema, and a wrong type or a missing key does not", () => {
  const documented: ArgsMatch<DedicatedDeploymentArgs, Schema> = true;
  const wrongType: ArgsMatch<StringDuration, Schema> = false;
  const wrongKeys: ArgsMatch<MissingKey, Schema> = false;
  expect([documented, wrongType, wrongKeys]).toEqual([true, false, false]);
});

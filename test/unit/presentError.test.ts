import { HttpStatusError, NetworkError, ResponseFormatError, WaitError } from "../../provider/core/errors";
import { platformSettings } from "../../provider/core/platformProvider";
import { adviceFor, presentError } from "../../provider/core/presentError";
import { ProviderRuntime } from "../../provider/core/runtime";

const call = { platform: "roboflow", method: "POST", path: "/delete" };
const settings = { namespace: "roboflow", envPrefix: "ROBOFLOW", apiUrl: "http://127.0.0.1:9" };

/** The line the dynamic provider host of @pulumi/pulumi prints for a failed read or delete. */
const hostLine = (e: unknown) => `${e}: ${(e as Error).stack}`;

describe("presentError", () => {
  test("prints a 500 as one line with the API's answer once and what to do", () => {
    const error = new HttpStatusError(call, 500, "Internal Server Error");
    const shown = presentError(error, adviceFor(error, settings)) as Error;
    expect(shown.message).toBe(
      "roboflow API POST /delete failed with status 500: Internal Server Error; " +
        "the API kept failing through every retry: run the command again once it recovers",
    );
    expect(hostLine(shown)).toBe(`error: ${shown.message}`);
    expect(hostLine(shown).match(/Internal Server Error/g)).toHaveLength(1);
    expect(hostLine(shown)).not.toMatch(/HttpStatusError|\n\s+at /);
  });

  test("keeps the class, so guards that look at the name still recognise it", () => {
    const shown = presentError(new HttpStatusError(call, 409, "taken")) as HttpStatusError;
    expect(shown).toBeInstanceOf(HttpStatusError);
    expect(shown.name).toBe("HttpStatusError");
    expect(shown.status).toBe(409);
    expect(shown.message).toBe("roboflow API POST /delete failed with status 409: taken");
  });

  test("tells what to run after a key rotation when the API answers 401", () => {
    const advice = adviceFor(new HttpStatusError(call, 401, "Unauthorized"), settings);
    expect(advice).toContain("roboflow:apiKey or ROBOFLOW_API_KEY");
    expect(advice).toContain("`pulumi refresh --run-program` or `pulumi destroy --run-program`");
  });

  test.each([
    ["403", new HttpStatusError(call, 403, "Forbidden"), /may act on this deployment/],
    ["429", new HttpStatusError(call, 429, "Too Many Requests"), /--parallel/],
    [
      "no answer",
      new NetworkError(call, "ECONNREFUSED", false),
      /roboflow:apiUrl \(http:\/\/127\.0\.0\.1:9\)/,
    ],
    ["an unreadable answer", new ResponseFormatError(call, "not JSON"), /points at the roboflow API/],
  ])("advises on %s", (_, error, advice) => {
    expect(adviceFor(error, settings)).toMatch(advice);
  });

  test("gives no advice where there is none to give", () => {
    expect(adviceFor(new HttpStatusError(call, 409, "taken"), settings)).toBeUndefined();
    expect(adviceFor(new WaitError("gave up", true), settings)).toBeUndefined();
  });

  test("adds the advice once, even when an error passes through twice", () => {
    const error = new HttpStatusError(call, 500, "boom");
    const advice = adviceFor(error, settings);
    presentError(presentError(error, advice), advice);
    expect(error.message.split(advice ?? "").length).toBe(2);
  });

  test("carries the advice into the reasons of a created-but-failed error", () => {
    const error = Object.assign(new Error("gave up waiting"), {
      id: "dev-testing",
      reasons: ["gave up waiting"],
    });
    const shown = presentError(error, "run pulumi up again") as typeof error;
    expect(shown.reasons).toEqual(["gave up waiting; run pulumi up again"]);
    expect(shown.id).toBe("dev-testing");
  });

  test("leaves a programming error with its frames, which point at code that ships", () => {
    const bug = new TypeError("cannot read x of undefined");
    const stack = bug.stack;
    expect(presentError(bug, "advice")).toBe(bug);
    expect(bug.stack).toBe(stack);
    expect(hostLine(bug)).toMatch(/^TypeError: cannot read x of undefined: TypeError/);
  });
});

describe("ProviderRuntime.guard", () => {
  test("presents the error with advice and masks every key in it", async () => {
    const runtime = new ProviderRuntime(
      platformSettings("Roboflow", "roboflow", "https://api.example", {
        apiKey: "the key",
        apiUrl: "the URL",
      }),
      { env: { ROBOFLOW_API_KEY: "rf-env-key-0123456789" } },
    );
    const failure = runtime.guard(["rf-input-key-987654"], async () => {
      throw new HttpStatusError(call, 401, "key rf-input-key-987654 and rf-env-key-0123456789 are unknown");
    });
    await expect(failure).rejects.toThrow(
      /status 401: key \*\*\* and \*\*\* are unknown; check the key in roboflow:apiKey/,
    );
    const error = await failure.catch((e: unknown) => e);
    expect(hostLine(error)).not.toMatch(/rf-input-key|rf-env-key/);
    expect(hostLine(error)).toBe(`error: ${(error as Error).message}`);
  });
});

import { HttpStatusError } from "../../provider/core/errors";
import { redact, redactError } from "../../provider/core/redact";

const KEY = "rf-key-Zq81XvK3pL";

describe("redact", () => {
  test("masks a known secret wherever it occurs", () => {
    expect(redact(`key ${KEY} and again ${KEY}`, [KEY])).toBe("key *** and again ***");
  });

  test("masks api_key in a URL even when the value is not known", () => {
    expect(redact("GET https://roboflow.cloud/get?api_key=abc123&deployment_name=x")).toBe(
      "GET https://roboflow.cloud/get?api_key=***&deployment_name=x",
    );
  });

  test("masks credential fields in JSON", () => {
    expect(redact('{"api_key": "abc", "apiKey":"def", "token": "ghi", "name": "x"}')).toBe(
      '{"api_key": "***", "apiKey":"***", "token": "***", "name": "x"}',
    );
  });

  test("masks bearer tokens", () => {
    expect(redact("Authorization: Bearer eyJhbGciOi.abc-def")).toBe("Authorization: Bearer ***");
  });

  test("ignores undefined and very short secrets, which would mask ordinary words", () => {
    expect(redact("the deployment is ready", [undefined, "e", "the"])).toBe("the deployment is ready");
  });

  test("leaves text without secrets as it is", () => {
    expect(redact("deployment dev-testing already exists", [KEY])).toBe(
      "deployment dev-testing already exists",
    );
  });
});

describe("redactError", () => {
  test("masks the message and the stack, keeping the class", () => {
    const error = new HttpStatusError({ platform: "roboflow", method: "GET", path: "/get" }, 401, KEY);
    const out = redactError(error, [KEY]);
    expect(out).toBe(error);
    expect(out).toBeInstanceOf(HttpStatusError);
    expect((out as Error).message).not.toContain(KEY);
    expect((out as Error).stack).not.toContain(KEY);
  });

  test("turns a thrown non-error into a redacted Error", () => {
    const out = redactError(`bad key ${KEY}`, [KEY]);
    expect(out).toBeInstanceOf(Error);
    expect((out as Error).message).toBe("bad key ***");
  });

  test("returns an error without secrets untouched", () => {
    const error = new Error("plain");
    expect(redactError(error, [KEY])).toBe(error);
  });
});

/**
 * The shared class owns the public operations and guards each around the platform's step: a subclass that
 * writes no guard still fails with one sentence and what to do, and with no key, configured or passed as an
 * input; a subclass that defines an operation itself (a method or a class field) is refused.
 */
import type { CreateResult, EngineProps, Props } from "../../provider/core/dynamic";
import { HttpStatusError } from "../../provider/core/errors";
import { assertGuarded, PlatformProvider } from "../../provider/core/platformProvider";
import { implementationFor } from "../../provider/native/platforms";
import { platform as paperspace } from "../../provider/paperspace/platform";
import { platformNames } from "../../provider/platforms";
import { platform } from "../../provider/roboflow/platform";
import { platform as shipyard } from "../../provider/shipyard/platform";

const CONFIGURED = "rf-configured-key-0123456789";
const INPUT = "rf-input-key-9876543210";
const call = { platform: "roboflow", method: "POST", path: "/add" } as const;

/** A provider whose operations fail with the keys in the API's answer, and guard nothing themselves. */
class Unguarded extends PlatformProvider<typeof platform.inputs, Props> {
  constructor() {
    super(platform, { env: {} });
  }
  protected async createResource(_inputs: EngineProps<Props>): Promise<CreateResult<Props>> {
    throw new HttpStatusError(call, 401, `keys ${CONFIGURED} and ${INPUT} are unknown`);
  }
  protected async readResource(_id: string, _props?: EngineProps<Props>): Promise<never> {
    throw new HttpStatusError({ ...call, method: "GET", path: "/get" }, 401, `key ${CONFIGURED} is unknown`);
  }
  protected async updateResource(): Promise<never> {
    throw new Error("unreachable");
  }
  protected async deleteResource(): Promise<void> {}
}

test("an operation's error leaves the shared class redacted and with advice, though the subclass guards nothing", async () => {
  const provider = new Unguarded();
  provider.configureFrom((key) => ({ "roboflow:apiKey": CONFIGURED })[key]);
  const created = await provider.create({ apiKey: INPUT }).catch((e: Error) => e);
  expect((created as Error).message).toMatch(
    /status 401: keys \*\*\* and \*\*\* are unknown; check the key in roboflow:apiKey/,
  );
  const read = await provider.read("x", {}).catch((e: Error) => e);
  expect((read as Error).message).not.toContain(CONFIGURED);
});

/** A provider of `descriptor` whose create fails quoting every string it was given, guarding nothing itself. */
function quoting<D extends typeof paperspace | typeof shipyard>(descriptor: D) {
  return class extends PlatformProvider<D["inputs"], Props> {
    constructor() {
      super(descriptor, { env: {} });
    }
    protected async createResource(inputs: EngineProps<Props>): Promise<CreateResult<Props>> {
      throw new HttpStatusError(call, 400, `rejected ${JSON.stringify(inputs)}`);
    }
    protected async readResource(): Promise<never> {
      throw new Error("unreachable");
    }
    protected async updateResource(): Promise<never> {
      throw new Error("unreachable");
    }
    protected async deleteResource(): Promise<void> {}
  };
}

test.each([
  {
    descriptor: paperspace,
    inputs: { basicAuthKey: "ps-basic-auth-secret", env: { TOKEN: "ps-env-secret" } },
  },
  { descriptor: shipyard, inputs: { envVars: { TOKEN: "sy-env-secret" } } },
])(
  "$descriptor.name's secret inputs (an env map's values too) are redacted by the shared guard",
  async ({ descriptor, inputs }) => {
    const Provider = quoting(descriptor);
    const failed = await new Provider().create({ apiKey: INPUT, ...inputs }).catch((e: Error) => e);
    const message = (failed as Error).message;
    expect(message).toContain("rejected");
    for (const secret of [INPUT, "ps-basic-auth-secret", "ps-env-secret", "sy-env-secret"]) {
      expect(message).not.toContain(secret);
    }
    expect(message).toContain("TOKEN");
  },
);

/** A subclass that writes create as a class field, which the compiler refuses and the loaders would too. */
class FieldCreate extends Unguarded {
  // @ts-expect-error TS2425: a method of the shared class cannot be redefined as an instance property.
  create = async (): Promise<CreateResult<Props>> => {
    throw new Error(`key ${CONFIGURED} leaked`);
  };
}

/** A subclass that overrides an operation with a method of its own. */
class MethodRead extends Unguarded {
  override async read(): Promise<never> {
    throw new Error(`key ${CONFIGURED} leaked`);
  }
}

test.each([
  ["a class field create", FieldCreate, "create"],
  ["a method read", MethodRead, "read"],
])("a subclass defining %s itself is refused, since it would step around the guard", (_what, Kind, name) => {
  expect(() => assertGuarded(new Kind())).toThrow(
    new RegExp(`defines ${name} itself, which would step around the guard`),
  );
});

test.each(platformNames())(
  "%s's implementation, as the native host loads it, answers with the guarded operations",
  (name) => {
    expect(() => assertGuarded(implementationFor(name, { env: {} }))).not.toThrow();
  },
);

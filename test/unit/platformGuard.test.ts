/**
 * The shared class applies the runtime's guard around each API operation itself: a subclass that writes no
 * guard still fails with one sentence and what to do, and with no key, configured or passed as an input.
 */
import type { CreateResult, EngineProps, Props } from "../../provider/core/dynamic";
import { HttpStatusError } from "../../provider/core/errors";
import { PlatformProvider } from "../../provider/core/platformProvider";
import { platform as paperspace } from "../../provider/paperspace/platform";
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
  async create(_inputs: EngineProps<Props>): Promise<CreateResult<Props>> {
    throw new HttpStatusError(call, 401, `keys ${CONFIGURED} and ${INPUT} are unknown`);
  }
  async read(_id: string, _props?: EngineProps<Props>): Promise<never> {
    throw new HttpStatusError({ ...call, method: "GET", path: "/get" }, 401, `key ${CONFIGURED} is unknown`);
  }
  async update(): Promise<never> {
    throw new Error("unreachable");
  }
  async delete(): Promise<void> {}
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
    async create(inputs: EngineProps<Props>): Promise<CreateResult<Props>> {
      throw new HttpStatusError(call, 400, `rejected ${JSON.stringify(inputs)}`);
    }
    async read(): Promise<never> {
      throw new Error("unreachable");
    }
    async update(): Promise<never> {
      throw new Error("unreachable");
    }
    async delete(): Promise<void> {}
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

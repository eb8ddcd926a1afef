/**
 * The core create's rule for names a user chooses: a name held before the first attempt refuses the create
 * before anything is sent, so a lookup after a lost answer can only find what this create made.
 */
import { type CreateSteps, createOnce, NameTakenError } from "../../provider/core/createOnce";
import { NetworkError } from "../../provider/core/errors";

const settings = { namespace: "roboflow", envPrefix: "ROBOFLOW", nameInput: "deploymentName" };
const options = { what: "deployment dev-testing", sleep: async () => {}, log: () => {}, name: settings };

function steps(overrides: Partial<CreateSteps<string>>): CreateSteps<string> & { sent: number } {
  const counted = {
    sent: 0,
    create: async () => {
      counted.sent++;
      return "created";
    },
    find: async () => undefined,
    ...overrides,
  };
  return counted;
}

test("a name already held is refused before any create, naming the holder and the adopt settings", async () => {
  const s = steps({ holder: async () => ({ id: "dep-1", status: "ready" }) });
  const error = await createOnce(s, options).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(NameTakenError);
  expect((error as Error).message).toBe(
    "roboflow: deployment dev-testing already exists (id dep-1, status ready) and this stack did not create " +
      "it: another stack, or someone outside Pulumi, uses the name. Nothing was created or deleted. If " +
      "deployment dev-testing is yours, set adopt: true to manage it without recreating it (or run this once " +
      "with ROBOFLOW_ADOPT_EXISTING=true), or choose another deploymentName",
  );
  expect(s.sent).toBe(0);
});

test("a free name is created; a lost answer is then resolved by the lookup", async () => {
  let sent = 0;
  const s = steps({
    holder: async () => undefined,
    create: async () => {
      sent++;
      throw new NetworkError({ platform: "roboflow", method: "POST", path: "/add" }, "no answer", false);
    },
    find: async () => "found",
  });
  await expect(createOnce(s, options)).resolves.toBe("found");
  expect(sent).toBe(1);
});

test("without holder (adopting) nothing is looked up before the create", async () => {
  const s = steps({});
  await expect(createOnce(s, options)).resolves.toBe("created");
  expect(s.sent).toBe(1);
});

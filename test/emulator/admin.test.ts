import { createEmulator, type Emulator, ManualClock } from "../../emulator";
import { addBody, admin, call } from "./http";

let emulator: Emulator;
let clock: ManualClock;

beforeEach(async () => {
  clock = new ManualClock();
  emulator = await createEmulator({ clock, timing: { pendingMs: 100 } });
});
afterEach(() => emulator.close());

const add = (name = "dev-testing") => call(emulator, "POST /add", { body: addBody(name) });

test("POST /__emulator/faults arms one fault or a list of faults", async () => {
  const one = await admin(emulator, "POST /__emulator/faults", {
    endpoint: "GET /list",
    kind: "status",
    status: 503,
  });
  expect(one.status).toBe(200);
  const many = await admin(emulator, "POST /__emulator/faults", [
    { endpoint: "POST /add", kind: "html200" },
    { endpoint: "POST /add", kind: "status", status: 500, count: 2 },
  ]);
  expect((many.json as { faults: unknown[] }).faults).toHaveLength(3);
  expect((await call(emulator, "GET /list")).status).toBe(503);
  expect((await add()).status).toBe(200);
  expect((await add()).status).toBe(500);
});

test.each([
  ["malformed JSON", "{nope"],
  ["an unknown kind", JSON.stringify({ endpoint: "*", kind: "explode" })],
  ["a bad endpoint", JSON.stringify({ endpoint: "add", kind: "reset" })],
])("POST /__emulator/faults refuses %s with 400", async (_, raw) => {
  const response = await fetch(`${emulator.url}/__emulator/faults`, { method: "POST", body: raw });
  expect(response.status).toBe(400);
  expect(emulator.faults.pending()).toEqual([]);
});

test("GET and DELETE /__emulator/faults show and disarm the faults", async () => {
  emulator.faults.add({ endpoint: "GET /list", kind: "reset", count: 3 });
  const shown = await admin(emulator, "GET /__emulator/faults");
  expect(shown.json).toEqual({ faults: [{ endpoint: "GET /list", kind: "reset", count: 3, remaining: 3 }] });
  expect((await admin(emulator, "DELETE /__emulator/faults")).status).toBe(200);
  expect((await call(emulator, "GET /list")).status).toBe(200);
});

test.each([
  ["delete", 404],
  ["pause", "paused"],
  ["expire", "expired"],
  ["fail", "failed"],
])("POST /__emulator/deployments/{name}/%s changes the deployment out of band", async (action, outcome) => {
  await add();
  clock.advance(100);
  const answer = await admin(emulator, `POST /__emulator/deployments/dev-testing/${action}`);
  expect(answer.status).toBe(200);
  const get = await call(emulator, "GET /get", { query: { deployment_name: "dev-testing" } });
  if (typeof outcome === "number") expect(get.status).toBe(outcome);
  else expect((get.json as { status: string }).status).toBe(outcome);
});

test("the fail action takes an optional message for the ERROR log entry", async () => {
  await add();
  await admin(emulator, "POST /__emulator/deployments/dev-testing/fail", { message: "image pull failed" });
  const log = await call(emulator, "GET /get_log", { query: { deployment_name: "dev-testing" } });
  expect((log.json as Array<{ payload: string }>)[0].payload).toBe("ERROR: image pull failed");
});

test.each([
  ["POST /__emulator/deployments/ghost-one/pause", 404, "deployment ghost-one not found"],
  ["POST /__emulator/deployments/dev-testing/explode", 404, "unknown action explode"],
  ["GET /__emulator/nothing", 404, "no emulator admin route"],
])("%s answers %i", async (endpoint, status, text) => {
  await add();
  const answer = await admin(emulator, endpoint);
  expect(answer.status).toBe(status);
  expect(answer.text).toContain(text);
});

test("GET /__emulator/requests returns counts and entries, and admin requests are not counted", async () => {
  await add();
  await call(emulator, "GET /list");
  await call(emulator, "GET /list");
  await admin(emulator, "GET /__emulator/faults");
  const answer = await admin(emulator, "GET /__emulator/requests");
  const body = answer.json as {
    counts: Record<string, number>;
    entries: Array<{ path: string; status: number }>;
  };
  expect(body.counts).toEqual({ "POST /add": 1, "GET /list": 2 });
  expect(body.entries.map((e) => e.status)).toEqual([200, 200, 200]);
  expect(body.entries[1].path).toBe("/list?api_key=***");
});

test("POST /__emulator/reset clears deployments, faults and the request log", async () => {
  await add();
  emulator.faults.add({ endpoint: "GET /list", kind: "status", status: 500 });
  expect((await admin(emulator, "POST /__emulator/reset")).status).toBe(200);
  expect(emulator.store.live()).toEqual([]);
  expect(emulator.faults.pending()).toEqual([]);
  expect(emulator.requests.entries).toEqual([]);
  expect((await add()).status).toBe(200);
});

test("POST /__emulator/rotate-key accepts only the new key from then on, and the log hides both", async () => {
  const old = emulator.apiKey;
  expect((await call(emulator, "GET /list")).status).toBe(200);
  const rotated = await admin(emulator, "POST /__emulator/rotate-key", { apiKey: "rf-rotated-key-1" });
  expect(rotated.status).toBe(200);
  expect(emulator.apiKey).toBe("rf-rotated-key-1");
  const refused = await call(emulator, "GET /list", { key: old });
  expect(refused.status).toBe(401);
  expect((await call(emulator, "GET /list")).status).toBe(200);
  const logged = JSON.stringify(emulator.requests.entries);
  expect(logged).not.toContain(old);
  expect(logged).not.toContain("rf-rotated-key-1");
});

test("rotateKey refuses the old key in process too, and POST rotate-key refuses a body without a key", async () => {
  const old = emulator.apiKey;
  emulator.rotateKey("rf-rotated-key-2");
  expect((await call(emulator, "GET /list", { key: old })).status).toBe(401);
  expect((await call(emulator, "GET /list")).status).toBe(200);
  expect((await admin(emulator, "POST /__emulator/rotate-key", {})).status).toBe(400);
  expect(emulator.apiKey).toBe("rf-rotated-key-2");
});

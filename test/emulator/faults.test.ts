import { createEmulator, type Emulator, ManualClock } from "../../emulator";
import { addBody, call } from "./http";

let emulator: Emulator;

beforeEach(async () => {
  emulator = await createEmulator({ clock: new ManualClock() });
});
afterEach(() => emulator.close());

const add = (name = "dev-testing") => call(emulator, "POST /add", { body: addBody(name) });

test("a status fault answers its status with a plain-string body and Retry-After, without performing the call", async () => {
  emulator.faults.add({
    endpoint: "POST /add",
    kind: "status",
    status: 503,
    retryAfterSeconds: 2,
    body: "try later",
  });
  const answer = await add();
  expect([answer.status, answer.text, answer.headers.get("retry-after")]).toEqual([503, "try later", "2"]);
  expect(answer.contentType).toMatch(/^text\/plain/);
  expect(emulator.store.live()).toEqual([]);
  expect((await add()).status).toBe(200);
});

test.each([
  [500, "Internal Server Error"],
  [503, "Service Unavailable"],
  [429, "Too Many Requests"],
  [418, "Error"],
])("a status %i fault without a body answers %j", async (status, text) => {
  emulator.faults.add({ endpoint: "GET /list", kind: "status", status });
  const answer = await call(emulator, "GET /list");
  expect([answer.status, answer.text, answer.headers.get("retry-after")]).toEqual([status, text, null]);
});

test("a fault fires on the next count matching calls, then disarms", async () => {
  emulator.faults.add({ endpoint: "GET /list", kind: "status", status: 500, count: 2 });
  const statuses = [];
  for (let i = 0; i < 3; i++) statuses.push((await call(emulator, "GET /list")).status);
  expect(statuses).toEqual([500, 500, 200]);
});

test("a fault only matches its endpoint, and * matches every endpoint", async () => {
  emulator.faults.add({ endpoint: "POST /delete", kind: "status", status: 500 });
  expect((await call(emulator, "GET /list")).status).toBe(200);
  emulator.faults.clear();
  emulator.faults.add({ endpoint: "*", kind: "status", status: 502, count: 2 });
  expect((await call(emulator, "GET /machine_types")).status).toBe(502);
  expect((await add()).status).toBe(502);
  expect((await add()).status).toBe(200);
});

test("faults fire in the order they were added and clear() disarms them all", async () => {
  emulator.faults.add({ endpoint: "GET /list", kind: "status", status: 500 });
  emulator.faults.add({ endpoint: "GET /list", kind: "status", status: 503 });
  expect((await call(emulator, "GET /list")).status).toBe(500);
  expect(emulator.faults.pending()).toEqual([expect.objectContaining({ status: 503, remaining: 1 })]);
  emulator.faults.clear();
  expect((await call(emulator, "GET /list")).status).toBe(200);
});

test("a reset fault drops the connection without performing the call", async () => {
  emulator.faults.add({ endpoint: "POST /add", kind: "reset" });
  await expect(add()).rejects.toThrow();
  expect(emulator.store.live()).toEqual([]);
  expect(emulator.requests.entries.at(-1)).toMatchObject({ method: "POST", path: "/add", status: 0 });
});

test("a loseResponse fault performs the call, then drops the connection", async () => {
  emulator.faults.add({ endpoint: "POST /add", kind: "loseResponse" });
  await expect(add()).rejects.toThrow();
  expect(emulator.store.get("dev-testing")?.status).toBe("pending");
  expect((await add()).status).toBe(409);
});

test("a holdAnswer fault performs the call at once and answers only after its delay", async () => {
  emulator.faults.add({ endpoint: "POST /add", kind: "holdAnswer", ms: 300 });
  const answered = add();
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(emulator.store.get("dev-testing")?.status).toBe("pending");
  expect(emulator.requests.entries.at(-1)).toMatchObject({ path: "/add", status: 0 });
  expect((await answered).status).toBe(200);
});

test("a malformedJson fault performs the call and answers 200 with JSON that does not parse", async () => {
  emulator.faults.add({ endpoint: "POST /add", kind: "malformedJson" });
  const answer = await add();
  expect(answer.status).toBe(200);
  expect(answer.contentType).toMatch(/^application\/json/);
  expect(() => JSON.parse(answer.text)).toThrow();
  expect(emulator.store.get("dev-testing")).toBeDefined();
});

test("an html200 fault answers an HTML page with status 200, without performing the call", async () => {
  emulator.faults.add({ endpoint: "POST /add", kind: "html200" });
  const answer = await add();
  expect(answer.status).toBe(200);
  expect(answer.contentType).toMatch(/^text\/html/);
  expect(answer.text).toMatch(/^<!DOCTYPE html>/);
  expect(emulator.store.live()).toEqual([]);
});

test("a hang fault with ms delays the answer, then serves normally", async () => {
  emulator.faults.add({ endpoint: "GET /list", kind: "hang", ms: 150 });
  const started = Date.now();
  const answer = await call(emulator, "GET /list");
  expect(answer.status).toBe(200);
  expect(Date.now() - started).toBeGreaterThanOrEqual(140);
});

test("a hang fault without ms never answers, and close() still returns promptly", async () => {
  const own = await createEmulator();
  own.faults.add({ endpoint: "GET /list", kind: "hang" });
  const pending = fetch(`${own.url}/list?api_key=${own.apiKey}`).then(
    () => "answered",
    () => "dropped",
  );
  const raced = await Promise.race([
    pending,
    new Promise((resolve) => setTimeout(() => resolve("still waiting"), 200)),
  ]);
  expect(raced).toBe("still waiting");
  const started = Date.now();
  await own.close();
  expect(Date.now() - started).toBeLessThan(1000);
  expect(await pending).toBe("dropped");
});

test("a hang fault with ms does not keep close() waiting", async () => {
  const own = await createEmulator();
  own.faults.add({ endpoint: "GET /list", kind: "hang", ms: 60_000 });
  const pending = fetch(`${own.url}/list?api_key=${own.apiKey}`).catch(() => "dropped");
  await new Promise((resolve) => setTimeout(resolve, 50));
  const started = Date.now();
  await own.close();
  expect(Date.now() - started).toBeLessThan(1000);
  expect(await pending).toBe("dropped");
});

test.each([
  [{ endpoint: "add", kind: "status", status: 500 }],
  [{ endpoint: "POST /add", kind: "status", status: 200 }],
  [{ endpoint: "POST /add", kind: "explode" }],
  [{ endpoint: "POST /add", kind: "reset", count: 0 }],
])("an invalid fault %j is refused", (spec) => {
  expect(() => emulator.faults.add(spec as never)).toThrow();
});

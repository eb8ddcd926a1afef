import { conceal, isSecret, reveal, revealProps, secret } from "../../provider/native/secrets";

test("reveal unwraps secrets at any depth and keeps everything else", () => {
  expect(reveal({ a: secret("k"), b: [secret(1), 2], c: { d: secret({ e: "x" }) }, f: null })).toEqual({
    a: "k",
    b: [1, 2],
    c: { d: { e: "x" } },
    f: null,
  });
});

test("revealProps names the top-level keys that held a secret anywhere inside", () => {
  const { plain, secretKeys } = revealProps({ env: { A: secret("1") }, name: "n", apiKey: secret("k") });
  expect(plain).toEqual({ env: { A: "1" }, name: "n", apiKey: "k" });
  expect(secretKeys.sort()).toEqual(["apiKey", "env"]);
});

test("conceal marks the given keys secret and leaves undefined values out", () => {
  const out = conceal({ apiKey: "k", name: "n", gone: undefined }, ["apiKey", "missing"]);
  expect(isSecret(out.apiKey)).toBe(true);
  expect(reveal(out)).toEqual({ apiKey: "k", name: "n" });
  expect(out).not.toHaveProperty("gone");
  expect(out).not.toHaveProperty("missing");
});

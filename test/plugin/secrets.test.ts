import { describe, expect, it } from "vitest";
import { isSecretValue, revealed, secretValue, unwrapSecrets, wrapSecrets } from "../../provider/plugin/secrets";

describe("engine secret values", () => {
  it("unwraps at any depth and remembers which top-level keys held a secret", () => {
    const bag = { a: secretValue("x"), b: { inner: secretValue(1) }, c: "plain" };
    const { plain, secretKeys } = unwrapSecrets(bag, { d: secretValue(true) });
    expect(plain).toEqual({ a: "x", b: { inner: 1 }, c: "plain" });
    expect([...secretKeys].sort()).toEqual(["a", "b", "d"]);
  });

  it("wraps the named keys present, once", () => {
    const wrapped = wrapSecrets({ a: "x", b: secretValue("y"), c: "z" }, new Set(["a", "b", "missing"]));
    expect(isSecretValue(wrapped["a"])).toBe(true);
    expect(wrapped["b"]).toEqual(secretValue("y"));
    expect(wrapped["c"]).toBe("z");
    expect("missing" in wrapped).toBe(false);
    expect(revealed(wrapped)).toEqual({ a: "x", b: "y", c: "z" });
  });
});

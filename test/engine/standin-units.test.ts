import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findLeaks } from "../../engine-standin/leak-scan";
import { createParallelRunner } from "../../engine-standin/parallel";
import {
  annotateSecrets,
  diffKeys,
  makeSecret,
  markSecretKeys,
  secretPaths,
  secretSig,
  sigKey,
  stripSecrets,
  type PropertyMap,
} from "../../engine-standin/property-values";
import { renderOperation } from "../../engine-standin/printer";
import { summarize, type StepResult } from "../../engine-standin/results";
import { createPassphraseCrypter } from "../../engine-standin/secrets-crypter";
import { programConfigEnv, secretConfig } from "../../engine-standin/stack-config";
import { createStateStore } from "../../engine-standin/state-store";
import { decodeUserSig, signUserSig } from "../../provider/chat/usersig";

const secret = (value: PropertyMap[string]) => ({ [sigKey]: secretSig, value });

describe("engine secret handling (ports of the Go engine's helpers)", () => {
  it("strips secret wrappers at any depth (KeepSecrets: false)", () => {
    const bag: PropertyMap = { a: secret("x"), b: { c: secret(2), d: [secret(true), "y"] }, e: "plain" };
    expect(stripSecrets(bag)).toEqual({ a: "x", b: { c: 2, d: [true, "y"] }, e: "plain" });
  });

  it("re-marks only outputs whose key matches a secret input (annotateSecrets)", () => {
    const ins: PropertyMap = { apiKey: secret("k"), nested: { token: secret("t"), plain: 1 }, name: "n" };
    const outs: PropertyMap = { apiKey: "k", fingerprint: "f00", nested: { token: "t", plain: 1 }, name: "n" };
    const annotated = annotateSecrets(outs, ins);
    expect(annotated["apiKey"]).toEqual(secret("k"));
    expect(annotated["fingerprint"]).toBe("f00");
    expect(annotated["nested"]).toEqual({ token: secret("t"), plain: 1 });
    expect(secretPaths(annotated)).toEqual(["apiKey", "nested.token"]);
  });

  it("does not double-wrap and marks additionalSecretOutputs", () => {
    expect(makeSecret(makeSecret("v"))).toEqual(secret("v"));
    expect(markSecretKeys({ a: 1, b: 2 }, ["b", "missing"])).toEqual({ a: 1, b: secret(2) });
  });

  it("lists changed top-level keys like the CLI's [diff: …], ignoring secretness alone", () => {
    expect(diffKeys({ a: 1, b: "x", c: secret("s") }, { a: 2, c: "s", d: true })).toEqual([
      { key: "a", kind: "update" },
      { key: "b", kind: "delete" },
      { key: "d", kind: "add" },
    ]);
  });
});

describe("parallel runner (pulumi up --parallel)", () => {
  it("never runs more than the limit at once and runs every task", async () => {
    const runner = createParallelRunner(3);
    let active = 0;
    let peak = 0;
    const gates: Array<() => void> = [];
    const tasks = Array.from({ length: 10 }, (_, index) =>
      runner.run(async () => {
        active += 1;
        peak = Math.max(peak, active);
        await new Promise<void>((resolve) => gates.push(resolve));
        active -= 1;
        return index;
      }),
    );
    while (gates.length > 0 || active > 0) {
      await new Promise((resolve) => setImmediate(resolve));
      gates.shift()?.();
    }
    expect(await Promise.all(tasks)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(peak).toBe(3);
  });

  it("starts nothing new after stop()", async () => {
    const runner = createParallelRunner(1);
    const ran: number[] = [];
    const first = runner.run(async () => {
      ran.push(1);
      runner.stop();
    });
    const second = runner.run(async () => void ran.push(2));
    await Promise.all([first, second]);
    expect(ran).toEqual([1]);
  });
});

describe("state file", () => {
  it("stores secrets as ciphertext wrappers and reads them back with the passphrase", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "standin-state-"));
    try {
      const file = path.join(dir, "dev.json");
      const store = createStateStore({ path: file, passphrase: "pass-1", project: "p", stack: "dev" });
      const resource = {
        urn: "urn:pulumi:dev::p::t::r",
        type: "t",
        custom: true,
        id: "r",
        inputs: { key: secret("hunter2-very-secret"), plain: "visible" },
        outputs: { key: secret("hunter2-very-secret"), nested: { deep: secret({ a: 1 }) } },
      };
      await store.save({ project: "p", stack: "dev", resources: [resource] });
      const text = await readFile(file, "utf8");
      expect(text).not.toContain("hunter2-very-secret");
      expect(text).toContain("visible");
      const stored = JSON.parse(text) as { resources: Array<{ inputs: { key: Record<string, string> } }> };
      expect(stored.resources[0]?.inputs.key[sigKey]).toBe(secretSig);
      expect(stored.resources[0]?.inputs.key["ciphertext"]).toMatch(/^v1:/);

      const again = createStateStore({ path: file, passphrase: "pass-1", project: "p", stack: "dev" });
      expect((await again.load()).resources).toEqual([resource]);
      const wrong = createStateStore({ path: file, passphrase: "other", project: "p", stack: "dev" });
      await expect(wrong.load()).rejects.toMatchObject({ code: "secrets-decrypt-failed" });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("encrypts with a fresh nonce each time", () => {
    const crypter = createPassphraseCrypter("p", "00112233445566778899aabbccddeeff");
    const a = crypter.encrypt("same");
    const b = crypter.encrypt("same");
    expect(a).not.toBe(b);
    expect(crypter.decrypt(a)).toBe("same");
  });
});

describe("program config environment", () => {
  it("namespaces bare keys with the project and lists secret keys", () => {
    const env = programConfigEnv({ greeting: "hi", "tencentcloud-chat:secretKey": secretConfig("k") }, "demo");
    expect(JSON.parse(env["PULUMI_CONFIG"] ?? "")).toEqual({ "demo:greeting": "hi", "tencentcloud-chat:secretKey": "k" });
    expect(JSON.parse(env["PULUMI_CONFIG_SECRET_KEYS"] ?? "")).toEqual(["tencentcloud-chat:secretKey"]);
  });
});

describe("leak scan", () => {
  const key = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
  const userSig = signUserSig({ sdkAppId: 1400000001, identifier: "administrator", issuedAtSeconds: 1_700_000_000, ttlSeconds: 86_400, secretKey: key });
  const isUserSig = (candidate: string) => decodeUserSig(candidate) !== undefined;

  it("finds the key, a UserSig anywhere in a token run, and unmasked usersig= values", () => {
    const text = [
      `error calling https://127.0.0.1/v4/x?sdkappid=1&usersig=${userSig}&random=1`,
      `prefix_${userSig}`,
      `the key is ${key}`,
      "fine: usersig=*** and usersig=%2A%2A%2A",
    ].join("\n");
    const kinds = findLeaks(text, { secrets: [key], isUserSig }).map((leak) => leak.kind);
    expect(kinds.filter((kind) => kind === "usersig")).toHaveLength(2);
    expect(kinds.filter((kind) => kind === "usersig-parameter")).toHaveLength(1);
    expect(kinds.filter((kind) => kind === "secret")).toHaveLength(1);
  });

  it("finds nothing in clean text", () => {
    expect(findLeaks("usersig=*** eJwrSS0uUTBUSM7PS0nNS1dIzs8tKEotLgYAUL0Hsw__", { secrets: [key], isUserSig })).toEqual([]);
  });
});

describe("printer", () => {
  it("renders steps the way the CLI does", () => {
    const steps: StepResult[] = [
      { op: "create", urn: "u1", name: "a", type: "t", status: "done", changes: [], calls: ["check", "create"] },
      {
        op: "update",
        urn: "u2",
        name: "b",
        type: "t",
        status: "done",
        changes: [{ key: "introduction", kind: "update" }],
        calls: ["check", "diff", "update"],
      },
      { op: "same", urn: "u3", name: "c", type: "t", status: "done", changes: [], calls: ["check", "diff"] },
    ];
    const lines = renderOperation({ operation: "up", ok: true, steps, summary: summarize(steps), failed: 0, durationMs: 1 });
    expect(lines).toContain("  +  create  t a");
    expect(lines).toContain("  ~  update  t b [diff: ~introduction]");
    expect(lines).toContain("    1 unchanged");
  });
});

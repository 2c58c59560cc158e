import * as pulumi from "@pulumi/pulumi";
import { beforeEach, describe, expect, it } from "vitest";
import { AccountDeclaredTwiceError } from "../../provider/errors";
import { claimedOfficialAccount, type ClaimantType } from "../../provider/ownership";

/**
 * One owner per account (docs/semantics.md) in the program process, under `setMocks`: a claim is the resource's
 * identity (type, parent, name), not its name. Each test runs as its own deployment (a new mock monitor).
 */
const APP = 1400000000;

beforeEach(() => {
  pulumi.runtime.setMocks({ newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: () => ({}) }, "project", "stack", false);
});

/** The claim's outcome: the account, or the error that refused it. */
function settle(output: pulumi.Output<string>): Promise<unknown> {
  const internals = output as unknown as { promise(): Promise<string>; isKnown: Promise<boolean>; isSecret: Promise<boolean> };
  // A refused claim rejects every promise of the Output: the program would fail; here only the value is read.
  for (const other of [internals.isKnown, internals.isSecret]) other.catch(() => undefined);
  return internals.promise().then((value) => value, (error: unknown) => error);
}

function claim(type: ClaimantType, name: string, parent?: pulumi.Resource): Promise<unknown> {
  return settle(claimedOfficialAccount({ type, name, ...(parent ? { parent } : {}) }, "@TOA#_support", APP));
}

describe("two resources with one name", () => {
  it("an OfficialAccount and an OfficialAccountProfile both named support: the second is refused, naming both types", async () => {
    expect(await claim("OfficialAccount", "support")).toBe("@TOA#_support");
    const refused = await claim("OfficialAccountProfile", "support");
    expect(refused).toBeInstanceOf(AccountDeclaredTwiceError);
    expect(refused).toMatchObject({ resources: ["support", "support"], resourceTypes: ["OfficialAccount", "OfficialAccountProfile"] });
    expect((refused as Error).message).toContain('OfficialAccount "support" and OfficialAccountProfile "support"');
  });

  it("two components' children named desk: the second is refused", async () => {
    const east = new pulumi.ComponentResource("test:index:Team", "east");
    const west = new pulumi.ComponentResource("test:index:Team", "west");
    expect(await claim("OfficialAccountProfile", "desk", east)).toBe("@TOA#_support");
    expect(await claim("OfficialAccountProfile", "desk", west)).toBeInstanceOf(AccountDeclaredTwiceError);
  });

  it("the same resource claiming again (a program run twice in one deployment's registry) passes", async () => {
    expect(await claim("OfficialAccountProfile", "desk")).toBe("@TOA#_support");
    expect(await claim("OfficialAccountProfile", "desk")).toBe("@TOA#_support");
  });
});

import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { preparePackedStack, repoRoot, type PackedStack } from "../support/packed-package";

/**
 * The program-side cost of registering profiles (docs/benchmarks.md, "Program side"): the SDK's promise-leak
 * stack traces are not taken while a profile registers, every declared output is still an Output, and an
 * error thrown while registering still says where the resource was declared. Runs the packed package, as
 * users get it, under `setMocks`. Needs `npm run build` first (`npm test` does).
 */

const execFileAsync = promisify(execFile);

const PROGRAM = String.raw`
const pulumi = require("@pulumi/pulumi");
pulumi.runtime.setMocks({ newResource: (args) => ({ id: args.name + "-id", state: args.inputs }), call: () => ({}) }, "project", "stack", false);
const { OfficialAccountProfile } = require("pulumi-tencentcloud-chat");

// Count the stack frames V8 hands out for formatting while the profiles register. The SDK's own capture of
// where each resource was declared (Resource.callsites, the engine's source position) sets its own limit and
// is counted apart: it must still happen.
let framesFormatted = 0;
let sourcePositionFrames = 0;
const previous = Error.prepareStackTrace;
Error.prepareStackTrace = (error, frames) => {
  if (frames[0] && frames[0].getFunctionName() === "callsites") sourcePositionFrames += frames.length;
  else framesFormatted += frames.length;
  return previous ? previous(error, frames) : String(error) + frames.map((frame) => "\n    at " + frame).join("");
};
const limitBefore = Error.stackTraceLimit;
const profiles = [];
for (let index = 0; index < 20; index += 1) {
  profiles.push(new OfficialAccountProfile("profile-" + index, { officialAccount: "@TOA#_p" + index, name: "P" + index }));
}
const framesWhileRegistering = framesFormatted;
const limitAfter = Error.stackTraceLimit;
Error.prepareStackTrace = previous;

let thrownStack = "";
try {
  new OfficialAccountProfile("", { officialAccount: "@TOA#_nameless" });
} catch (error) {
  thrownStack = String(error.stack);
}
const outputKeys = ["officialAccount", "name", "introduction", "faceUrl", "organization", "customString", "maxSubscriberNum",
  "deletePolicy", "sdkAppId", "region", "endpoint", "ownerAccount", "subscriberNum", "createTime", "lastMsgTime",
  "managedFields", "adoptedValues"];
const missingOutputs = outputKeys.filter((key) => !pulumi.Output.isInstance(profiles[0][key]));
pulumi.all(profiles.map((profile) => profile.name)).apply((names) => {
  console.log(JSON.stringify({ framesWhileRegistering, sourcePositionFrames, limitBefore, limitAfter, thrownStack, missingOutputs, names }));
});
`;

interface Report {
  framesWhileRegistering: number;
  sourcePositionFrames: number;
  limitBefore: number;
  limitAfter: number;
  thrownStack: string;
  missingOutputs: string[];
  names: string[];
}

let stack: PackedStack;
let report: Report;

beforeAll(async () => {
  if (!existsSync(path.join(repoRoot, "dist", "provider", "index.js"))) {
    throw new Error("dist/provider/index.js is missing: run `npm run build` first (`npm test` does).");
  }
  stack = await preparePackedStack({ name: "stack-traces", programFile: "index.js", programSource: PROGRAM });
  const { stdout } = await execFileAsync("node", ["index.js"], {
    cwd: stack.stackDir,
    env: { ...process.env, NODE_PATH: path.join(stack.stackDir, "node_modules") },
    timeout: 60_000,
  });
  report = JSON.parse(stdout.trim().split("\n").at(-1) as string) as Report;
}, 180_000);

afterAll(async () => {
  await stack?.cleanup();
});

describe("registering profiles (packed package, setMocks)", () => {
  it("takes no stack trace while the SDK registers them, and puts the limit back", () => {
    expect(report.framesWhileRegistering).toBe(0);
    // The declaration site the SDK sends the engine is still captured, once per resource.
    expect(report.sourcePositionFrames).toBeGreaterThanOrEqual(20);
    expect(report.limitAfter).toBe(report.limitBefore);
    expect(report.limitBefore).toBeGreaterThan(0);
  });

  it("keeps every declared output, resolved as before", () => {
    expect(report.missingOutputs).toEqual([]);
    expect(report.names).toEqual(Array.from({ length: 20 }, (_, index) => `P${index}`));
  });

  it("gives an error thrown while registering the stack of the program that declared the resource", () => {
    expect(report.thrownStack).toContain("Missing resource name");
    expect(report.thrownStack).toContain(path.join(stack.stackDir, "index.js"));
  });
});

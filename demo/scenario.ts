/**
 * The demo's world: one sample app, the accounts as they were "made in the console" before any stack existed,
 * and the edit someone makes in the console after `up`. The accounts are created directly in the emulator's
 * store, because official accounts are created outside Pulumi (docs/architecture.md, decision 3).
 */
import path from "node:path";
import type { CapturedResource } from "../engine-standin/program-capture";
import { DEFAULT_DELETE_POLICY, DELETE_POLICIES, PROFILE_FIELDS, type DeletePolicy } from "../provider/profile";
import type { ConsoleAccount, DeclaredProfile } from "./model";

export const DEMO_SDK_APP_ID = 1400000001;
export const DEMO_PROJECT = "tencentcloud-chat-demo";
export const DEMO_STACK = "dev";
export const RESOURCE_TYPE = "pulumi-nodejs:dynamic/tencentcloud-chat:OfficialAccountProfile";

/** The Pulumi program: the same file the top-level Pulumi.yaml runs. */
export const PROGRAM_PATH = path.resolve(__dirname, "..", "examples", "demo", "index.ts");

/** Each declared resource's account as it stood before adoption, by resource name. */
export const CONSOLE_ACCOUNTS: Readonly<Record<string, ConsoleAccount>> = {
  support: {
    ownerAccount: "ops_lead",
    name: "Support",
    introduction: "Created in the console.",
    faceUrl: "",
    organization: "Example Ltd", // already as declared: adoption does not send it
    customString: JSON.stringify({ team: "cx" }), // not declared: never sent, never compared
  },
  news: {
    ownerAccount: "ops_lead",
    name: "Example News", // already as declared
    introduction: "",
    faceUrl: "https://cdn.example.com/news-old.png", // not declared
    organization: "Example Marketing", // not declared
    customString: "",
  },
};

/** "Someone changes the introduction in the console" between the first `up` and the refresh. */
export const CONSOLE_EDIT = {
  resourceName: "support",
  fields: { introduction: "Edited in the console: we answer within a week." },
} as const;

/** The profiles a program registered, read from its RegisterResource requests. */
export function declaredProfiles(resources: readonly CapturedResource[]): DeclaredProfile[] {
  return resources
    .filter((resource) => resource.type === RESOURCE_TYPE)
    .map((resource) => {
      const inputs = resource.inputs as Record<string, unknown>;
      const officialAccount = inputs["officialAccount"];
      if (typeof officialAccount !== "string") {
        throw new Error(`${resource.name}: officialAccount is not a known string in the program's registration`);
      }
      const policy = inputs["deletePolicy"] ?? DEFAULT_DELETE_POLICY;
      if (!(DELETE_POLICIES as readonly unknown[]).includes(policy)) throw new Error(`${resource.name}: unknown deletePolicy ${String(policy)}`);
      const fields: Record<string, unknown> = {};
      for (const field of PROFILE_FIELDS) {
        if (inputs[field] !== undefined && inputs[field] !== null) fields[field] = inputs[field];
      }
      return { resourceName: resource.name, officialAccount, deletePolicy: policy as DeletePolicy, fields };
    })
    .sort((a, b) => a.resourceName.localeCompare(b.resourceName)); // registration order is not program order
}

/** The console account behind a declared resource; the scenario must cover every resource the program declares. */
export function consoleAccountFor(resourceName: string): ConsoleAccount {
  const account = CONSOLE_ACCOUNTS[resourceName];
  if (!account) throw new Error(`the demo scenario has no console account for resource "${resourceName}"`);
  return account;
}

/**
 * Test and demo controls on the same server, under a prefix that no `/v4/…` path can collide with.
 * Plain JSON, camelCase, ordinary HTTP statuses (these are not Tencent APIs). Never shows a secret key.
 */
import { EmulatorStoreError } from "./store";
import type { CreateAccountInput, FaultConfig, ProfileFields } from "./types";
import type { EmulatorInstance } from "./emulator";

/** Path prefix of the control endpoints; it cannot collide with `/v4/…`. */
export const ADMIN_PREFIX = "/__emulator/";

export interface AdminReply {
  status: number;
  body: unknown;
}

/** The control endpoints, one line each: method, path, what it does. */
export const ADMIN_ROUTES = [
  "GET    /__emulator/state       apps (no keys), accounts, faults, connection and request counts",
  "GET    /__emulator/requests    the request log (usersig masked)",
  "POST   /__emulator/faults      set faults (a FaultConfig JSON body); DELETE clears them",
  "POST   /__emulator/reset       clear accounts, request log, faults, rate limits, connection count",
  "POST   /__emulator/accounts    create a fixture {sdkAppId, account: {ownerAccount, name, officialAccount?, …}}",
  "PATCH  /__emulator/accounts    console-style edit {sdkAppId, officialAccount, fields: {name?, …}}",
  "DELETE /__emulator/accounts    destroy directly {sdkAppId, officialAccount}",
  "POST   /__emulator/service     turn the official-account service on or off {sdkAppId, enabled}",
] as const;

function bad(message: string): AdminReply {
  return { status: 400, body: { error: message } };
}

function parseJson(text: string): Record<string, unknown> | undefined {
  if (text.trim() === "") return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function handleAdminRequest(emulator: EmulatorInstance, method: string, path: string, bodyText: string): AdminReply {
  const route = `${method} ${path.slice(ADMIN_PREFIX.length - 1)}`;
  const body = parseJson(bodyText);
  if (body === undefined) return bad("body must be a JSON object");
  try {
    switch (route) {
      case "GET /state":
        return { status: 200, body: emulator.state() };
      case "GET /requests":
        return { status: 200, body: { requests: emulator.requestLog } };
      case "POST /faults":
        emulator.setFaults(body as FaultConfig);
        return { status: 200, body: { faults: emulator.currentFaults() } };
      case "DELETE /faults":
        emulator.clearFaults();
        return { status: 200, body: { faults: emulator.currentFaults() } };
      case "POST /reset":
        emulator.reset();
        return { status: 200, body: { reset: true } };
      case "POST /accounts": {
        const account = body["account"];
        if (typeof account !== "object" || account === null) return bad("account must be an object");
        const { ownerAccount, name } = account as Record<string, unknown>;
        if (typeof ownerAccount !== "string" || typeof name !== "string") return bad("account.ownerAccount and account.name must be strings");
        const officialAccount = emulator.store.create(Number(body["sdkAppId"]), body["account"] as CreateAccountInput);
        return { status: 200, body: { officialAccount } };
      }
      case "PATCH /accounts": {
        const account = emulator.store.patch(Number(body["sdkAppId"]), String(body["officialAccount"]), (body["fields"] ?? {}) as ProfileFields);
        return { status: 200, body: { account } };
      }
      case "DELETE /accounts": {
        const destroyed = emulator.store.destroy(Number(body["sdkAppId"]), String(body["officialAccount"]));
        return destroyed ? { status: 200, body: { destroyed } } : { status: 404, body: { error: "no such account" } };
      }
      case "POST /service":
        emulator.setOfficialAccountService(Number(body["sdkAppId"]), body["enabled"] === true);
        return { status: 200, body: { sdkAppId: Number(body["sdkAppId"]), enabled: body["enabled"] === true } };
      default:
        return { status: 404, body: { error: "unknown emulator endpoint", routes: ADMIN_ROUTES } };
    }
  } catch (error) {
    if (error instanceof EmulatorStoreError) return { status: error.code === "ACCOUNT_MISSING" ? 404 : 409, body: { error: error.message, code: error.code } };
    if (error instanceof RangeError || error instanceof TypeError) return bad(error.message);
    throw error;
  }
}

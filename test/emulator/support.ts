/**
 * Raw-HTTP helpers for the emulator tests: the URL and the UserSig are built here by hand (signUserSig),
 * so no client code can hide a wire mistake.
 */
import { signUserSig } from "../../provider/chat/usersig";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../emulator";

export const APP_ID = 1400000001;
export const APP_KEY = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
export const OTHER_APP_ID = 1400000002;
export const OTHER_APP_KEY = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
export const START_MS = 1_700_000_000_000;

/** A clock the test moves by hand. */
export function manualClock(startMs = START_MS): { nowMs: () => number; advance: (ms: number) => void; set: (ms: number) => void } {
  let now = startMs;
  return { nowMs: () => now, advance: (ms) => (now += ms), set: (ms) => (now = ms) };
}

export interface Harness {
  emulator: Emulator;
  clock: ReturnType<typeof manualClock>;
  call: (command: string, body: unknown, options?: CallOptions) => Promise<RawReply>;
  url: (command: string, options?: CallOptions) => string;
}

export interface CallOptions {
  sdkAppId?: number;
  secretKey?: string;
  identifier?: string;
  /** Overrides or removes (undefined) query parameters after signing. */
  query?: Record<string, string | undefined>;
  method?: string;
  /** Sent as is when a string. */
  rawBody?: string;
  signal?: AbortSignal;
  /** UserSig claims overrides. */
  sig?: { sdkAppId?: number; identifier?: string; issuedAtSeconds?: number; ttlSeconds?: number; secretKey?: string };
}

export interface RawReply {
  status: number;
  text: string;
  json: Record<string, unknown>;
  contentType: string | null;
}

export async function startHarness(options: Partial<EmulatorOptions> = {}): Promise<Harness> {
  const clock = manualClock();
  const emulator = await startEmulator({
    apps: [
      { sdkAppId: APP_ID, secretKey: APP_KEY },
      { sdkAppId: OTHER_APP_ID, secretKey: OTHER_APP_KEY, admins: ["ops", "robot"] },
    ],
    nowMs: clock.nowMs,
    ...options,
  });
  const url = (command: string, callOptions: CallOptions = {}): string => {
    const sdkAppId = callOptions.sdkAppId ?? APP_ID;
    const identifier = callOptions.identifier ?? (sdkAppId === OTHER_APP_ID ? "ops" : "administrator");
    const secretKey = callOptions.secretKey ?? (sdkAppId === OTHER_APP_ID ? OTHER_APP_KEY : APP_KEY);
    const userSig = signUserSig({
      sdkAppId: callOptions.sig?.sdkAppId ?? sdkAppId,
      identifier: callOptions.sig?.identifier ?? identifier,
      issuedAtSeconds: callOptions.sig?.issuedAtSeconds ?? Math.floor(clock.nowMs() / 1000) - 60,
      ttlSeconds: callOptions.sig?.ttlSeconds ?? 86400,
      secretKey: callOptions.sig?.secretKey ?? secretKey,
    });
    const query = new URLSearchParams({
      sdkappid: String(sdkAppId),
      identifier,
      usersig: userSig,
      random: "99999999",
      contenttype: "json",
    });
    for (const [name, value] of Object.entries(callOptions.query ?? {})) {
      if (value === undefined) query.delete(name);
      else query.set(name, value);
    }
    return `${emulator.url}/v4/official_account_open_http_svc/${command}?${query.toString()}`;
  };
  const call = async (command: string, body: unknown, callOptions: CallOptions = {}): Promise<RawReply> => {
    const method = callOptions.method ?? "POST";
    const response = await fetch(url(command, callOptions), {
      method,
      ...(method === "GET" || method === "HEAD" ? {} : { body: callOptions.rawBody ?? JSON.stringify(body) }),
      headers: { "content-type": "application/json" },
      ...(callOptions.signal ? { signal: callOptions.signal } : {}),
    });
    const text = await response.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // left empty: malformed-body tests look at `text`
    }
    return { status: response.status, text, json, contentType: response.headers.get("content-type") };
  };
  return { emulator, clock, call, url };
}

/** `{ActionStatus:"FAIL", ErrorCode, ErrorInfo}` over HTTP 200. */
export function expectFailure(reply: RawReply, code: number): void {
  if (reply.status !== 200 || reply.json["ActionStatus"] !== "FAIL" || reply.json["ErrorCode"] !== code || typeof reply.json["ErrorInfo"] !== "string") {
    throw new Error(`expected HTTP 200 FAIL ${code}, got HTTP ${reply.status} ${reply.text}`);
  }
}

export const SAMPLE_CREATE = {
  OfficialAccountUserID: "@TOA#_test_id",
  Owner_Account: "107867",
  CustomString: "test_custom_string",
  FaceUrl: "http://this.is.face.url",
  Introduction: "This is test Introduction",
  MaxSubscriberNum: 1000,
  Name: "test_official_account",
  Organization: "test_organization",
};

import { DEFAULTS } from "../defaults";
import { ChatConfigError } from "./errors";
import type { ChatConnection, RegionName } from "./types";

/**
 * Where requests go. Domains from every official-account page (e.g. tencentcloud.com/document/product/1047/60757,
 * Tokyo from cloud.tencent.com/document/product/269/102302, Mumbai from 1047/60758); standby domains from the
 * REST overview (cloud.tencent.com/document/api/269/1519: "当域名dns被运营商劫持,可使用备域名").
 */
const DOMAINS: Readonly<Record<RegionName, { primary: string; standby?: string }>> = {
  china: { primary: "console.tim.qq.com", standby: "adminapi.my-imcloud.com" },
  singapore: { primary: "adminapisgp.im.qcloud.com", standby: "adminapisgp.my-imcloud.com" },
  seoul: { primary: "adminapikr.im.qcloud.com", standby: "adminapikr.my-imcloud.com" },
  frankfurt: { primary: "adminapiger.im.qcloud.com", standby: "adminapiger.my-imcloud.com" },
  "silicon-valley": { primary: "adminapiusa.im.qcloud.com", standby: "adminapiusa.my-imcloud.com" },
  jakarta: { primary: "adminapiidn.im.qcloud.com", standby: "adminapiidn.my-imcloud.com" },
  // No standby domain is documented for Tokyo.
  tokyo: { primary: "adminapijpn.im.qcloud.com" },
  mumbai: { primary: "adminapiind.im.qcloud.com", standby: "adminapiind.my-imcloud.com" },
};

/** The data-centre regions the client knows, each with its documented REST domain. */
export const REGION_NAMES: readonly RegionName[] = Object.freeze(Object.keys(DOMAINS) as RegionName[]);

/** True when `value` is one of {@link REGION_NAMES}. */
export function isRegionName(value: unknown): value is RegionName {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(DOMAINS, value);
}

/** The REST domain of a region (primary, or the `*.my-imcloud.com` standby). */
export function regionDomain(region: string, standby = false): string {
  if (!isRegionName(region)) {
    throw new ChatConfigError({
      setting: "region",
      detail: `unknown region '${region}'`,
      hint: `Use one of: ${REGION_NAMES.join(", ")}; or set endpoint to a full base URL.`,
    });
  }
  const domains = DOMAINS[region];
  if (!standby) return domains.primary;
  if (domains.standby === undefined) {
    throw new ChatConfigError({
      setting: "standbyDomain",
      detail: `no standby domain is documented for region '${region}'`,
      hint: `Turn standbyDomain off for ${region}, or set endpoint to a base URL you know works.`,
    });
  }
  return domains.standby;
}

/**
 * `https://{domain}` for the connection's region, or its `endpoint` normalized (lower-case host, no default
 * port, no trailing slash).
 * `http:` endpoints are allowed only on a loopback host (the local emulator).
 */
export function resolveBaseUrl(connection: Pick<ChatConnection, "region" | "standbyDomain" | "endpoint">): string {
  if (connection.endpoint !== undefined) {
    const parsed = parseBaseUrl(connection.endpoint, "endpoint");
    if ("problem" in parsed) {
      throw new ChatConfigError({
        setting: "endpoint",
        detail: parsed.problem,
        hint: "Set endpoint to an https base URL such as https://console.tim.qq.com; plain http only on a loopback host, such as the emulator's http://127.0.0.1:8080.",
      });
    }
    return parsed.baseUrl;
  }
  return `https://${regionDomain(connection.region ?? DEFAULTS.region, connection.standbyDomain === true)}`;
}

/** Why a text is not a usable base URL; stable, for callers and tests that branch on it. */
export type BaseUrlProblem = "not-absolute" | "scheme" | "credentials" | "query" | "fragment" | "plain-http-remote";

export type ParsedBaseUrl = { baseUrl: string } | { problem: string; reason: BaseUrlProblem };

/**
 * Loopback hosts as the WHATWG URL parser leaves them: it lower-cases names and rewrites every IPv4 spelling
 * (`127.1`, `0x7f.0.0.1`) to dotted decimal, so these three forms cover 127.0.0.0/8, ::1 and localhost.
 */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * The one parser of REST base URLs (the `endpoint` input, stack config and environment, and the client):
 * https, or http on a loopback host only; no user or password, no query string, no fragment. Every request
 * carries the UserSig in its query string, a credential for the app's whole REST API, so plain http may
 * not leave the machine (docs/installation-configuration.md). The normalized form has a lower-case host, no default
 * port and no trailing slash, so `http://H:1/` and `http://h:1` are the same endpoint.
 * The problem names `setting` and says why, never the value itself: it may come from a secret config value
 * (and `user:pass@host` would be a credential).
 */
export function parseBaseUrl(text: string, setting: string): ParsedBaseUrl {
  const invalid = (reason: BaseUrlProblem, why: string): ParsedBaseUrl => ({
    reason,
    problem: `${setting} must be an https base URL such as https://console.tim.qq.com (or http on a loopback host, such as the emulator's http://127.0.0.1:8080), but ${why} (value not shown)`,
  });
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return invalid("not-absolute", "it is not an absolute URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return invalid("scheme", `its scheme is ${url.protocol.replace(/:$/, "")}, not http or https`);
  }
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    return invalid(
      "plain-http-remote",
      "it uses plain http to a host that is not loopback (127.0.0.0/8, ::1, localhost): every request carries the UserSig, " +
        "which plain http would expose on the network; use https",
    );
  }
  if (url.username !== "" || url.password !== "") return invalid("credentials", "it carries a user name or password");
  // `?` or `#` with nothing after still leaves `search`/`hash` empty: look at the text as well.
  if (url.search !== "" || text.includes("?")) return invalid("query", "it carries a query string");
  if (url.hash !== "" || text.includes("#")) return invalid("fragment", "it carries a fragment");
  return { baseUrl: `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "")}` };
}

/** What a request URL is made of. */
export interface RequestUrlParts {
  baseUrl: string;
  command: string;
  sdkAppId: number;
  identifier: string;
  userSig: string;
  /** A 32-bit unsigned integer, fresh per request. */
  random: number;
}

/** Service path of every official-account command (tencentcloud.com/document/product/1047/60757). */
export const OFFICIAL_ACCOUNT_SERVICE = "v4/official_account_open_http_svc";

/**
 * `{base}/v4/official_account_open_http_svc/{command}?sdkappid=…&identifier=…&usersig=…&random=…&contenttype=json`,
 * every value percent-encoded (query parameter names and values are case-sensitive; docs/emulator.md, Checks).
 */
export function buildRequestUrl(parts: RequestUrlParts): string {
  const query = [
    ["sdkappid", String(parts.sdkAppId)],
    ["identifier", parts.identifier],
    ["usersig", parts.userSig],
    ["random", String(parts.random)],
    ["contenttype", "json"],
  ]
    .map(([name, value]) => `${name}=${encodeURIComponent(value ?? "")}`)
    .join("&");
  return `${parts.baseUrl}/${OFFICIAL_ACCOUNT_SERVICE}/${encodeURIComponent(parts.command)}?${query}`;
}

const UINT32_RANGE = 4294967296;

/** Maps a uniform [0, 1) number to a uniform integer in 0..4294967295 (the `random` query parameter). */
export function randomUint32(random: () => number): number {
  const value = Math.floor(random() * UINT32_RANGE);
  return Math.min(Math.max(value, 0), UINT32_RANGE - 1);
}

"use strict";
/**
 * The benchmarks' baseline: an OfficialAccountProfile dynamic provider written the way most examples and blog
 * posts write one, so the figures in BENCHMARKS.md have something ordinary to stand beside.
 *
 * - The provider is a class instance handed to `dynamic.Resource`, so the closure serializer inlines the class,
 *   its methods and the module-level helpers they use into every resource's `__provider`
 *   (docs/architecture.md, decision 1).
 * - Every call uses the global `fetch` (Node's built-in undici, global Agent: keep-alive, no connection cap) and
 *   signs a fresh UserSig (TLSSigAPIv2, written plainly below).
 * - No rate limiter, no batching (one get_official_account_info per resource on refresh), no retry: a 60007
 *   ("too many requests") answer fails the step.
 * - create does not read the account first: it sends every declared field in one modify call.
 * - Settings come from the environment at call time (TENCENTCLOUD_CHAT_SDKAPPID, _SECRET_KEY, _IDENTIFIER,
 *   _ENDPOINT), so no secret is captured in state.
 *
 * Plain CommonJS, no build step; packed with `npm pack` and installed as a real directory in the bench stack,
 * exactly as the package under test is.
 */
const crypto = require("crypto");
const zlib = require("zlib");
const pulumi = require("@pulumi/pulumi");

const FIELDS = {
  name: "Name",
  introduction: "Introduction",
  faceUrl: "FaceUrl",
  organization: "Organization",
  customString: "CustomString",
  maxSubscriberNum: "MaxSubscriberNum",
};

function settings() {
  return {
    sdkAppId: Number(process.env.TENCENTCLOUD_CHAT_SDKAPPID),
    secretKey: process.env.TENCENTCLOUD_CHAT_SECRET_KEY || "",
    identifier: process.env.TENCENTCLOUD_CHAT_IDENTIFIER || "administrator",
    endpoint: process.env.TENCENTCLOUD_CHAT_ENDPOINT || "https://console.tim.qq.com",
  };
}

function signUserSig(sdkAppId, identifier, secretKey) {
  const time = Math.floor(Date.now() / 1000);
  const expire = 86400;
  const content =
    "TLS.identifier:" + identifier + "\n" +
    "TLS.sdkappid:" + sdkAppId + "\n" +
    "TLS.time:" + time + "\n" +
    "TLS.expire:" + expire + "\n";
  const sig = crypto.createHmac("sha256", secretKey).update(content).digest("base64");
  const doc = {
    "TLS.ver": "2.0",
    "TLS.identifier": identifier,
    "TLS.sdkappid": sdkAppId,
    "TLS.time": time,
    "TLS.expire": expire,
    "TLS.sig": sig,
  };
  return zlib
    .deflateSync(Buffer.from(JSON.stringify(doc)))
    .toString("base64")
    .replace(/\+/g, "*")
    .replace(/\//g, "-")
    .replace(/=/g, "_");
}

async function callChat(command, body) {
  const s = settings();
  const userSig = signUserSig(s.sdkAppId, s.identifier, s.secretKey);
  const url =
    s.endpoint + "/v4/official_account_open_http_svc/" + command +
    "?sdkappid=" + s.sdkAppId +
    "&identifier=" + encodeURIComponent(s.identifier) +
    "&usersig=" + encodeURIComponent(userSig) +
    "&random=" + Math.floor(Math.random() * 4294967295) +
    "&contenttype=json";
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const result = await response.json();
  if (result.ActionStatus !== "OK" || result.ErrorCode !== 0) {
    throw new Error(command + " failed: ErrorCode " + result.ErrorCode + " " + result.ErrorInfo);
  }
  return result;
}

function toWire(inputs) {
  const body = { Official_Account: inputs.officialAccount };
  for (const key of Object.keys(FIELDS)) {
    if (inputs[key] !== undefined) body[FIELDS[key]] = inputs[key];
  }
  return body;
}

class OfficialAccountProfileProvider {
  async diff(id, olds, news) {
    const replaces = olds.officialAccount !== news.officialAccount ? ["officialAccount"] : [];
    const changed = Object.keys(FIELDS).some((key) => olds[key] !== news[key]);
    return { changes: changed || replaces.length > 0, replaces: replaces, deleteBeforeReplace: true };
  }

  async create(inputs) {
    await callChat("modify_official_account_base_info", toWire(inputs));
    return { id: inputs.officialAccount, outs: inputs };
  }

  async read(id, props) {
    const result = await callChat("get_official_account_info", {
      OfficialAccountIdList: [{ Official_Account: props.officialAccount || id }],
    });
    const info = (result.OfficialAccountInfoList || [])[0] || {};
    const outs = Object.assign({}, props);
    for (const key of Object.keys(FIELDS)) {
      if (key in props && info[FIELDS[key]] !== undefined) outs[key] = info[FIELDS[key]];
    }
    return { id: id, props: outs };
  }

  async update(id, olds, news) {
    await callChat("modify_official_account_base_info", toWire(news));
    return { outs: news };
  }

  async delete() {
    // Leave the account as it is (the same default as the package under test).
  }
}

const provider = new OfficialAccountProfileProvider();

class NaiveOfficialAccountProfile extends pulumi.dynamic.Resource {
  constructor(name, args, opts) {
    super(provider, name, args, opts, "naivechat", "OfficialAccountProfile");
  }
}

module.exports = { NaiveOfficialAccountProfile, OfficialAccountProfileProvider, callChat, toWire };

/**
 * Checks of how the server answers a malformed request: method, path, query, body, UserSig time. Every
 * request is a get_official_account_info of the probe's own temporary account (a read), so none can
 * change anything even if the server accepted it.
 */
import { CODES } from "../../emulator/codes";
import { COMMANDS } from "../../provider/chat/official-accounts";
import { PROBE_DEFAULTS } from "../defaults";
import { describeReply } from "../raw-http";
import type { Check, ProbeContext } from "../types";
import { confirmed, expectCodes, refuted } from "./support";

function readOwn(context: ProbeContext): object {
  return { OfficialAccountIdList: [{ Official_Account: context.mainId }] };
}

export const REQUEST_SHAPE_CHECKS: readonly Check[] = [
  {
    id: "A-METHOD",
    run: (context) =>
      expectCodes(context, [{ label: "GET", request: { command: COMMANDS.getInfo, method: "GET" }, code: CODES.badRequestFormat }]),
  },
  {
    id: "A-UNKNOWN-COMMAND",
    run: (context) =>
      expectCodes(context, [
        { label: "unknown command", request: { command: "probe_no_such_command", body: readOwn(context) }, code: CODES.unknownResource },
      ]),
  },
  {
    id: "A-QUERY-SDKAPPID",
    run: (context) =>
      expectCodes(context, [
        { label: "no sdkappid", request: { command: COMMANDS.getInfo, body: readOwn(context), query: { sdkappid: null } }, code: CODES.sdkAppIdRequired },
        { label: "sdkappid=abc", request: { command: COMMANDS.getInfo, body: readOwn(context), query: { sdkappid: "abc" } }, code: CODES.sdkAppIdRequired },
      ]),
  },
  {
    id: "A-QUERY-ACCOUNT",
    run: (context) =>
      expectCodes(context, [
        { label: "no identifier", request: { command: COMMANDS.getInfo, body: readOwn(context), query: { identifier: null } }, code: CODES.accountOrSignatureError },
        { label: "usersig empty", request: { command: COMMANDS.getInfo, body: readOwn(context), query: { usersig: "" } }, code: CODES.accountOrSignatureError },
      ]),
  },
  {
    id: "A-QUERY-FORMAT",
    run: (context) =>
      expectCodes(context, [
        { label: "no random", request: { command: COMMANDS.getInfo, body: readOwn(context), query: { random: null } }, code: CODES.httpParseError },
        { label: "random=4294967296", request: { command: COMMANDS.getInfo, body: readOwn(context), query: { random: "4294967296" } }, code: CODES.httpParseError },
        { label: "contenttype=JSON", request: { command: COMMANDS.getInfo, body: readOwn(context), query: { contenttype: "JSON" } }, code: CODES.httpParseError },
      ]),
  },
  {
    id: "A-USERSIG-SKEW",
    run: async (context) => {
      const now = context.nowSeconds();
      const expired = await context.raw.send({
        command: COMMANDS.getInfo,
        body: readOwn(context),
        userSigTime: { issuedAtSeconds: now - PROBE_DEFAULTS.expiredUserSigAgeSeconds, ttlSeconds: PROBE_DEFAULTS.expiredUserSigTtlSeconds },
      });
      const future = await context.raw.send({
        command: COMMANDS.getInfo,
        body: readOwn(context),
        userSigTime: { issuedAtSeconds: now + PROBE_DEFAULTS.futureUserSigSeconds, ttlSeconds: PROBE_DEFAULTS.userSigTtlSeconds },
      });
      const seen = `expired ${PROBE_DEFAULTS.expiredUserSigAgeSeconds - PROBE_DEFAULTS.expiredUserSigTtlSeconds} s ago: ${describeReply(expired)}; issued ${PROBE_DEFAULTS.futureUserSigSeconds} s in the future: ${describeReply(future)}`;
      const ok = expired.errorCode === CODES.userSigExpired && future.errorCode === CODES.ok;
      // A tolerance shorter than these margins cannot be seen from one client clock.
      return ok ? confirmed(`${seen} (a tolerance under ${PROBE_DEFAULTS.futureUserSigSeconds} s is not ruled out)`) : refuted(seen);
    },
  },
  {
    id: "A-BODY",
    run: (context) =>
      expectCodes(context, [
        { label: "empty body", request: { command: COMMANDS.getInfo, body: "" }, code: CODES.jsonParseError },
        { label: "body not JSON", request: { command: COMMANDS.getInfo, body: "probe{" }, code: CODES.jsonParseError },
        { label: "JSON array", request: { command: COMMANDS.getInfo, body: "[]" }, code: CODES.invalidPacket },
        {
          label: "body over 1 MiB",
          request: { command: COMMANDS.getInfo, body: JSON.stringify({ ...readOwn(context), Padding: "x".repeat(PROBE_DEFAULTS.oversizedBodyBytes) }) },
          code: CODES.invalidPacket,
        },
      ]),
  },
];

/**
 * Every choice the emulator makes where Tencent's official-account API documentation
 * leaves the behaviour open (or says nothing). One table, so a fact learnt from the real service is corrected here and in
 * the code that cites the ID. Rendered into docs/emulator.md, Assumptions (a test keeps the two equal).
 */
export interface Assumption {
  id: string;
  /** The open question. */
  question: string;
  /** What the emulator does. */
  behaviour: string;
  /** The option that switches it, when there is one. */
  switch?: string;
}

/** Every assumption the emulator makes, in the order of docs/emulator.md's table. */
export const ASSUMPTIONS: readonly Assumption[] = [
  {
    id: "A-UNKNOWN-APP",
    question: "Code for an SDKAppID the server does not know",
    behaviour: "70020 (\"SDKAppID 不存在,UserSig 验证失败\"), not 60006 (\"SDKAppID 失效\", an expired app)",
  },
  {
    id: "A-METHOD",
    question: "Code for a method other than POST",
    behaviour: "60008 (\"HTTP 请求格式错误\") over HTTP 200",
  },
  {
    id: "A-UNKNOWN-COMMAND",
    question: "Code for an unknown command or any other path",
    behaviour: "60009 (\"请求资源错误,请检查请求 URL\") over HTTP 200",
  },
  {
    id: "A-QUERY-SDKAPPID",
    question: "Code for a missing or non-numeric sdkappid",
    behaviour: "60012 (\"REST 接口需要带 SDKAppID\")",
  },
  {
    id: "A-QUERY-ACCOUNT",
    question: "Code for a missing or empty identifier or usersig",
    behaviour: "60004 (\"请求 URL 或 JSON 包体中账号或签名错误\")",
  },
  {
    id: "A-QUERY-FORMAT",
    question: "Code for a missing random, a random outside 0..4294967295, or contenttype other than json",
    behaviour: "60002 (\"HTTP 解析错误,请检查 HTTP 请求 URL 格式\"); values are case-sensitive",
  },
  {
    id: "A-CHECK-ORDER",
    question: "Order in which the server runs its checks",
    behaviour: "method, path, query, app, UserSig, admin, rate limit, service, body, fields (CHECK_ORDER in router.ts); the UserSig part in the order of the official Go/PHP verifiers",
  },
  {
    id: "A-USERSIG-SKEW",
    question: "Clock-skew tolerance for UserSig",
    behaviour: "none: expired when now > TLS.time + TLS.expire (seconds); a TLS.time in the future is accepted, as the Go verifier does",
  },
  {
    id: "A-BODY",
    question: "Codes for a bad body",
    behaviour: "empty or not JSON → 60003; JSON but not an object → 20001; over 1 MiB → 20001",
  },
  {
    id: "A-FIELD-ERRORS",
    question: "6017 or 20001 for bad fields",
    behaviour: "6017 for a missing required field, a wrong JSON type, a text over its UTF-8 byte limit, a MaxSubscriberNum that is not an integer 1..4294967295, and a bad or over-long list; 20001 only for a body that is not an object. Unknown fields are ignored",
  },
  {
    id: "A-MAXSUB-RANGE",
    question: "Bounds of MaxSubscriberNum; setting it below SubscriberNum",
    behaviour: "integer 1..4294967295; below the current SubscriberNum is accepted (existing subscribers stay, new ones get Result 0)",
  },
  {
    id: "A-EMPTY-NAME",
    question: "Name \"\" on create or modify",
    behaviour: "6017 on both (an account always has a name)",
  },
  {
    id: "A-EMPTY-CLEARS",
    question: "Whether \"\" clears a field on modify",
    behaviour: "yes for Introduction, FaceUrl, Organization, CustomString (get info then returns \"\")",
  },
  {
    id: "A-MODIFY-NOTHING",
    question: "modify with only Official_Account",
    behaviour: "accepted (OK), nothing changes",
  },
  {
    id: "A-CREATE-DEFAULT-MAX",
    question: "MaxSubscriberNum when create leaves it out",
    behaviour: "100000 (the documented default)",
  },
  {
    id: "A-OWNER-IMPORTED",
    question: "Code when Owner_Account is not an imported account (70107?)",
    behaviour: "not modelled: any UserID (printable ASCII, 1–32 bytes) counts as imported; anything else → 6017",
    switch: "importedAccounts: [UserIDs] → only those count as imported; any other owner → 70107 (CLI --imported-accounts)",
  },
  {
    id: "A-EMPTY-CUSTOM-ID",
    question: "OfficialAccountUserID \"\" on create",
    behaviour: "treated as absent: the server assigns an ID",
  },
  {
    id: "A-CUSTOM-ID-CODES",
    question: "Codes for a bad or taken custom ID on create",
    behaviour: "breaks the ID rules → 130007; in use by a live account → 130008",
  },
  {
    id: "A-ID-REUSE",
    question: "Whether a destroyed custom ID can be created again",
    behaviour: "yes (it is free again); an assigned ID is never handed out twice in an app",
  },
  {
    id: "A-LOOKUP-MALFORMED",
    question: "Official_Account that can never name an account (no @TOA#_ prefix, not printable ASCII, over 48 bytes) on destroy/modify/get/subscribers",
    behaviour: "130007 (per item in get info); \"\" or a non-string → 6017",
  },
  {
    id: "A-ASSIGNED-ID",
    question: "Format of server-assigned IDs",
    behaviour: "@TOA#_@TOA#d + 3 characters from A–Z0–9 (like dOEF, dZDP), drawn from the seed per app",
  },
  {
    id: "A-INFO-ITEM",
    question: "Item shape of get_official_account_info",
    behaviour: "{\"OfficialAccountInfoList\":[{\"Official_Account\":…,\"ErrorCode\":0,\"ErrorInfo\":\"\",…fields}]}",
    switch: "itemErrorStyle: \"ResultCode\" → ResultCode/ResultInfo (CLI --item-error-style)",
  },
  {
    id: "A-INFO-MISSING",
    question: "get info for an unknown or destroyed ID",
    behaviour: "per-item 130004 without fields; the whole request stays OK (ErrorCode 0)",
  },
  {
    id: "A-INFO-LIMIT",
    question: "get info with more than 50 IDs or none",
    behaviour: "6017 for the whole request",
  },
  {
    id: "A-INFO-MAXSUB",
    question: "Whether get info returns MaxSubscriberNum (it is not in the documented filter list)",
    behaviour: "not returned",
    switch: "returnsMaxSubscriberNum: true → returned in every found item, whatever the filter (it is not a filter value, so a filter can neither ask for nor drop it) (CLI --returns-max-subscriber-num)",
  },
  {
    id: "A-INFO-EMPTY-TEXT",
    question: "Whether get info returns a text field whose value is \"\" (never set, or cleared)",
    behaviour: "returned as \"\"",
    switch: "omitsEmptyFields: true → left out, even when the filter names it (CLI --omits-empty-fields)",
  },
  {
    id: "A-FILTER-EMPTY",
    question: "OfficialAccountBaseInfoFilter: []",
    behaviour: "same as no filter: every field",
  },
  {
    id: "A-FILTER-UNKNOWN",
    question: "Unknown names in OfficialAccountBaseInfoFilter",
    behaviour: "ignored",
  },
  {
    id: "A-INFO-DEFAULTS",
    question: "Values of fields never set",
    behaviour: "\"\" for text fields; LastMsgTime 0 (messages are not emulated); CreateTime in Unix seconds",
  },
  {
    id: "A-RATE-SCOPE",
    question: "Scope and answer of the 200/s limit",
    behaviour: "per app per command, token bucket with a burst of one second's worth; only requests that pass UserSig and admin checks count; answer 60007 over HTTP 200 (never 429)",
    switch: "maxRequestsPerSecond (CLI --max-rps)",
  },
  {
    id: "A-SERVICE-CHECK",
    question: "When 131000 (service not enabled) is checked",
    behaviour: "after UserSig, admin and rate-limit checks, before the body is parsed",
  },
  {
    id: "A-ERRORINFO",
    question: "English ErrorInfo wire strings",
    behaviour: "the documented descriptions (the 70009 text is the one seen on the wire), sometimes followed by a detail; clients must classify on ErrorCode only",
  },
  {
    id: "A-NO-REQUESTID",
    question: "Whether responses carry RequestId",
    behaviour: "no",
  },
  {
    id: "A-DELETE-SUBSCRIBER-KEY",
    question: "delete_subscriber request key",
    behaviour: "SubscriberToDel_Account (array of strings, the doc example) or SubscriberList ([{Subscriber_Account}], the doc table); ≤100 per call",
  },
  {
    id: "A-SUBSCRIBER-ITEMS",
    question: "Subscriber per-item results",
    behaviour: "a string that is not a UserID → Result 0; adding beyond MaxSubscriberNum → Result 0; users are not checked for import",
  },
  {
    id: "A-TRIAL-CAP",
    question: "The trial edition's 5-account cap and its code",
    behaviour: "not modelled",
  },
];

function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

/** The table as markdown, exactly as docs/emulator.md shows it. */
export function renderAssumptionsTable(): string {
  const rows = ASSUMPTIONS.map((a) => `| ${a.id} | ${cell(a.question)} | ${cell(a.behaviour)} | ${cell(a.switch ?? "")} |`);
  return ["| ID | Open question | Emulator behaviour | Switch |", "| --- | --- | --- | --- |", ...rows].join("\n");
}

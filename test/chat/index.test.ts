import { describe, expect, it } from "vitest";
import * as chat from "../../provider/chat";

describe("public API of pulumi-tencentcloud-chat/chat", () => {
  it("exports the client, its registry, errors, tables and helpers", () => {
    for (const name of [
      "OfficialAccountClient",
      "createOfficialAccountClient",
      "getOfficialAccountClient",
      "resetOfficialAccountClients",
      "ChatError",
      "ChatApiError",
      "ChatHttpStatusError",
      "ChatNetworkError",
      "ChatTimeoutError",
      "ChatDeadlineError",
      "ChatAbortedError",
      "ChatBadResponseError",
      "ChatConfigError",
      "ChatOutcomeUnknownError",
      "isChatError",
      "ERROR_CODE_TABLE",
      "ACCOUNT_NOT_FOUND",
      "describeErrorCode",
      "classifyError",
      "backoffDelayMs",
      "REGION_NAMES",
      "resolveBaseUrl",
      "TokenBucket",
      "RateLimiterRegistry",
      "transportStats",
      "closeSharedPools",
    ]) {
      expect(chat, name).toHaveProperty(name);
    }
    expect(chat.ACCOUNT_NOT_FOUND).toBe(130004);
    expect(chat.REGION_NAMES).toContain("silicon-valley");
  });
});

import { describe, expect, it } from "vitest";
import { parseEnvelope } from "../../provider/chat/envelope";
import { ChatApiError, ChatBadResponseError, ChatHttpStatusError, isChatError } from "../../provider/chat/errors";

const context = { command: "modify_official_account_base_info", sdkAppId: 1400000000, officialAccount: "@TOA#_support" };

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe("response envelope", () => {
  it("returns the body on OK, keeping unknown fields such as RequestId", () => {
    const body = parseEnvelope(200, '{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"RequestId":"Id-1","Extra":[1]}', context);
    expect(body).toMatchObject({ RequestId: "Id-1", Extra: [1] });
  });

  it("turns FAIL into a ChatApiError with the Tencent fields and a hint", () => {
    const error = thrown(() =>
      parseEnvelope(200, '{"ActionStatus":"FAIL","ErrorInfo":"no such account","ErrorCode":130004}', context),
    ) as ChatApiError;
    expect(error).toBeInstanceOf(ChatApiError);
    expect(error).toMatchObject({
      code: "TCHAT_API_ERROR",
      errorCode: 130004,
      errorInfo: "no such account",
      command: context.command,
      officialAccount: "@TOA#_support",
      sdkAppId: 1400000000,
      httpStatus: 200,
      retryable: "final",
      delivery: "answered",
    });
    expect(error.hint).toMatch(/does not exist/);
    expect(error.message).toContain("130004");
  });

  it("treats a non-zero ErrorCode as failure even when ActionStatus says OK, and accepts a numeric string", () => {
    expect(thrown(() => parseEnvelope(200, '{"ActionStatus":"OK","ErrorCode":"20005"}', context))).toMatchObject({
      code: "TCHAT_API_ERROR",
      errorCode: 20005,
      errorInfo: "",
      retryable: "transient",
    });
  });

  it.each([
    ["non-JSON", "<html>bad gateway</html>"],
    ["empty", ""],
    ["a JSON array", "[1,2]"],
    ["missing ActionStatus", '{"ErrorCode":0}'],
    ["missing ErrorCode", '{"ActionStatus":"OK"}'],
    ["FAIL with code 0", '{"ActionStatus":"FAIL","ErrorCode":0}'],
    ["ErrorCode not an integer", '{"ActionStatus":"OK","ErrorCode":0.5}'],
  ])("reports %s as TCHAT_BAD_RESPONSE", (_label, text) => {
    const error = thrown(() => parseEnvelope(200, text, context));
    expect(error).toBeInstanceOf(ChatBadResponseError);
    expect(error).toMatchObject({ code: "TCHAT_BAD_RESPONSE", delivery: "unknown", retryable: "final" });
  });

  it("reports a 502 as a transient TCHAT_HTTP_STATUS whose outcome is unknown", () => {
    const error = thrown(() => parseEnvelope(502, "<html>502</html>", context));
    expect(error).toBeInstanceOf(ChatHttpStatusError);
    expect(error).toMatchObject({ code: "TCHAT_HTTP_STATUS", httpStatus: 502, retryable: "transient", delivery: "unknown" });
  });

  it("reports a 404 as final, even with a valid envelope body", () => {
    const error = thrown(() => parseEnvelope(404, '{"ActionStatus":"OK","ErrorCode":0}', context));
    expect(error).toMatchObject({ code: "TCHAT_HTTP_STATUS", httpStatus: 404, retryable: "final" });
    expect(isChatError(error)).toBe(true);
  });

  it("keeps a long body out of the message beyond a short snippet", () => {
    const error = thrown(() => parseEnvelope(200, `<html>${"x".repeat(10_000)}</html>`, context)) as Error;
    expect(error.message.length).toBeLessThan(400);
  });
});

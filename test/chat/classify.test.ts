import { describe, expect, it } from "vitest";
import { classifyError, classifyHttpStatus, isAmbiguousFailure } from "../../provider/chat/classify";
import {
  ChatAbortedError,
  ChatApiError,
  ChatBadResponseError,
  ChatDeadlineError,
  ChatHttpStatusError,
  ChatNetworkError,
  ChatTimeoutError,
} from "../../provider/chat/errors";

const api = (errorCode: number) => new ChatApiError({ errorCode, errorInfo: "" });

describe("classification", () => {
  it.each([
    [10004, "transient"],
    [20005, "transient"],
    [60007, "throttled"],
    [60011, "throttled"],
    [60018, "throttled"],
    [60019, "throttled"],
    [6017, "final"],
    [20001, "final"],
    [130002, "final"],
    [130004, "final"],
    [130007, "final"],
    [130008, "final"],
    [131000, "final"],
    [60010, "final"],
    [70009, "final"],
    [70050, "final"],
    [12345, "final"],
  ])("Tencent %i is %s", (errorCode, kind) => {
    expect(classifyError(api(errorCode))).toBe(kind);
  });

  it("classifies HTTP statuses: 5xx transient, 429 throttled, others final", () => {
    expect(classifyHttpStatus(500)).toBe("transient");
    expect(classifyHttpStatus(502)).toBe("transient");
    expect(classifyHttpStatus(599)).toBe("transient");
    expect(classifyHttpStatus(429)).toBe("throttled");
    expect(classifyHttpStatus(404)).toBe("final");
    expect(classifyError(new ChatHttpStatusError({ httpStatus: 504 }))).toBe("transient");
  });

  it("classifies network errors and timeouts as transient, the rest as final", () => {
    expect(classifyError(new ChatNetworkError({ detail: "ECONNRESET" }))).toBe("transient");
    expect(classifyError(new ChatTimeoutError({ phase: "headers" }))).toBe("transient");
    expect(classifyError(new ChatDeadlineError({ deadlineMs: 1 }))).toBe("final");
    expect(classifyError(new ChatAbortedError())).toBe("final");
    expect(classifyError(new ChatBadResponseError({ detail: "x" }))).toBe("final");
  });

  it("classifies raw socket errors, looking through the cause chain", () => {
    expect(classifyError(Object.assign(new Error("reset"), { code: "ECONNRESET" }))).toBe("transient");
    expect(classifyError(new TypeError("fetch failed", { cause: Object.assign(new Error("x"), { code: "UND_ERR_SOCKET" }) }))).toBe(
      "transient",
    );
    expect(classifyError(new Error("boom"))).toBe("final");
    expect(classifyError("a string")).toBe("final");
  });

  it("marks as ambiguous only failures whose request may have been processed", () => {
    expect(isAmbiguousFailure(new ChatTimeoutError({ phase: "headers" }))).toBe(true);
    expect(isAmbiguousFailure(new ChatTimeoutError({ phase: "connect" }))).toBe(false);
    expect(isAmbiguousFailure(new ChatHttpStatusError({ httpStatus: 502 }))).toBe(true);
    expect(isAmbiguousFailure(new ChatBadResponseError({ detail: "x" }))).toBe(true);
    expect(isAmbiguousFailure(new ChatNetworkError({ detail: "ECONNREFUSED", delivery: "not-sent" }))).toBe(false);
    expect(isAmbiguousFailure(api(20005))).toBe(false);
  });
});

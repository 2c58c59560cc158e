import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { ChatApiError, ChatNetworkError } from "../../provider/chat/errors";
import { REDACTED, Redactor, redactUserSig } from "../../provider/chat/redact";
import { CANARY_SECRET } from "./support";

const userSig = "eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy0zLBwhWZiflZpXlQqeKU7MSCgswUJStDEwMogMiUZOamKlkZmqOKplYUZBaBxE1NTY3gosWZ6UpWSj5ljuYp*p7l5unBxXnF2WVhVU4uAf7Ozi5JpX7O5SbuHuUhzgZJmQXaTia2SrUAohcx8g__";

describe("redaction", () => {
  it("redacts usersig values in URLs and free text", () => {
    expect(redactUserSig(`https://h/v4/x/y?sdkappid=1&identifier=a&usersig=${userSig}&random=5&contenttype=json`)).toBe(
      `https://h/v4/x/y?sdkappid=1&identifier=a&usersig=${REDACTED}&random=5&contenttype=json`,
    );
    expect(redactUserSig(`failed: "usersig=${userSig}" and USERSIG=abc`)).toBe(`failed: "usersig=${REDACTED}" and USERSIG=${REDACTED}`);
  });

  it("redacts usersig= values it was not told about, in any text the redactor sees", () => {
    const redactor = new Redactor([CANARY_SECRET]);
    expect(redactor.text(`GET /x?usersig=someOlderSig*_&random=1 with ${CANARY_SECRET}`)).toBe(
      `GET /x?usersig=${REDACTED}&random=1 with ${REDACTED}`,
    );
  });

  it("removes the canary secret key and a known UserSig everywhere in an error, cause chain included", () => {
    const redactor = new Redactor([CANARY_SECRET]).with([userSig]);
    const socketError = Object.assign(new Error(`connect failed key=${CANARY_SECRET}`), { code: "ECONNRESET" });
    const wrapper = new TypeError(`fetch failed for ${userSig}`, { cause: socketError });
    const aggregate = new AggregateError([new Error(`inner ${CANARY_SECRET}`), wrapper], "many");
    // error → outer → aggregate → [inner, wrapper → socketError]
    const error = new ChatNetworkError({
      detail: `boom ${CANARY_SECRET}`,
      url: `http://h/x?usersig=${userSig}&random=1`,
      cause: new Error("outer", { cause: aggregate }),
    });
    redactor.error(error);
    const shown = inspect(error, { depth: 20 }) + JSON.stringify(error) + String(error.stack);
    expect(shown).not.toContain(CANARY_SECRET);
    expect(shown).not.toContain(userSig);
    expect(error.url).toBe(`http://h/x?usersig=${REDACTED}&random=1`);
    // The original foreign errors are left untouched; the chain holds redacted copies.
    expect(socketError.message).toContain(CANARY_SECRET);
  });

  it("keeps the code of socket errors in the copied cause chain", () => {
    const redactor = new Redactor([CANARY_SECRET]);
    const error = redactor.error(
      new ChatNetworkError({ detail: "x", cause: Object.assign(new Error(`reset ${CANARY_SECRET}`), { code: "ECONNRESET" }) }),
    );
    expect(error.cause).toMatchObject({ code: "ECONNRESET", message: `reset ${REDACTED}` });
  });

  it("redacts Tencent's ErrorInfo and keeps nested ChatErrors as they are", () => {
    const inner = new ChatApiError({ errorCode: 70009, errorInfo: `bad sig ${userSig}` });
    const outer = new ChatNetworkError({ detail: "x", cause: inner });
    new Redactor([CANARY_SECRET]).with([userSig]).error(outer);
    expect(outer.cause).toBe(inner);
    expect(inner.errorInfo).toBe(`bad sig ${REDACTED}`);
    expect(inner.message).not.toContain(userSig);
  });

  it("survives a cause cycle", () => {
    const a = new Error(`a ${CANARY_SECRET}`) as Error & { cause?: unknown };
    a.cause = a;
    const error = new ChatNetworkError({ detail: "cycle", cause: a });
    new Redactor([CANARY_SECRET]).error(error);
    expect(inspect(error, { depth: 30 })).not.toContain(CANARY_SECRET);
  });
});

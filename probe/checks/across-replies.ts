/** Checks over every reply the run received; they run last. */
import { errorInfo } from "../../emulator/codes";
import type { Check } from "../types";
import { confirmed, refuted } from "./support";

export const ACROSS_REPLY_CHECKS: readonly Check[] = [
  {
    id: "A-NO-REQUESTID",
    run: async (context) => {
      const withId = context.raw.replies.filter((reply) => reply.json !== undefined && "RequestId" in reply.json);
      return withId.length === 0
        ? confirmed(`no RequestId in ${context.raw.replies.length} replies`)
        : refuted(`RequestId in ${withId.length} of ${context.raw.replies.length} replies, e.g. ${JSON.stringify(withId[0]?.json?.RequestId)}`);
    },
  },
  {
    id: "A-ERRORINFO",
    run: async (context) => {
      // Per code, the first text seen; it matches when it starts with the documented description.
      const firstText = new Map<number, string>();
      for (const reply of context.raw.replies) {
        if (reply.errorCode !== undefined && reply.errorCode !== 0 && reply.errorInfo !== undefined && !firstText.has(reply.errorCode)) {
          firstText.set(reply.errorCode, reply.errorInfo);
        }
      }
      const differing = [...firstText].filter(([code, text]) => !text.startsWith(errorInfo(code)));
      const codes = [...firstText.keys()].sort((a, b) => a - b).join(", ");
      if (differing.length === 0) return confirmed(`documented texts for codes ${codes}`);
      return refuted(differing.map(([code, text]) => `${code}: ${JSON.stringify(text)}`).join("; "));
    },
  },
];

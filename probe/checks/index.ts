/** Every check in the order it runs: requests, reads of the untouched account, writes, then across replies. */
import type { Check } from "../types";
import { ACROSS_REPLY_CHECKS } from "./across-replies";
import { GET_INFO_CHECKS } from "./get-info";
import { REQUEST_SHAPE_CHECKS } from "./request-shape";
import { WRITE_CHECKS } from "./writes";

export const CHECKS: readonly Check[] = [...REQUEST_SHAPE_CHECKS, ...GET_INFO_CHECKS, ...WRITE_CHECKS, ...ACROSS_REPLY_CHECKS];
export { NOT_CHECKABLE } from "./not-checkable";

/**
 * The live probe (`pulumi-tencentcloud-chat probe`): the emulator's assumptions checked against a real app.
 * Kept apart from provider/ so the dynamic provider's serialized code never reaches it.
 */
export { runProbe, type ProbeOptions, type ProbeResult } from "./run";
export { runProbeCommand, type ProbeCommandIo } from "./cli-run";
export { readProbeEnvironment, PROBE_ENV, type ProbeEnvironment } from "./environment";
export { CHECKS, NOT_CHECKABLE } from "./checks";
export type { Check, Outcome, ProbeContext, Verdict, VerdictStatus } from "./types";

/**
 * Engine stand-in: drives @pulumi/pulumi's real dynamic-provider host over gRPC the way the Pulumi CLI does,
 * for tests, the demo and the benchmarks (plain TypeScript, runs under tsx; no vitest). See
 * docs/engine-standin.md.
 */
export { createEngine, defaultProviderType, ConfigureError, UnsupportedResourceError } from "./engine";
export type { EngineOptions, OperationOptions, StandinEngine } from "./engine";
export { startHost, HostStartError } from "./host";
export type { DynamicProviderHost, EngineCall, HostOutput, StartHostOptions } from "./host";
export { createProviderClient, ProviderCallError } from "./provider-client";
export type { CheckFailure, ConfigureRequest, DiffResponse, InitFailure, ProviderClient } from "./provider-client";
export { captureProgram, ProgramError } from "./program-capture";
export { loadPulumiGrpc, resolvePulumiDir } from "./grpc-modules";
export type { CapturedProgram, CapturedResource, CaptureProgramOptions } from "./program-capture";
export {
  appendingVariant,
  installTarball,
  packPackage,
  preparePackedStack,
  PackedPackageError,
  repoRoot,
  scratchRoot,
} from "./packed-package";
export type { PackageVariant, PackedStack, PreparePackedStackOptions } from "./packed-package";
export * from "./property-values";
export { renderChanges, renderOperation, renderStep } from "./printer";
export type { RenderOptions } from "./printer";
export { summarize } from "./results";
export type { OperationKind, OperationResult, StepOp, StepResult } from "./results";
export { secretConfig } from "./stack-config";
export type { StackConfig, StackConfigValue } from "./stack-config";
export { createStateStore } from "./state-store";
export type { ResourceState, StackState, StateStore } from "./state-store";
export { createPassphraseCrypter } from "./secrets-crypter";
export { findLeaks } from "./leak-scan";
export type { Leak, LeakScanOptions } from "./leak-scan";

import path from "node:path";

/**
 * gRPC and protobuf modules loaded from @pulumi/pulumi's own dependency tree, as resolved from the stack directory.
 * The generated stubs check `instanceof` (`Expected argument of type pulumirpc.CheckRequest`) and grpc-js checks
 * its own credential classes, so every module must be the very instance the SDK uses
 * (docs/engine-standin.md).
 */
export interface PulumiGrpcModules {
  pulumiDir: string;
  grpc: typeof import("@grpc/grpc-js");
  structPb: typeof import("google-protobuf/google/protobuf/struct_pb");
  emptyPb: typeof import("google-protobuf/google/protobuf/empty_pb");
  providerPb: typeof import("@pulumi/pulumi/proto/provider_pb");
  providerGrpc: typeof import("@pulumi/pulumi/proto/provider_grpc_pb");
  pluginPb: typeof import("@pulumi/pulumi/proto/plugin_pb");
  statusPb: typeof import("@pulumi/pulumi/proto/status_pb");
}

const cache = new Map<string, PulumiGrpcModules>();

/** The installed `@pulumi/pulumi` directory that `require` finds from `fromDir` (the host's cwd). */
export function resolvePulumiDir(fromDir: string): string {
  return path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [fromDir] }));
}

export function loadPulumiGrpc(fromDir: string): PulumiGrpcModules {
  const pulumiDir = resolvePulumiDir(fromDir);
  const cached = cache.get(pulumiDir);
  if (cached) return cached;
  const load = <T>(specifier: string): T => require(require.resolve(specifier, { paths: [pulumiDir] })) as T;
  const modules: PulumiGrpcModules = {
    pulumiDir,
    grpc: load("@grpc/grpc-js"),
    structPb: load("google-protobuf/google/protobuf/struct_pb"),
    emptyPb: load("google-protobuf/google/protobuf/empty_pb"),
    providerPb: load(path.join(pulumiDir, "proto", "provider_pb")),
    providerGrpc: load(path.join(pulumiDir, "proto", "provider_grpc_pb")),
    pluginPb: load(path.join(pulumiDir, "proto", "plugin_pb")),
    statusPb: load(path.join(pulumiDir, "proto", "status_pb")),
  };
  cache.set(pulumiDir, modules);
  return modules;
}

import path from "node:path";

/**
 * gRPC and the ResourceProvider protocol stubs, loaded from @pulumi/pulumi's own dependency tree (a peer
 * dependency): the generated stubs check `instanceof` against their own protobuf and grpc-js copies, so the
 * server must use those very instances. Only the stubs are loaded, never the SDK's entry point, which keeps the
 * plugin's start-up short (docs/plugin.md, "Start-up").
 */
export interface ProtocolModules {
  grpc: typeof import("@grpc/grpc-js");
  structPb: typeof import("google-protobuf/google/protobuf/struct_pb");
  emptyPb: typeof import("google-protobuf/google/protobuf/empty_pb");
  anyPb: typeof import("google-protobuf/google/protobuf/any_pb");
  providerPb: typeof import("@pulumi/pulumi/proto/provider_pb");
  providerGrpc: typeof import("@pulumi/pulumi/proto/provider_grpc_pb");
  pluginPb: typeof import("@pulumi/pulumi/proto/plugin_pb");
  statusPb: typeof import("@pulumi/pulumi/proto/status_pb");
}

export function loadProtocolModules(): ProtocolModules {
  const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  const load = <T>(specifier: string): T => require(require.resolve(specifier, { paths: [pulumiDir] })) as T;
  return {
    grpc: load("@grpc/grpc-js"),
    structPb: load("google-protobuf/google/protobuf/struct_pb"),
    emptyPb: load("google-protobuf/google/protobuf/empty_pb"),
    anyPb: load("google-protobuf/google/protobuf/any_pb"),
    providerPb: load(path.join(pulumiDir, "proto", "provider_pb")),
    providerGrpc: load(path.join(pulumiDir, "proto", "provider_grpc_pb")),
    pluginPb: load(path.join(pulumiDir, "proto", "plugin_pb")),
    statusPb: load(path.join(pulumiDir, "proto", "status_pb")),
  };
}

import { initFailureOf, PluginError } from "./errors";
import { loadProtocolModules, type ProtocolModules } from "./grpc-modules";
import { createProviderPlugin, type ProviderPlugin } from "./provider-plugin";
import type { PropertyDiffKind } from "./detailed-diff";

/**
 * Pulumi's ResourceProvider gRPC service over the plugin's answers (provider-plugin.ts). A server of its own
 * rather than `@pulumi/pulumi/provider`'s: that one answers CheckConfig with UNIMPLEMENTED, hands Configure's
 * config to no one and drops the detailed diff, the three things this plugin exists for (docs/plugin.md,
 * "Why a server of its own").
 */

type Bag = Record<string, unknown>;
type Callback = (error: unknown, response?: unknown) => void;
type Handler = (call: { request: any }, callback: Callback) => void;

export interface PluginServer {
  port: number;
  stop(): Promise<void>;
}

export function createProviderService(modules: ProtocolModules, plugin: ProviderPlugin, onCancel: () => void): Record<string, Handler> {
  const { grpc, structPb, emptyPb, anyPb, providerPb, pluginPb, statusPb } = modules;
  const struct = (bag: Bag) => structPb.Struct.fromJavaScript(bag as never);
  const plain = (value: { toJavaScript(): unknown } | undefined): Bag => (value?.toJavaScript() ?? {}) as Bag;

  const kinds: Record<PropertyDiffKind, number> = {
    add: providerPb.PropertyDiff.Kind.ADD,
    addReplace: providerPb.PropertyDiff.Kind.ADD_REPLACE,
    delete: providerPb.PropertyDiff.Kind.DELETE,
    deleteReplace: providerPb.PropertyDiff.Kind.DELETE_REPLACE,
    update: providerPb.PropertyDiff.Kind.UPDATE,
    updateReplace: providerPb.PropertyDiff.Kind.UPDATE_REPLACE,
  };

  /** The error as the engine reads it: the message, and a create/update's partial result as ErrorResourceInitFailed. */
  function grpcError(error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    const code = error instanceof PluginError && error.code === "TCHAT_PLUGIN_UNSUPPORTED" ? grpc.status.UNIMPLEMENTED : grpc.status.UNKNOWN;
    const metadata = new grpc.Metadata();
    const failure = initFailureOf(error);
    if (failure) {
      const detail = new providerPb.ErrorResourceInitFailed();
      detail.setId(failure.id);
      detail.setProperties(struct(failure.properties));
      detail.setReasonsList(failure.reasons);
      const any = new anyPb.Any();
      any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
      const status = new statusPb.Status();
      status.setCode(code);
      status.setMessage(message);
      status.addDetails(any);
      metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
    }
    return { code, details: message, message, metadata };
  }

  const handle =
    (work: (request: any) => Promise<unknown> | unknown): Handler =>
    (call, callback) => {
      Promise.resolve()
        .then(() => work(call.request))
        .then(
          (response) => callback(null, response),
          (error: unknown) => callback(grpcError(error)),
        );
    };

  const unimplemented =
    (method: string): Handler =>
    (_call, callback) =>
      callback({ code: grpc.status.UNIMPLEMENTED, details: `${method} is not implemented by the tencentcloud-chat provider` });

  const checkResponse = (inputs: Bag, failures: Array<{ property: string; reason: string }>) => {
    const response = new providerPb.CheckResponse();
    response.setInputs(struct(inputs));
    response.setFailuresList(
      failures.map((failure) => {
        const item = new providerPb.CheckFailure();
        item.setProperty(failure.property);
        item.setReason(failure.reason);
        return item;
      }),
    );
    return response;
  };

  return {
    getPluginInfo: handle(() => {
      const info = new pluginPb.PluginInfo();
      info.setVersion(plugin.pluginInfo().version);
      return info;
    }),
    handshake: handle(() => {
      const response = new providerPb.ProviderHandshakeResponse();
      response.setAcceptSecrets(true);
      response.setAcceptResources(false);
      response.setAcceptOutputs(false);
      return response;
    }),
    getSchema: handle((request) => {
      if (request.getSubpackageName()) throw new PluginError("TCHAT_PLUGIN_UNSUPPORTED", "getSchema", "this provider has no subpackages");
      const response = new providerPb.GetSchemaResponse();
      response.setSchema(plugin.schema());
      return response;
    }),
    checkConfig: handle((request) => {
      const result = plugin.checkConfig(plain(request.getNews()));
      return checkResponse(result.inputs, result.failures);
    }),
    diffConfig: handle((request) => {
      const result = plugin.diffConfig(plain(request.getOldInputs()), plain(request.getNews()));
      const response = new providerPb.DiffResponse();
      response.setChanges(result.changes ? providerPb.DiffResponse.DiffChanges.DIFF_SOME : providerPb.DiffResponse.DiffChanges.DIFF_NONE);
      response.setDiffsList(result.diffs);
      return response;
    }),
    configure: handle(async (request) => {
      await plugin.configure(plain(request.getArgs()));
      const response = new providerPb.ConfigureResponse();
      response.setAcceptsecrets(true);
      response.setSupportspreview(true);
      response.setAcceptresources(false);
      response.setAcceptoutputs(false);
      return response;
    }),
    check: handle(async (request) => {
      // The name is the URN's last part; older engines may leave the name field empty.
      const name: string = request.getName() || String(request.getUrn()).split("::").pop() || "";
      const result = await plugin.check(request.getType(), plain(request.getOlds()), plain(request.getNews()), name);
      return checkResponse(result.inputs, result.failures);
    }),
    diff: handle(async (request) => {
      const result = await plugin.diff(request.getType(), request.getId(), plain(request.getOlds()), plain(request.getNews()), plain(request.getOldInputs()));
      const response = new providerPb.DiffResponse();
      response.setChanges(result.changes ? providerPb.DiffResponse.DiffChanges.DIFF_SOME : providerPb.DiffResponse.DiffChanges.DIFF_NONE);
      response.setReplacesList(result.replaces);
      response.setDeletebeforereplace(result.deleteBeforeReplace);
      response.setDiffsList(result.diffs);
      const details = response.getDetaileddiffMap();
      for (const [key, diff] of Object.entries(result.detailedDiff)) {
        const item = new providerPb.PropertyDiff();
        item.setKind(kinds[diff.kind] as never);
        item.setInputdiff(diff.inputDiff);
        details.set(key, item);
      }
      response.setHasdetaileddiff(true);
      return response;
    }),
    create: handle(async (request) => {
      const result = await plugin.create(request.getType(), plain(request.getProperties()), request.getPreview());
      const response = new providerPb.CreateResponse();
      response.setId(result.id);
      response.setProperties(struct(result.outputs));
      return response;
    }),
    read: handle(async (request) => {
      const inputs = request.getInputs();
      const result = await plugin.read(request.getType(), request.getId(), plain(request.getProperties()), inputs ? plain(inputs) : undefined);
      const response = new providerPb.ReadResponse();
      response.setId(result.id);
      if (result.outputs) response.setProperties(struct(result.outputs));
      if (result.inputs) response.setInputs(struct(result.inputs));
      return response;
    }),
    update: handle(async (request) => {
      const result = await plugin.update(request.getType(), request.getId(), plain(request.getOlds()), plain(request.getNews()), request.getPreview());
      const response = new providerPb.UpdateResponse();
      response.setProperties(struct(result.outputs));
      return response;
    }),
    delete: handle(async (request) => {
      await plugin.delete(request.getType(), request.getId(), plain(request.getProperties()));
      return new emptyPb.Empty();
    }),
    cancel: handle(() => {
      onCancel();
      return new emptyPb.Empty();
    }),
    attach: handle(() => new emptyPb.Empty()),
    getMapping: handle(() => new providerPb.GetMappingResponse()),
    getMappings: handle(() => new providerPb.GetMappingsResponse()),
    parameterize: unimplemented("Parameterize"),
    invoke: unimplemented("Invoke"),
    call: unimplemented("Call"),
    construct: unimplemented("Construct"),
    list: unimplemented("List"),
  };
}

/** Serves the provider on 127.0.0.1 and a free port. */
export async function startPluginServer(options: { onCancel?: () => void } = {}): Promise<PluginServer> {
  const modules = loadProtocolModules();
  const { grpc, providerGrpc } = modules;
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  server.addService(providerGrpc.ResourceProviderService as never, createProviderService(modules, createProviderPlugin(), options.onCancel ?? (() => {})) as never);
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound)));
  });
  return {
    port,
    stop: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}

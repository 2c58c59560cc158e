import type { PulumiGrpcModules } from "./grpc-modules";
import type { PropertyMap } from "./property-values";

/**
 * The ResourceProvider RPCs as plain functions over JS property bags. No engine semantics here (secret stripping,
 * re-marking, state): that is engine.ts. Field meanings follow proto/pulumi/provider.proto and
 * docs/engine-standin.md.
 */
export interface ResourceRef {
  urn: string;
  name: string;
  type: string;
}

export interface ConfigureRequest {
  args: PropertyMap;
  variables: Record<string, string>;
  acceptSecrets: boolean;
  acceptResources: boolean;
  id?: string;
  urn?: string;
  name?: string;
  type?: string;
}

export interface ConfigureResponse {
  acceptSecrets: boolean;
  supportsPreview: boolean;
  acceptResources: boolean;
  acceptOutputs: boolean;
}

export interface CheckFailure {
  property: string;
  reason: string;
}

export type DiffChanges = "DIFF_UNKNOWN" | "DIFF_NONE" | "DIFF_SOME";

export type PropertyDiffKind = "ADD" | "ADD_REPLACE" | "DELETE" | "DELETE_REPLACE" | "UPDATE" | "UPDATE_REPLACE";

export interface DiffResponse {
  changes: DiffChanges;
  replaces: string[];
  stables: string[];
  deleteBeforeReplace: boolean;
  diffs: string[];
  hasDetailedDiff: boolean;
  /** Per property, when the provider sends one (a native plugin does; the dynamic host never does). */
  detailedDiff?: Record<string, { kind: PropertyDiffKind; inputDiff: boolean }>;
}

export interface InitFailure {
  id: string;
  properties: PropertyMap;
  reasons: string[];
}

/** A failed RPC: `message` is the host's error text (gRPC `details`). */
export class ProviderCallError extends Error {
  readonly code = "provider-call-failed";
  readonly method: string;
  readonly grpcCode: number;
  readonly initFailure?: InitFailure;
  constructor(method: string, grpcCode: number, message: string, initFailure?: InitFailure) {
    super(message);
    this.name = "ProviderCallError";
    this.method = method;
    this.grpcCode = grpcCode;
    if (initFailure) this.initFailure = initFailure;
  }
}

export interface ProviderClient {
  getPluginInfo(): Promise<{ version: string }>;
  handshake(): Promise<void>;
  getSchema(): Promise<string>;
  checkConfig(req: ResourceRef & { olds: PropertyMap; news: PropertyMap }): Promise<{ inputs: PropertyMap; failures: CheckFailure[] }>;
  configure(req: ConfigureRequest): Promise<ConfigureResponse>;
  check(
    req: ResourceRef & { olds: PropertyMap; news: PropertyMap; randomSeed?: Uint8Array },
  ): Promise<{ inputs: PropertyMap; failures: CheckFailure[] }>;
  diff(
    req: ResourceRef & { id: string; olds: PropertyMap; news: PropertyMap; oldInputs: PropertyMap; ignoreChanges?: string[] },
  ): Promise<DiffResponse>;
  create(
    req: ResourceRef & { properties: PropertyMap; timeoutSeconds?: number; preview?: boolean },
  ): Promise<{ id: string; properties: PropertyMap }>;
  read(
    req: ResourceRef & { id: string; properties: PropertyMap; inputs?: PropertyMap },
  ): Promise<{ id: string; properties: PropertyMap; inputs?: PropertyMap }>;
  update(
    req: ResourceRef & {
      id: string;
      olds: PropertyMap;
      news: PropertyMap;
      oldInputs: PropertyMap;
      timeoutSeconds?: number;
      ignoreChanges?: string[];
      preview?: boolean;
    },
  ): Promise<{ properties: PropertyMap }>;
  delete(
    req: ResourceRef & { id: string; properties: PropertyMap; oldInputs: PropertyMap; timeoutSeconds?: number },
  ): Promise<void>;
  close(): void;
}

type Callback = (error: (Error & { code?: number; details?: string; metadata?: unknown }) | null, response: any) => void;

export function createProviderClient(modules: PulumiGrpcModules, address: string): ProviderClient {
  const { grpc, structPb, emptyPb, providerPb, providerGrpc, statusPb } = modules;
  const client = new providerGrpc.ResourceProviderClient(address, grpc.credentials.createInsecure(), {
    // The engine's limit (runtime/settings.js grpcChannelOptions): large states must not hit the 4 MB default.
    "grpc.max_receive_message_length": 400 * 1024 * 1024,
  }) as unknown as Record<string, (request: unknown, callback: Callback) => void> & { close(): void };

  const struct = (value: PropertyMap) => structPb.Struct.fromJavaScript(value as never);
  const plain = (value: { toJavaScript(): unknown } | undefined): PropertyMap =>
    (value?.toJavaScript() ?? {}) as PropertyMap;

  function decodeInitFailure(error: { metadata?: unknown }): InitFailure | undefined {
    const metadata = error.metadata as { get(key: string): Array<string | Buffer> } | undefined;
    const raw = metadata?.get("grpc-status-details-bin")[0];
    if (!raw || typeof raw === "string") return undefined;
    const status = statusPb.Status.deserializeBinary(new Uint8Array(raw));
    for (const detail of status.getDetailsList()) {
      if (detail.getTypeUrl().endsWith("pulumirpc.ErrorResourceInitFailed")) {
        const failure = providerPb.ErrorResourceInitFailed.deserializeBinary(detail.getValue_asU8());
        return {
          id: failure.getId(),
          properties: plain(failure.getProperties()),
          reasons: failure.getReasonsList(),
        };
      }
    }
    return undefined;
  }

  function call<T>(method: string, request: unknown): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      client[method]!(request, (error, response) => {
        if (error) {
          const message = error.details ?? error.message;
          reject(new ProviderCallError(method, error.code ?? -1, message, decodeInitFailure(error)));
        } else {
          resolve(response as T);
        }
      });
    });
  }

  const diffChanges: Record<number, DiffChanges> = {
    [providerPb.DiffResponse.DiffChanges.DIFF_UNKNOWN]: "DIFF_UNKNOWN",
    [providerPb.DiffResponse.DiffChanges.DIFF_NONE]: "DIFF_NONE",
    [providerPb.DiffResponse.DiffChanges.DIFF_SOME]: "DIFF_SOME",
  };

  const propertyDiffKinds: Record<number, PropertyDiffKind> = Object.fromEntries(
    Object.entries(providerPb.PropertyDiff.Kind).map(([name, value]) => [value, name as PropertyDiffKind]),
  );

  function detailedDiffOf(response: InstanceType<typeof providerPb.DiffResponse>): DiffResponse["detailedDiff"] {
    const result: DiffResponse["detailedDiff"] = {};
    response.getDetaileddiffMap().forEach((diff, key) => {
      result[key] = { kind: propertyDiffKinds[diff.getKind()] ?? "UPDATE", inputDiff: diff.getInputdiff() };
    });
    return result;
  }

  function ref<T extends { setUrn(v: string): unknown; setName(v: string): unknown; setType(v: string): unknown }>(
    message: T,
    req: ResourceRef,
  ): T {
    message.setUrn(req.urn);
    message.setName(req.name);
    message.setType(req.type);
    return message;
  }

  return {
    async getPluginInfo() {
      const response = await call<{ getVersion(): string }>("getPluginInfo", new emptyPb.Empty());
      return { version: response.getVersion() };
    },
    async handshake() {
      const message = new providerPb.ProviderHandshakeRequest();
      await call("handshake", message);
    },
    async getSchema() {
      const response = await call<InstanceType<typeof providerPb.GetSchemaResponse>>("getSchema", new providerPb.GetSchemaRequest());
      return response.getSchema();
    },
    async checkConfig(req) {
      const message = ref(new providerPb.CheckRequest(), req);
      message.setOlds(struct(req.olds));
      message.setNews(struct(req.news));
      const response = await call<InstanceType<typeof providerPb.CheckResponse>>("checkConfig", message);
      return {
        inputs: plain(response.getInputs()),
        failures: response.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
      };
    },
    async configure(req) {
      const message = new providerPb.ConfigureRequest();
      message.setArgs(struct(req.args));
      const variables = message.getVariablesMap();
      for (const [key, value] of Object.entries(req.variables)) variables.set(key, value);
      message.setAcceptsecrets(req.acceptSecrets);
      message.setAcceptresources(req.acceptResources);
      message.setSendsOldInputs(true);
      message.setSendsOldInputsToDelete(true);
      if (req.id !== undefined) message.setId(req.id);
      if (req.urn !== undefined) message.setUrn(req.urn);
      if (req.name !== undefined) message.setName(req.name);
      if (req.type !== undefined) message.setType(req.type);
      const response = await call<InstanceType<typeof providerPb.ConfigureResponse>>("configure", message);
      return {
        acceptSecrets: response.getAcceptsecrets(),
        supportsPreview: response.getSupportspreview(),
        acceptResources: response.getAcceptresources(),
        acceptOutputs: response.getAcceptoutputs(),
      };
    },
    async check(req) {
      const message = ref(new providerPb.CheckRequest(), req);
      message.setOlds(struct(req.olds));
      message.setNews(struct(req.news));
      if (req.randomSeed) message.setRandomseed(req.randomSeed);
      const response = await call<InstanceType<typeof providerPb.CheckResponse>>("check", message);
      return {
        inputs: plain(response.getInputs()),
        failures: response.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
      };
    },
    async diff(req) {
      const message = ref(new providerPb.DiffRequest(), req);
      message.setId(req.id);
      message.setOlds(struct(req.olds));
      message.setNews(struct(req.news));
      message.setOldInputs(struct(req.oldInputs));
      message.setIgnorechangesList(req.ignoreChanges ?? []);
      const response = await call<InstanceType<typeof providerPb.DiffResponse>>("diff", message);
      return {
        changes: diffChanges[response.getChanges()] ?? "DIFF_UNKNOWN",
        replaces: response.getReplacesList(),
        stables: response.getStablesList(),
        deleteBeforeReplace: response.getDeletebeforereplace(),
        diffs: response.getDiffsList(),
        hasDetailedDiff: response.getHasdetaileddiff(),
        detailedDiff: detailedDiffOf(response),
      };
    },
    async create(req) {
      const message = ref(new providerPb.CreateRequest(), req);
      message.setProperties(struct(req.properties));
      message.setTimeout(req.timeoutSeconds ?? 0);
      message.setPreview(req.preview ?? false);
      const response = await call<InstanceType<typeof providerPb.CreateResponse>>("create", message);
      return { id: response.getId(), properties: plain(response.getProperties()) };
    },
    async read(req) {
      const message = ref(new providerPb.ReadRequest(), req);
      message.setId(req.id);
      message.setProperties(struct(req.properties));
      if (req.inputs) message.setInputs(struct(req.inputs));
      const response = await call<InstanceType<typeof providerPb.ReadResponse>>("read", message);
      const inputs = response.getInputs();
      return {
        id: response.getId(),
        properties: plain(response.getProperties()),
        ...(inputs ? { inputs: plain(inputs) } : {}),
      };
    },
    async update(req) {
      const message = ref(new providerPb.UpdateRequest(), req);
      message.setId(req.id);
      message.setOlds(struct(req.olds));
      message.setNews(struct(req.news));
      message.setOldInputs(struct(req.oldInputs));
      message.setTimeout(req.timeoutSeconds ?? 0);
      message.setIgnorechangesList(req.ignoreChanges ?? []);
      message.setPreview(req.preview ?? false);
      const response = await call<InstanceType<typeof providerPb.UpdateResponse>>("update", message);
      return { properties: plain(response.getProperties()) };
    },
    async delete(req) {
      const message = ref(new providerPb.DeleteRequest(), req);
      message.setId(req.id);
      message.setProperties(struct(req.properties));
      message.setOldInputs(struct(req.oldInputs));
      message.setTimeout(req.timeoutSeconds ?? 0);
      await call("delete", message);
    },
    close() {
      client.close();
    },
  };
}

/**
 * The parts of Pulumi's package schema this plugin emits (the format is Pulumi's package metaschema,
 * `pkg/codegen/schema/pulumi.json` in pulumi/pulumi; a copy lives in vendor/pulumi-package-metaschema/).
 */
export interface PropertySpec {
  type?: "string" | "integer" | "number" | "boolean" | "array" | "object";
  $ref?: string;
  items?: PropertySpec;
  additionalProperties?: PropertySpec;
  description: string;
  secret?: boolean;
  default?: string | number | boolean;
  defaultInfo?: { environment: string[] };
  replaceOnChanges?: boolean;
  willReplaceOnChanges?: boolean;
}

export interface ObjectTypeSpec {
  type: "object";
  description: string;
  properties: Record<string, PropertySpec>;
  required?: string[];
}

export interface EnumTypeSpec {
  type: "string";
  description: string;
  enum: Array<{ value: string; description: string }>;
}

export interface ResourceSpec {
  description: string;
  inputProperties: Record<string, PropertySpec>;
  requiredInputs: string[];
  properties: Record<string, PropertySpec>;
  required: string[];
  type?: "object";
}

export interface PackageSchema {
  name: string;
  displayName: string;
  version: string;
  description: string;
  keywords: string[];
  homepage: string;
  repository: string;
  license: string;
  publisher: string;
  /** `defaults` is the engine's list of required config variables (ConfigSpec.Required), not default values. */
  config: { variables: Record<string, PropertySpec>; defaults?: string[] };
  provider: { description: string; inputProperties: Record<string, PropertySpec> };
  types: Record<string, ObjectTypeSpec | EnumTypeSpec>;
  resources: Record<string, ResourceSpec>;
  language: Record<string, Record<string, unknown>>;
}

import { CONFIG_PROPERTIES } from "./config-schema";
import { PLUGIN_PACKAGE, pluginVersion } from "./package-info";
import { RESOURCE_TYPES } from "./resource-types";
import type { PackageSchema } from "./schema-types";

/**
 * The package schema `GetSchema` returns: what `pulumi package add` generates SDKs from and what Pulumi YAML
 * type-checks against. Built from the resource table, so a new resource needs no change here. Validated against
 * Pulumi's metaschema in test/plugin/schema.test.ts.
 */
export function packageSchema(version: string = pluginVersion()): PackageSchema {
  const types: PackageSchema["types"] = {};
  const resources: PackageSchema["resources"] = {};
  for (const entry of RESOURCE_TYPES) {
    Object.assign(types, entry.types);
    resources[entry.token] = entry.spec;
  }
  return {
    name: PLUGIN_PACKAGE.name,
    displayName: PLUGIN_PACKAGE.displayName,
    version,
    description: PLUGIN_PACKAGE.description,
    keywords: [...PLUGIN_PACKAGE.keywords],
    homepage: PLUGIN_PACKAGE.repository,
    repository: PLUGIN_PACKAGE.repository,
    license: PLUGIN_PACKAGE.license,
    publisher: PLUGIN_PACKAGE.publisher,
    // No `config.defaults`: the engine reads it as the list of *required* config variables (ConfigSpec.Required is
    // `json:"defaults"` in pkg/codegen/schema/schema.go, bound at "#/config/defaults" in bind.go), so generated SDKs
    // would type every setting as always present. None is required: each has an environment fallback
    // (docs/plugin.md, docs/installation-configuration.md).
    config: { variables: CONFIG_PROPERTIES },
    provider: {
      description: "The provider for Tencent Cloud Chat. Its settings are the `tencentcloud-chat:*` stack config keys.",
      inputProperties: CONFIG_PROPERTIES,
    },
    types,
    resources,
    language: {
      // Node programs keep the dynamic resources of the npm package; this name is for an SDK generated with `pulumi package add`.
      nodejs: { packageName: "@pulumi-tencentcloud-chat/native", packageDescription: PLUGIN_PACKAGE.description },
      python: { packageName: "pulumi_tencentcloud_chat" },
      go: { importBasePath: "github.com/pulumi-tencentcloud-chat/pulumi-tencentcloud-chat/sdk/go/tencentcloudchat" },
      csharp: { rootNamespace: "Pulumi", namespaces: { [PLUGIN_PACKAGE.name]: "TencentCloudChat" }, packageReferences: { Pulumi: "3.*" } },
    },
  };
}

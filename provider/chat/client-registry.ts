import { createHash } from "node:crypto";
import { DEFAULTS } from "../defaults";
import { resolveBaseUrl } from "./endpoints";
import { OfficialAccountClient } from "./official-accounts";
import type { OfficialAccountClientOptions } from "./options";
import type { ChatConnection } from "./types";

/**
 * One client per (base URL, SDKAppID, identifier, secret-key fingerprint) per process (docs/architecture.md, decision 8), so
 * every resource of an app shares its cached UserSig, read batcher and limiter. Built lazily at run time,
 * never captured by a serialized closure. The key holds a hash of the secret, never the secret.
 */
const clients = new Map<string, OfficialAccountClient>();

function registryKey(connection: ChatConnection): string {
  const keyFingerprint = createHash("sha256").update(connection.secretKey, "utf8").digest("hex").slice(0, 16);
  return [resolveBaseUrl(connection), connection.sdkAppId, connection.identifier ?? DEFAULTS.identifier, keyFingerprint].join("|");
}

/**
 * The process-wide client for this connection.
 *
 * `options` apply only when the client is first created: a later call with the same connection gets that
 * client back and its `options` are ignored, whatever they say (tunables, dispatcher, clock). The key
 * deliberately leaves options out: the registry exists so that every caller of one app shares one UserSig
 * cache and one read batcher (reads of different callers coalesce into one get_official_account_info), which
 * a key per tunable set would split; and the function-valued options (dispatcher, nowMs, sleep, random,
 * rateLimiter) have no meaningful key. Pass options on the first call (the Pulumi provider does, from stack
 * config), or use createOfficialAccountClient for a client with options of its own.
 */
export function getOfficialAccountClient(connection: ChatConnection, options?: OfficialAccountClientOptions): OfficialAccountClient {
  const key = registryKey(connection);
  let client = clients.get(key);
  if (client === undefined) {
    client = new OfficialAccountClient(connection, options);
    clients.set(key, client);
  }
  return client;
}

/** A client of its own, not shared (it still uses the process-wide pools and limiter unless told otherwise). */
export function createOfficialAccountClient(connection: ChatConnection, options?: OfficialAccountClientOptions): OfficialAccountClient {
  return new OfficialAccountClient(connection, options);
}

/**
 * Forgets every shared client, so the next getOfficialAccountClient builds a new one with its options. A test
 * and benchmark hook, not part of the documented API.
 * @internal
 */
export function resetOfficialAccountClients(): void {
  clients.clear();
}

import { createHash } from "node:crypto";
import { DEFAULTS } from "../defaults";
import { resolveBaseUrl } from "./endpoints";
import { OfficialAccountClient } from "./official-accounts";
import type { OfficialAccountClientOptions } from "./options";
import type { ChatConnection } from "./types";

/**
 * One client per (base URL, SDKAppID, identifier, secret-key fingerprint) per process (DESIGN §4.8), so
 * every resource of an app shares its cached UserSig, read batcher and limiter. Built lazily at run time,
 * never captured by a serialized closure. The key holds a hash of the secret, never the secret.
 */
const clients = new Map<string, OfficialAccountClient>();

function registryKey(connection: ChatConnection): string {
  const keyFingerprint = createHash("sha256").update(connection.secretKey, "utf8").digest("hex").slice(0, 16);
  return [resolveBaseUrl(connection), connection.sdkAppId, connection.identifier ?? DEFAULTS.identifier, keyFingerprint].join("|");
}

/** The process-wide client for this connection. `options` apply when it is first created. */
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

/** Forgets every shared client (tests). */
export function resetOfficialAccountClients(): void {
  clients.clear();
}

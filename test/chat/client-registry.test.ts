import { afterEach, describe, expect, it } from "vitest";
import { ChatConfigError } from "../../provider/chat/errors";
import { createOfficialAccountClient, getOfficialAccountClient, resetOfficialAccountClients } from "../../provider/chat/client-registry";
import { OfficialAccountClient } from "../../provider/chat/official-accounts";

afterEach(() => resetOfficialAccountClients());

const connection = { sdkAppId: 1400000000, secretKey: "secret-one-0123456789" };

describe("client registry", () => {
  it("returns one client per (base URL, app, identifier, key) per process", () => {
    const client = getOfficialAccountClient(connection);
    expect(client).toBeInstanceOf(OfficialAccountClient);
    expect(getOfficialAccountClient({ ...connection })).toBe(client);
    expect(getOfficialAccountClient({ ...connection, region: "china", identifier: "administrator" })).toBe(client);
    expect(getOfficialAccountClient({ ...connection, region: "singapore" })).not.toBe(client);
    expect(getOfficialAccountClient({ ...connection, endpoint: "http://127.0.0.1:9" })).not.toBe(client);
    expect(getOfficialAccountClient({ ...connection, sdkAppId: 1400000001 })).not.toBe(client);
    expect(getOfficialAccountClient({ ...connection, identifier: "ops" })).not.toBe(client);
    expect(getOfficialAccountClient({ ...connection, secretKey: "secret-two-0123456789" })).not.toBe(client);
  });

  it("forgets clients on reset, and createOfficialAccountClient never shares", () => {
    const client = getOfficialAccountClient(connection);
    resetOfficialAccountClients();
    expect(getOfficialAccountClient(connection)).not.toBe(client);
    expect(createOfficialAccountClient(connection)).not.toBe(createOfficialAccountClient(connection));
  });

  it("validates the connection when the client is created", () => {
    expect(() => getOfficialAccountClient({ ...connection, sdkAppId: 0 })).toThrow(ChatConfigError);
    expect(() => getOfficialAccountClient({ ...connection, secretKey: "" })).toThrow(ChatConfigError);
    expect(() => getOfficialAccountClient({ ...connection, region: "atlantis" as never })).toThrow(/unknown region/);
    expect(() => createOfficialAccountClient(connection, { maxAttempts: 0 })).toThrow(ChatConfigError);
  });

  it("exposes the resolved base URL and identifier", () => {
    const client = getOfficialAccountClient({ ...connection, region: "frankfurt" });
    expect(client.baseUrl).toBe("https://adminapiger.im.qcloud.com");
    expect(client.identifier).toBe("administrator");
  });
});

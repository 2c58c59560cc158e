import { describe, expect, it } from "vitest";
import {
  REGION_NAMES,
  buildRequestUrl,
  isLoopbackHost,
  parseBaseUrl,
  randomUint32,
  regionDomain,
  resolveBaseUrl,
} from "../../provider/chat/endpoints";
import { ChatConfigError } from "../../provider/chat/errors";
import { OfficialAccountClient } from "../../provider/chat/official-accounts";

describe("regions and domains", () => {
  it("maps every region to its documented primary domain", () => {
    const expected: Record<string, string> = {
      china: "console.tim.qq.com",
      singapore: "adminapisgp.im.qcloud.com",
      seoul: "adminapikr.im.qcloud.com",
      frankfurt: "adminapiger.im.qcloud.com",
      "silicon-valley": "adminapiusa.im.qcloud.com",
      jakarta: "adminapiidn.im.qcloud.com",
      tokyo: "adminapijpn.im.qcloud.com",
      mumbai: "adminapiind.im.qcloud.com",
    };
    expect([...REGION_NAMES].sort()).toEqual(Object.keys(expected).sort());
    for (const [region, domain] of Object.entries(expected)) expect(regionDomain(region)).toBe(domain);
  });

  it("maps regions to the *.my-imcloud.com standby domains", () => {
    expect(regionDomain("china", true)).toBe("adminapi.my-imcloud.com");
    expect(regionDomain("singapore", true)).toBe("adminapisgp.my-imcloud.com");
    expect(regionDomain("seoul", true)).toBe("adminapikr.my-imcloud.com");
    expect(regionDomain("frankfurt", true)).toBe("adminapiger.my-imcloud.com");
    expect(regionDomain("mumbai", true)).toBe("adminapiind.my-imcloud.com");
    expect(regionDomain("silicon-valley", true)).toBe("adminapiusa.my-imcloud.com");
    expect(regionDomain("jakarta", true)).toBe("adminapiidn.my-imcloud.com");
  });

  it("refuses a standby domain for tokyo with a config error", () => {
    const error = (() => {
      try {
        regionDomain("tokyo", true);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ChatConfigError);
    expect(error).toMatchObject({ code: "TCHAT_CONFIG", setting: "standbyDomain" });
  });

  it("rejects an unknown region, listing the valid names", () => {
    try {
      resolveBaseUrl({ region: "mars" as never });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ChatConfigError);
      const configError = error as ChatConfigError;
      expect(configError.setting).toBe("region");
      for (const name of REGION_NAMES) expect(configError.hint).toContain(name);
    }
  });

  it("resolves base URLs: default china, region, standby, endpoint override", () => {
    expect(resolveBaseUrl({})).toBe("https://console.tim.qq.com");
    expect(resolveBaseUrl({ region: "frankfurt" })).toBe("https://adminapiger.im.qcloud.com");
    expect(resolveBaseUrl({ region: "jakarta", standbyDomain: true })).toBe("https://adminapiidn.my-imcloud.com");
    expect(resolveBaseUrl({ region: "tokyo", endpoint: "http://127.0.0.1:40123/" })).toBe("http://127.0.0.1:40123");
    expect(resolveBaseUrl({ endpoint: "https://proxy.example.com/chat//" })).toBe("https://proxy.example.com/chat");
  });

  it("rejects endpoints that are not http(s) base URLs", () => {
    for (const endpoint of ["console.tim.qq.com", "ftp://x.example", "https://x.example/?a=1"]) {
      expect(() => resolveBaseUrl({ endpoint })).toThrow(ChatConfigError);
    }
  });
});

describe("plain http only on loopback (the UserSig travels in every request's query string)", () => {
  const LOOPBACK = [
    "http://127.0.0.1:8080",
    "http://127.255.3.4",
    "http://127.1:9", // the URL parser rewrites it to 127.0.0.1
    "http://0x7f.0.0.1:9",
    "http://[::1]:8080",
    "http://localhost:8080",
    "HTTP://LocalHost:8080/",
  ];
  const REMOTE = [
    "http://console.tim.qq.com",
    "http://10.0.0.5:8080",
    "http://128.0.0.1",
    "http://0.0.0.0:8080",
    "http://[::2]:8080",
    "http://[::ffff:127.0.0.1]", // a mapped address is not one of the three loopback forms
    "http://localhost.example.com",
    "http://127.0.0.1.nip.io",
    "http://emulator:8080",
  ];

  it.each(LOOPBACK)("accepts %s", (endpoint) => {
    expect(parseBaseUrl(endpoint, "endpoint")).toHaveProperty("baseUrl");
    expect(() => resolveBaseUrl({ endpoint })).not.toThrow();
  });

  it.each(REMOTE)("refuses %s with a typed error naming the setting, not the value", (endpoint) => {
    const parsed = parseBaseUrl(endpoint, "endpoint");
    expect(parsed).toMatchObject({ reason: "plain-http-remote" });
    let error: unknown;
    try {
      resolveBaseUrl({ endpoint });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ChatConfigError);
    const configError = error as ChatConfigError;
    expect(configError).toMatchObject({ code: "TCHAT_CONFIG", setting: "endpoint" });
    expect(configError.message).toContain("plain http to a host that is not loopback");
    expect(configError.message).not.toContain(endpoint);
    expect(configError.hint).toContain("https");
  });

  it("the client refuses it when constructed, before any request", () => {
    expect(() => new OfficialAccountClient({ sdkAppId: 1400000000, secretKey: "k", endpoint: "http://10.0.0.5:8080" })).toThrow(ChatConfigError);
    expect(() => new OfficialAccountClient({ sdkAppId: 1400000000, secretKey: "k", endpoint: "http://127.0.0.1:8080" })).not.toThrow();
  });

  it("accepts https to any host", () => {
    for (const endpoint of ["https://console.tim.qq.com", "https://10.0.0.5:8443", "https://emulator:8443/chat"]) {
      expect(parseBaseUrl(endpoint, "endpoint")).toHaveProperty("baseUrl");
    }
  });

  it("knows the three loopback forms and nothing else", () => {
    expect(["localhost", "[::1]", "127.0.0.1", "127.9.8.7"].every(isLoopbackHost)).toBe(true);
    expect(["localhost.", "::1", "[::2]", "127.0.0.1.example", "1.127.0.0", "example.com"].some(isLoopbackHost)).toBe(false);
  });
});

describe("request URL", () => {
  it("has the documented shape with every value percent-encoded", () => {
    const url = buildRequestUrl({
      baseUrl: "https://console.tim.qq.com",
      command: "modify_official_account_base_info",
      sdkAppId: 1400000000,
      identifier: "admin #1&x",
      userSig: "eJy*ab-c_",
      random: 4294967295,
    });
    expect(url).toBe(
      "https://console.tim.qq.com/v4/official_account_open_http_svc/modify_official_account_base_info" +
        "?sdkappid=1400000000&identifier=admin%20%231%26x&usersig=eJy*ab-c_&random=4294967295&contenttype=json",
    );
    const parsed = new URL(url);
    expect(parsed.searchParams.get("identifier")).toBe("admin #1&x");
    expect([...parsed.searchParams.keys()]).toEqual(["sdkappid", "identifier", "usersig", "random", "contenttype"]);
  });

  it("maps the random source onto 0..4294967295", () => {
    expect(randomUint32(() => 0)).toBe(0);
    expect(randomUint32(() => 0.5)).toBe(2147483648);
    expect(randomUint32(() => 1 - Number.EPSILON)).toBe(4294967295);
  });
});

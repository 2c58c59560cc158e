import { signUserSig, type SignUserSigInput } from "./usersig";
import type { NowMs } from "./timing";

/**
 * One admin UserSig per client, signed once and reused until shortly before it expires. Tencent allows
 * reusing a fixed UserSig ("亦可生成一个固定的 UserSig 重复使用,但请特别注意 UserSig 的有效期",
 * cloud.tencent.com/document/product/647/63417); doocs ImClient renews 100 s before expiry.
 */
export interface UserSigCacheOptions {
  sdkAppId: number;
  identifier: string;
  secretKey: string;
  ttlSeconds: number;
  renewBeforeExpirySeconds: number;
  nowMs: NowMs;
  /** Injected for tests that count signatures. */
  sign?: (input: SignUserSigInput) => string;
}

export class UserSigCache {
  private readonly options: UserSigCacheOptions;
  private readonly sign: (input: SignUserSigInput) => string;
  private cached: string | undefined;
  private renewAtMs = 0;

  constructor(options: UserSigCacheOptions) {
    if (options.renewBeforeExpirySeconds >= options.ttlSeconds) {
      throw new RangeError("renewBeforeExpirySeconds must be shorter than ttlSeconds");
    }
    this.options = options;
    this.sign = options.sign ?? signUserSig;
  }

  /** The UserSig to send now. */
  current(): string {
    const nowMs = this.options.nowMs();
    if (this.cached === undefined || nowMs >= this.renewAtMs) {
      const issuedAtSeconds = Math.floor(nowMs / 1000);
      this.cached = this.sign({
        sdkAppId: this.options.sdkAppId,
        identifier: this.options.identifier,
        secretKey: this.options.secretKey,
        issuedAtSeconds,
        ttlSeconds: this.options.ttlSeconds,
      });
      this.renewAtMs = (issuedAtSeconds + this.options.ttlSeconds - this.options.renewBeforeExpirySeconds) * 1000;
    }
    return this.cached;
  }

  /** The last UserSig handed out, if any (for redaction). */
  lastIssued(): string | undefined {
    return this.cached;
  }
}

import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from "node:crypto";

/**
 * Encrypts secret values for the stand-in's state file. Deliberately simple, and NOT Pulumi's passphrase secrets
 * provider (that one derives its key with PBKDF2 and is interoperable with the CLI; this one is not):
 * AES-256-GCM with a key from scrypt(passphrase, per-stack salt), ciphertext `v1:<nonce>:<ciphertext+tag>` in base64.
 * Its only jobs: secrets never appear as plaintext in the state file, and the stand-in can read them back.
 */
export interface SecretsCrypter {
  /** `{ type, salt }`, stored in the state file so the same passphrase can decrypt later. */
  describe(): { type: string; salt: string };
  encrypt(plaintext: string): string;
  decrypt(ciphertext: string): string;
}

export class SecretsDecryptError extends Error {
  readonly code = "secrets-decrypt-failed";
  constructor(message: string) {
    super(message);
    this.name = "SecretsDecryptError";
  }
}

export const crypterType = "standin-passphrase";

export function createPassphraseCrypter(passphrase: string, saltHex: string = randomBytes(16).toString("hex")): SecretsCrypter {
  const key = scryptSync(passphrase, Buffer.from(saltHex, "hex"), 32);
  return {
    describe: () => ({ type: crypterType, salt: saltHex }),
    encrypt(plaintext) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, nonce);
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
      return `v1:${nonce.toString("base64")}:${body.toString("base64")}`;
    },
    decrypt(ciphertext) {
      const [version, nonceText, bodyText] = ciphertext.split(":");
      if (version !== "v1" || !nonceText || !bodyText) throw new SecretsDecryptError("unrecognised ciphertext");
      const body = Buffer.from(bodyText, "base64");
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(nonceText, "base64"));
      decipher.setAuthTag(body.subarray(body.length - 16));
      try {
        return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString("utf8");
      } catch {
        throw new SecretsDecryptError("wrong passphrase, or the state file was altered");
      }
    },
  };
}

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random secret, URL-safe. 32 bytes = 256 bits. */
export const randomSecret = (bytes = 32) => randomBytes(bytes).toString('base64url');

/** Secrets are stored as sha256: enough for random 256-bit values, and fast to look up. */
export const secretHash = (secret: string) => createHash('sha256').update(secret).digest('hex');

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

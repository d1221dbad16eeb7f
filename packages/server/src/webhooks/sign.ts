import { createHmac, randomBytes } from 'node:crypto';

/** 256 random bits: the receiver's HMAC key. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/**
 * `sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>`: the timestamp is signed with the
 * body so a receiver can refuse replays of an old delivery.
 */
export function signature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

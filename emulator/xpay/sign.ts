/**
 * The signatures of virtual payment, as WeChat checks them (the functions
 * compute the same in cloudfunctions/shared/payment/xpay-api.ts; the two are
 * written apart so that each checks the other):
 *   pay_sig   = hex(HMAC-SHA256(AppKey, uri + "&" + body)) on the server API
 *   paySig    = hex(HMAC-SHA256(AppKey, "requestVirtualPayment&" + signData))
 *   signature = hex(HMAC-SHA256(session_key, signData))
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function hmacSha256Hex(key: string, text: string): string {
  return createHmac('sha256', key).update(text, 'utf8').digest('hex');
}

export const serverPaySig = (appKey: string, uri: string, body: string) => hmacSha256Hex(appKey, `${uri}&${body}`);
export const clientPaySig = (appKey: string, signData: string) => hmacSha256Hex(appKey, `requestVirtualPayment&${signData}`);
export const userSignature = (sessionKey: string, signData: string) => hmacSha256Hex(sessionKey, signData);

/** Compares without leaking where a guess went wrong; anything but a string is wrong. */
export function sameHex(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(expected), Buffer.from(given));
}

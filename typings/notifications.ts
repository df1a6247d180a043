/**
 * What the payment system sends the functions it notifies (payCallback,
 * refundCallback), and what they answer. Nothing in a notification is trusted
 * but the number to look up: the function asks WeChat Pay itself.
 */
import { z } from 'zod';
import { outRefundNo, outTradeNo } from '../database-schema/common';

export const notificationSchemas = {
  payCallback: z.object({ outTradeNo }),
  refundCallback: z.object({ outRefundNo }),
};

export type NotificationName = keyof typeof notificationSchemas;
export type NotificationOf<N extends NotificationName> = z.infer<(typeof notificationSchemas)[N]>;

/** `errcode: 0` tells WeChat Pay the notification is handled; anything else makes it retry. */
export interface NotificationAnswer {
  errcode: number;
  errmsg: string;
}

/**
 * What the domain makes of a notification: done (durable; `recorded` when it
 * was written down for operators instead of settled), or not yet, with the
 * payment system's word, so that it notifies again.
 */
export type NotificationOutcome = { done: true; recorded: boolean } | { done: false; reason: string };

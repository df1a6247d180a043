/**
 * What the payment system sends the functions it notifies (payCallback,
 * refundCallback), and what they answer. Nothing in a notification is trusted
 * but the number to look up: the function asks WeChat Pay itself.
 */
import { z } from 'zod';
import { outTradeNo } from '../database-schema/common';

export const notificationSchemas = {
  payCallback: z.object({ outTradeNo }),
  refundCallback: z.object({ outRefundNo: z.string().regex(/^[0-9A-Za-z_\-|*@]{1,64}$/) }),
};

export type NotificationName = keyof typeof notificationSchemas;
export type NotificationOf<N extends NotificationName> = z.infer<(typeof notificationSchemas)[N]>;

/** `errcode: 0` tells WeChat Pay the notification is handled; anything else makes it retry. */
export interface NotificationAnswer {
  errcode: number;
  errmsg: string;
}

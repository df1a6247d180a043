/**
 * WeChat subscribe messages (订阅消息) to learners who agreed to them on the
 * purchase page (wx.requestSubscribeMessage). Best effort: a message that
 * cannot be sent is logged, never an error of the operation that sent it.
 */
import { cloud } from './cloud';
import { notificationSettings } from './settings';
import { inBeijing } from './time';

/** WeChat's answer when the learner has not agreed to the template (or used up the one message agreed to). */
export const NOT_SUBSCRIBED = 43101;

interface SubscribeMessage {
  touser: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
  miniprogramState: 'developer' | 'trial' | 'formal';
}

/** wx-server-sdk types `cloud.openapi` as any: this is the call we make. */
const subscribeMessage = () => (cloud.openapi as { subscribeMessage: { send(message: SubscribeMessage): Promise<unknown> } }).subscribeMessage;

/** A `thing` field holds at most 20 characters. */
export function thingValue(text: string, max = 20): string {
  const chars = Array.from(text.trim());
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

/** 9900 → `¥99.00` */
export const amountValue = (fen: number): string => `¥${(fen / 100).toFixed(2)}`;

/** `2026-11-24 15:30`, Beijing time */
export const timeValue = (d: Date): string => inBeijing(d).format('YYYY-MM-DD HH:mm');

export interface PurchaseSucceeded {
  openid: string;
  courseId: string;
  courseTitle: string;
  amountFen: number;
  paidAt: Date;
}

/** "购买成功" to the buyer, if operators configured its template; never throws. */
export async function notifyPurchaseSucceeded(purchase: PurchaseSucceeded): Promise<void> {
  try {
    const settings = await notificationSettings();
    const templateId = settings.purchaseSucceededTemplateId;
    if (!templateId) return;
    await subscribeMessage().send({
      touser: purchase.openid,
      templateId,
      page: `${settings.page}?id=${encodeURIComponent(purchase.courseId)}`,
      data: {
        thing1: { value: thingValue(purchase.courseTitle) },
        amount2: { value: amountValue(purchase.amountFen) },
        time3: { value: timeValue(purchase.paidAt) },
      },
      miniprogramState: 'formal',
    });
  } catch (error) {
    const code = (error as { errCode?: unknown } | null)?.errCode;
    if (code === NOT_SUBSCRIBED) console.info('purchase message not sent: the learner has not subscribed', purchase.openid);
    else console.warn('purchase message not sent', purchase.openid, purchase.courseId, error);
  }
}

/**
 * WeChat subscribe messages (订阅消息) to learners who agreed to them on the
 * purchase page (wx.requestSubscribeMessage). Best effort: a message that
 * cannot be sent is logged, never an error of the operation that sent it.
 */
import { cloud } from './cloud';
import { notificationSettings, questionSettings } from './settings';
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

/** Sends one subscribe message if its template is configured; never throws. `what` names it in the log. */
async function sendSubscribeMessage(what: string, openid: string, templateId: string, page: string, data: SubscribeMessage['data']): Promise<void> {
  if (!templateId) return;
  try {
    await subscribeMessage().send({ touser: openid, templateId, page, data, miniprogramState: 'formal' });
  } catch (error) {
    const code = (error as { errCode?: unknown } | null)?.errCode;
    if (code === NOT_SUBSCRIBED) console.info(`${what} message not sent: the learner has not subscribed`, openid);
    else console.warn(`${what} message not sent`, openid, error);
  }
}

/** "购买成功" to the buyer, if operators configured its template; never throws. */
export async function notifyPurchaseSucceeded(purchase: PurchaseSucceeded): Promise<void> {
  const settings = await notificationSettings().catch(() => null);
  if (!settings) return;
  await sendSubscribeMessage('purchase', purchase.openid, settings.purchaseSucceededTemplateId, `${settings.page}?id=${encodeURIComponent(purchase.courseId)}`, {
    thing1: { value: thingValue(purchase.courseTitle) },
    amount2: { value: amountValue(purchase.amountFen) },
    time3: { value: timeValue(purchase.paidAt) },
  });
}

export interface QuestionRefunded {
  openid: string;
  questionId: string;
  content: string;
  amountFen: number;
  refundedAt: Date;
}

/** "退款成功" to the asker of a paid question refunded unanswered (settings/questions); never throws. */
export async function notifyQuestionRefunded(refund: QuestionRefunded): Promise<void> {
  const settings = await questionSettings().catch(() => null);
  if (!settings) return;
  await sendSubscribeMessage('question refund', refund.openid, settings.refundedTemplateId, `${settings.page}?id=${encodeURIComponent(refund.questionId)}`, {
    thing1: { value: thingValue(refund.content) },
    amount2: { value: amountValue(refund.amountFen) },
    time3: { value: timeValue(refund.refundedAt) },
  });
}

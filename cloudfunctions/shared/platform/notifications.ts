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

/**
 * A message of the shape both templates have (thing1 what, amount2 amount,
 * time3 when), opening `page?id=<id>`, if its template is configured; never
 * throws. `what` names it in the log.
 */
interface ThingAmountTime {
  what: string;
  openid: string;
  templateId: string;
  page: string;
  id: string;
  thing: string;
  amountFen: number;
  at: Date;
}

async function sendThingAmountTime(message: ThingAmountTime | null): Promise<void> {
  if (!message?.templateId) return;
  const { what, openid } = message;
  try {
    await subscribeMessage().send({
      touser: openid,
      templateId: message.templateId,
      page: `${message.page}?id=${encodeURIComponent(message.id)}`,
      data: { thing1: { value: thingValue(message.thing) }, amount2: { value: amountValue(message.amountFen) }, time3: { value: timeValue(message.at) } },
      miniprogramState: 'formal',
    });
  } catch (error) {
    const code = (error as { errCode?: unknown } | null)?.errCode;
    if (code === NOT_SUBSCRIBED) console.info(`${what} message not sent: the learner has not subscribed`, openid);
    else console.warn(`${what} message not sent`, openid, error);
  }
}

const unreadable = (error: unknown) => {
  console.warn('message settings not read, no message sent', error);
  return null;
};

/** "购买成功" to the buyer, if operators configured its template; never throws. */
export async function notifyPurchaseSucceeded(p: PurchaseSucceeded): Promise<void> {
  const settings = await notificationSettings().catch(unreadable);
  await sendThingAmountTime(
    settings && { what: 'purchase', openid: p.openid, templateId: settings.purchaseSucceededTemplateId, page: settings.page, id: p.courseId, thing: p.courseTitle, amountFen: p.amountFen, at: p.paidAt },
  );
}

export interface QuestionRefunded {
  openid: string;
  questionId: string;
  content: string;
  amountFen: number;
  refundedAt: Date;
}

/** "退款成功" to the asker of a paid question refunded unanswered (settings/questions); never throws. */
export async function notifyQuestionRefunded(r: QuestionRefunded): Promise<void> {
  const settings = await questionSettings().catch(unreadable);
  await sendThingAmountTime(
    settings && { what: 'question refund', openid: r.openid, templateId: settings.refundedTemplateId, page: settings.page, id: r.questionId, thing: r.content, amountFen: r.amountFen, at: r.refundedAt },
  );
}

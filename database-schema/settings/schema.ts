import { z } from 'zod';

/**
 * Configuration operators edit in the cloud console, not in code. The
 * payment document says how learners pay: WeChat Pay's merchant (sub-merchant
 * ID bound to the environment) or, later, mini-program virtual payment.
 */
export const paymentSettingsSchema = z.object({
  _id: z.literal('payment'),
  provider: z.enum(['cloudpay', 'virtual']),
  /** 微信支付商户号 bound to the cloud environment (云开发控制台 → 设置 → 全局设置 → 微信支付配置) */
  subMchId: z.string().regex(/^\d{8,12}$/),
  /** minutes an unpaid order stays payable */
  orderTtlMinutes: z.number().int().min(5).max(120),
});
export type PaymentSettingsDoc = z.infer<typeof paymentSettingsSchema>;

export const settingsSchema = paymentSettingsSchema;

/** What each timer-triggered function reports (also to an operator's key, `npm run ops`). */

export interface SweepReport {
  closed: number;
  settled: number;
  failed: number;
}

/** refundUnansweredQuestions: refunds started past the deadline, refunds asked again, failures */
export interface QuestionRefundReport {
  refunding: number;
  resent: number;
  failed: number;
}

/** reconcileXpayOrders: unsettled virtual payment orders asked, and what became of them */
export interface XpayReconcileReport {
  /** orders asked about (unpaid or refunding, xpay, created in the last 48 hours) */
  checked: number;
  /** paid at WeChat, now settled (or recorded for operators) */
  settled: number;
  /** refunded at WeChat, now settled */
  refunded: number;
  /** still unpaid, or the refund still processing */
  pending: number;
  failed: number;
}

export interface TimerReports {
  closeExpiredOrders: SweepReport;
  refundUnansweredQuestions: QuestionRefundReport;
  reconcileXpayOrders: XpayReconcileReport;
}

export type TimerName = keyof TimerReports;

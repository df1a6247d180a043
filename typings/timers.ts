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

export interface TimerReports {
  closeExpiredOrders: SweepReport;
  refundUnansweredQuestions: QuestionRefundReport;
}

export type TimerName = keyof TimerReports;

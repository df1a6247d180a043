/** What each timer-triggered function reports (also to an operator's key, `npm run ops`). */

export interface SweepReport {
  closed: number;
  settled: number;
  failed: number;
}

export interface TimerReports {
  closeExpiredOrders: SweepReport;
}

export type TimerName = keyof TimerReports;

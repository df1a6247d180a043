/**
 * Formatting for what the pages show. Money arrives as integer fen and is
 * formatted with integer arithmetic, so 0.1 + 0.2 never shows up as a price.
 */

/** 9900 → "¥99.00" */
export function formatPrice(fen: number): string {
  const whole = Math.floor(Math.abs(fen) / 100);
  const cents = Math.abs(fen) % 100;
  return `${fen < 0 ? '-' : ''}¥${whole}.${String(cents).padStart(2, '0')}`;
}

/** The price label of a course: free courses say so instead of "¥0.00". */
export function priceLabel(fen: number): string {
  return fen === 0 ? '免费' : formatPrice(fen);
}

/** Media length: 65 → "01:05", 3725 → "1:02:05". */
export function formatDuration(totalSec: number): string {
  const sec = Math.max(0, Math.floor(totalSec));
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const s = sec % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** Reading time, rounded up to whole minutes: 300 → "5 分钟". */
export function formatMinutes(totalSec: number): string {
  return `${Math.max(1, Math.ceil(totalSec / 60))} 分钟`;
}

/** Learner counts: 980 → "980", 12800 → "1.3万". */
export function formatCount(n: number): string {
  if (n < 10000) return String(n);
  const wan = Math.round(n / 1000) / 10;
  return `${wan}万`;
}

/**
 * Beijing time's offset from UTC, in minutes. typings/beijing-time.ts declares
 * it for every layer; the phone keeps this copy because DevTools and
 * miniprogram-ci compile miniprogram/ alone (nothing outside it is loaded at
 * run time, and dayjs' utc plugin is not in its npm), and format.test.ts
 * checks that the two agree.
 */
export const BEIJING_UTC_OFFSET_MINUTES = 480;

/**
 * Epoch milliseconds → "2025-03-08 14:05", always in Asia/Shanghai (China has
 * no daylight saving), whatever the phone's time zone.
 */
export function formatDateTime(epochMs: number): string {
  const d = new Date(epochMs + BEIJING_UTC_OFFSET_MINUTES * 60_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

/** Epoch milliseconds → "2025-03-08", the day in Asia/Shanghai (a membership's or coupon's end). */
export function formatDate(epochMs: number): string {
  return formatDateTime(epochMs).slice(0, 10);
}

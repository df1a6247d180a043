/** WeChat Pay's times are Beijing time (UTC+8, no daylight saving). */
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

function beijingParts(date: Date): string[] {
  const d = new Date(date.getTime() + BEIJING_OFFSET_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  return [String(d.getUTCFullYear()), pad(d.getUTCMonth() + 1), pad(d.getUTCDate()), pad(d.getUTCHours()), pad(d.getUTCMinutes()), pad(d.getUTCSeconds())];
}

/** `timeEnd`, `timeExpire`: yyyyMMddHHmmss */
export function compactBeijingTime(date: Date): string {
  return beijingParts(date).join('');
}

/** a refund's `successTime`: yyyy-MM-dd HH:mm:ss */
export function readableBeijingTime(date: Date): string {
  const [y, mo, d, h, mi, s] = beijingParts(date);
  return `${y}-${mo}-${d} ${h}:${mi}:${s}`;
}

/** yyyyMMddHHmmss (Beijing) to a Date, or undefined when malformed */
export function parseCompactBeijingTime(text: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s) - BEIJING_OFFSET_MS);
}

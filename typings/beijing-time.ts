/**
 * Beijing time: China's one time zone, UTC+8 all year (no daylight saving).
 * Days and times cross the wire in it (operators' day ranges, WeChat Pay's
 * times, order numbers, what the learner reads), so every layer takes it from
 * here. The one exception is the phone: DevTools compiles miniprogram/ alone,
 * so miniprogram/utils/format.ts holds a copy that its test checks against this.
 */
import dayjs, { type Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);

export const BEIJING_TIME_ZONE = 'Asia/Shanghai';
export const BEIJING_UTC_OFFSET_MINUTES = 8 * 60;
/** `+08:00`: `${day}T00:00:00${BEIJING_ISO_OFFSET}` is the first instant of a Beijing day */
export const BEIJING_ISO_OFFSET = `+${String(BEIJING_UTC_OFFSET_MINUTES / 60).padStart(2, '0')}:00`;

/** A moment as the clock in Beijing reads it: `.format('YYYY-MM-DD HH:mm')`, `.year()`... */
export const inBeijing = (d: Date | number | string): Dayjs => dayjs(d).utcOffset(BEIJING_UTC_OFFSET_MINUTES);

/** `2026-11-24`, `15:30:05` (Beijing) → Date; null when they make no such time. */
export function fromBeijing(day: string, time = '00:00:00'): Date | null {
  const parsed = dayjs(`${day}T${time}${BEIJING_ISO_OFFSET}`);
  return parsed.isValid() ? parsed.toDate() : null;
}

/** WeChat Pay's `time_end`, `time_expire`: `20261124153005`, Beijing. */
export const toBeijingCompact = (d: Date): string => inBeijing(d).format('YYYYMMDDHHmmss');

/** `20261124153005` (Beijing) → Date; null when it is not such a time. */
export function fromBeijingCompact(text: string | undefined): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text ?? '');
  return m ? fromBeijing(`${m[1]}-${m[2]}-${m[3]}`, `${m[4]}:${m[5]}:${m[6]}`) : null;
}

/** WeChat Pay's refund `success_time`: `2026-11-24 15:30:05`, Beijing. */
export const toBeijingReadable = (d: Date): string => inBeijing(d).format('YYYY-MM-DD HH:mm:ss');

/** `2026-11-24 15:30:05` (Beijing) → Date; null when it is not such a time. */
export function fromBeijingReadable(text: string | undefined): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/.exec(text ?? '');
  return m ? fromBeijing(m[1], m[2]) : null;
}

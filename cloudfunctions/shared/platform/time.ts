import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);

/** WeChat Pay's times are yyyyMMddHHmmss in Beijing time (UTC+8). */
const BEIJING_OFFSET_MINUTES = 8 * 60;

export const toMillis = (d: Date | null | undefined): number | null => (d ? d.getTime() : null);

export function toBeijingCompact(d: Date): string {
  return dayjs(d).utcOffset(BEIJING_OFFSET_MINUTES).format('YYYYMMDDHHmmss');
}

/** `20261124153005` (Beijing) → Date; null when it is not such a time. */
export function fromBeijingCompact(text: string | undefined): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text ?? '');
  if (!m) return null;
  const parsed = dayjs(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+08:00`);
  return parsed.isValid() ? parsed.toDate() : null;
}

/** `2026-11-24 15:30:05` (Beijing, as WeChat Pay's refunds say) → Date; null when it is not such a time. */
export function fromBeijingReadable(text: string | undefined): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/.exec(text ?? '');
  if (!m) return null;
  const parsed = dayjs(`${m[1]}T${m[2]}+08:00`);
  return parsed.isValid() ? parsed.toDate() : null;
}

export { dayjs };

import dayjs from 'dayjs';

/** Beijing time (days, WeChat Pay's times) is one module every layer shares. */
export { fromBeijing, fromBeijingCompact, fromBeijingReadable, inBeijing, toBeijingCompact } from '../../../typings/beijing-time';

export const toMillis = (d: Date | null | undefined): number | null => (d ? d.getTime() : null);

export { dayjs };

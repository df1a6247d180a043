import { describe, expect, it } from 'vitest';
import { BEIJING_UTC_OFFSET_MINUTES } from '../../typings/beijing-time';
import { BEIJING_UTC_OFFSET_MINUTES as PHONE_OFFSET, formatCount, formatDate, formatDateTime, formatDuration, formatMinutes, formatPrice, priceLabel } from './format';

describe('format', () => {
  it('formats fen as yuan with two decimals', () => {
    expect(formatPrice(9900)).toBe('¥99.00');
    expect(formatPrice(1)).toBe('¥0.01');
    expect(formatPrice(12345)).toBe('¥123.45');
    expect(formatPrice(0)).toBe('¥0.00');
    expect(formatPrice(-50)).toBe('-¥0.50');
  });

  it('labels a free course as 免费', () => {
    expect(priceLabel(0)).toBe('免费');
    expect(priceLabel(19900)).toBe('¥199.00');
  });

  it('formats durations as mm:ss or h:mm:ss', () => {
    expect(formatDuration(4)).toBe('00:04');
    expect(formatDuration(65)).toBe('01:05');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(-3)).toBe('00:00');
    expect(formatDuration(59.9)).toBe('00:59');
  });

  it('rounds reading time up to whole minutes', () => {
    expect(formatMinutes(300)).toBe('5 分钟');
    expect(formatMinutes(301)).toBe('6 分钟');
    expect(formatMinutes(0)).toBe('1 分钟');
  });

  it('shortens large counts to 万', () => {
    expect(formatCount(980)).toBe('980');
    expect(formatCount(12800)).toBe('1.3万');
    expect(formatCount(10000)).toBe('1万');
  });

  it("keeps the phone's copy of Beijing time's offset equal to typings/beijing-time.ts", () => {
    expect(PHONE_OFFSET).toBe(BEIJING_UTC_OFFSET_MINUTES);
  });

  it('shows times in Beijing time', () => {
    // 2025-03-08T06:05:00Z is 14:05 in Shanghai
    expect(formatDateTime(Date.UTC(2025, 2, 8, 6, 5))).toBe('2025-03-08 14:05');
    expect(formatDateTime(Date.UTC(2025, 11, 31, 16, 30))).toBe('2026-01-01 00:30');
  });

  it('shows days in Beijing time', () => {
    // late on 31 December in UTC is already New Year's Day in Shanghai
    expect(formatDate(Date.UTC(2025, 11, 31, 16, 30))).toBe('2026-01-01');
    expect(formatDate(Date.UTC(2025, 11, 31, 15, 59))).toBe('2025-12-31');
  });
});

import { describe, expect, it } from 'vitest';
import { amountValue, thingValue, timeValue } from './notifications';

describe('the 购买成功 message fields', () => {
  it('keeps a thing to WeChat’s 20 characters, counting characters, not bytes', () => {
    expect(thingValue('高效时间管理 21 讲')).toBe('高效时间管理 21 讲');
    expect(thingValue('一二三四五六七八九十一二三四五六七八九十')).toBe('一二三四五六七八九十一二三四五六七八九十');
    const long = thingValue('一二三四五六七八九十一二三四五六七八九十多');
    expect(Array.from(long)).toHaveLength(20);
    expect(long).toBe('一二三四五六七八九十一二三四五六七八九…');
  });

  it('writes the amount in yuan and the time in Beijing', () => {
    expect(amountValue(9900)).toBe('¥99.00');
    expect(amountValue(1)).toBe('¥0.01');
    expect(timeValue(new Date('2026-11-24T16:05:59Z'))).toBe('2026-11-25 00:05');
  });
});

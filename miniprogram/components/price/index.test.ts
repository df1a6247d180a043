import { describe, expect, it } from 'vitest';
import { loadComponent, settle, text } from '../../../test/miniprogram/harness';

describe('price', () => {
  it('shows fen as yuan', async () => {
    const price = loadComponent('components/price/index', { fen: 9900 });
    await settle();
    expect(text(price, '.price')).toBe('¥99.00');
  });

  it('says 免费 for a free course, and follows changes', async () => {
    const price = loadComponent('components/price/index', { fen: 0 });
    await settle();
    expect(text(price, '.price')).toBe('免费');
    expect(price.querySelector('.price--free')).toBeTruthy();
    price.setData({ fen: 19900 });
    await settle();
    expect(text(price, '.price')).toBe('¥199.00');
  });
});

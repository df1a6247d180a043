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

  it('strikes through a price no longer asked', async () => {
    const price = loadComponent('components/price/index', { fen: 9900, struck: true, size: 'small' });
    await settle();
    expect(text(price, '.price')).toBe('¥99.00');
    expect(price.querySelector('.price--struck')).toBeTruthy();
    expect(price.querySelector('.price--small')).toBeTruthy();
  });

  it('shows an amount taken off with a minus, never as 免费', async () => {
    const price = loadComponent('components/price/index', { fen: 2000, minus: true });
    await settle();
    expect(text(price, '.price')).toBe('-¥20.00');
    price.setData({ fen: 0 });
    await settle();
    expect(text(price, '.price')).toBe('-¥0.00');
    expect(price.querySelector('.price--free')).toBeFalsy();
  });
});

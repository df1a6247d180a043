/* eslint-disable @typescript-eslint/no-explicit-any -- answers of the API under test, read field by field */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { useSdk } from '../../test/cloud/sdk';
import { bundleFixtures } from '../functions/fixtures/bundle';
import { startEmulator, type Emulator } from '../index';

const started: Emulator[] = [];
afterAll(async () => {
  delete process.env.STUBBORN_CALLBACK_ACCEPTS;
  for (const emulator of started) await emulator.close();
});


describe('pay notifications across a restart', () => {
  it('takes up the deliveries left pending on the same data folder, attempts counted on', { timeout: 60_000 }, async () => {
    const functionsDir = await bundleFixtures(['stubbornPayCallback']);
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'emu-pay-resume-'));
    const first = await startEmulator({ dataDir, functionsDir, payRetrySchedule: [100] });
    started.push(first);
    const sdk = useSdk(first.sdkEnv());
    const outTradeNo = `T${Date.now()}`;
    const base = { subMchId: '1900000109', envId: first.envId, nonceStr: 'n' };
    await sdk.cloudPay.unifiedOrder({ ...base, body: '课程', outTradeNo, spbillCreateIp: '127.0.0.1', totalFee: 800, functionName: 'stubbornPayCallback', tradeType: 'JSAPI', openid: 'o_payer' });
    await fetch(`${first.url}/api/pay/${outTradeNo}/succeed`, { method: 'POST', body: '{}' });
    // a second order, paid and refunded: both its notifications keep failing too
    const refunded = `${outTradeNo}R`;
    await sdk.cloudPay.unifiedOrder({ ...base, body: '课程', outTradeNo: refunded, spbillCreateIp: '127.0.0.1', totalFee: 300, functionName: 'stubbornPayCallback', tradeType: 'JSAPI', openid: 'o_payer' });
    await fetch(`${first.url}/api/pay/${refunded}/succeed`, { method: 'POST', body: '{}' });
    await sdk.cloudPay.refund({ ...base, outTradeNo: refunded, outRefundNo: `${refunded}-1`, totalFee: 300, refundFee: 300, functionName: 'stubbornPayCallback' });

    const failing = () => first.pay.book.deliveries.filter((d) => d.state === 'pending' && d.attempts.length >= 2);
    await vi.waitFor(() => expect(failing()).toHaveLength(3), { timeout: 10_000 });
    await first.close();
    const left = first.pay.book.deliveries.map((d) => ({ id: d.id, kind: d.kind, outTradeNo: d.outTradeNo, attempts: d.attempts.length }));
    expect(first.pay.book.deliveries.every((d) => d.state === 'pending' && d.attempts.every((a) => !a.acknowledged))).toBe(true);

    // the callback is fixed; the emulator starts again on the same folder
    process.env.STUBBORN_CALLBACK_ACCEPTS = '1';
    const second = await startEmulator({ dataDir, functionsDir, payRetrySchedule: [100] });
    started.push(second);
    const done = await vi.waitFor(
      () => {
        const deliveries = second.pay.book.deliveries;
        expect(deliveries.map((d) => d.state)).toEqual(['acknowledged', 'acknowledged', 'acknowledged']);
        return deliveries;
      },
      { timeout: 10_000 },
    );
    // the same deliveries, not new ones, each acknowledged on its next attempt
    expect(done.map((d) => ({ id: d.id, kind: d.kind, outTradeNo: d.outTradeNo }))).toEqual(left.map(({ id, kind, outTradeNo }) => ({ id, kind, outTradeNo })));
    done.forEach((d, i) => {
      expect(d.attempts).toHaveLength(left[i].attempts + 1);
      expect(d.attempts.at(-1)).toMatchObject({ acknowledged: true, answer: { errcode: 0, context: { OPENID: 'o_payer', SOURCE: 'wx_paycallback' } } });
    });
    expect(done.map((d) => d.kind).sort()).toEqual(['payment', 'payment', 'refund']);
    const { orders } = (await (await fetch(`${second.url}/api/pay/orders`)).json()) as any;
    expect(orders.find((o: any) => o.outTradeNo === refunded).refunds[0].status).toBe('SUCCESS');
  });
});

/**
 * The local cloud as the preview's phone reaches it: cloud functions through
 * the emulator's HTTP API as the learner chosen beside the phone, storage
 * through the preview server (which holds an SDK), WeChat Pay's sheet through
 * the emulator's pay routes. Every call tells the console to refresh.
 */
import type { UserRole } from '../../typings/entities';

export interface Learner {
  openid: string;
  name: string;
  role: UserRole;
}

export interface PreviewConfig {
  emulatorUrl: string;
  envId: string;
  learners: Learner[];
}

let config: PreviewConfig | null = null;

export async function loadConfig(): Promise<PreviewConfig> {
  const res = await fetch('/preview/config.json');
  config = (await res.json()) as PreviewConfig;
  return config;
}

function cfg(): PreviewConfig {
  if (!config) throw new Error('preview config not loaded');
  return config;
}

const LEARNER_KEY = 'preview.openid';

/** The learner chosen in the console (kept in this browser), else the first. */
export function currentLearner(): Learner {
  const { learners } = cfg();
  const chosen = new URLSearchParams(location.search).get('as') ?? localStorage.getItem(LEARNER_KEY);
  return learners.find((l) => l.openid === chosen) ?? learners[0];
}

/** Another learner is another phone: the page starts over as them. */
export function switchLearner(openid: string): void {
  localStorage.setItem(LEARNER_KEY, openid);
  const url = new URL(location.href);
  url.searchParams.delete('as');
  location.href = url.toString();
}

function cloudChanged(): void {
  window.dispatchEvent(new CustomEvent('preview:cloud'));
}

async function postJson<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await res.json()) as T & { error?: { message?: string; errMsg?: string } };
  if (!res.ok) throw new Error(json.error?.message ?? json.error?.errMsg ?? `HTTP ${res.status}`);
  return json;
}

export class CloudCallError extends Error {
  constructor(
    readonly errCode: number | string,
    readonly errMsg: string,
  ) {
    super(errMsg);
  }
}

export async function callFunction(name: string, data: unknown): Promise<unknown> {
  try {
    const answer = await postJson<{ result?: unknown; error?: { errCode: number; errMsg: string } }>(
      `${cfg().emulatorUrl}/api/functions/${encodeURIComponent(name)}`,
      { data: data ?? {}, openid: currentLearner().openid },
    );
    if (answer.error) throw new CloudCallError(answer.error.errCode, `cloud.callFunction:fail ${answer.error.errCode} ${answer.error.errMsg}`);
    return answer.result;
  } finally {
    cloudChanged();
  }
}

export interface TempUrl {
  fileID: string;
  tempFileURL: string;
  status: number;
  errMsg: string;
}

export async function getTempFileUrls(fileList: string[]): Promise<TempUrl[]> {
  const { fileList: urls } = await postJson<{ fileList: TempUrl[] }>('/cloud/temp-urls', { fileList });
  return urls;
}

export async function uploadFile(cloudPath: string, filePath: string): Promise<string> {
  const content = await (await fetch(filePath)).blob();
  const res = await fetch(`/cloud/upload?cloudPath=${encodeURIComponent(cloudPath)}`, { method: 'POST', body: content });
  const json = (await res.json()) as { fileID?: string; error?: { message: string } };
  cloudChanged();
  if (!res.ok || !json.fileID) throw new Error(json.error?.message ?? `upload failed: HTTP ${res.status}`);
  return json.fileID;
}

// --- WeChat Pay

export interface PayOrder {
  outTradeNo: string;
  body: string;
  totalFee: number;
  prepayId: string;
  state: string;
}

/** The pay order behind `package: "prepay_id=..."`, as WeChat's sheet knows it. */
export async function payOrderFor(packageValue: string): Promise<PayOrder> {
  const prepayId = packageValue.replace(/^prepay_id=/, '');
  const res = await fetch(`${cfg().emulatorUrl}/api/pay/orders`);
  const { orders } = (await res.json()) as { orders: PayOrder[] };
  const order = orders.find((o) => o.prepayId === prepayId);
  if (!order) throw new Error(`no pay order for prepay_id ${prepayId}`);
  return order;
}

export async function settlePayOrder(outTradeNo: string, outcome: 'succeed' | 'cancel'): Promise<void> {
  try {
    await postJson(`${cfg().emulatorUrl}/api/pay/${encodeURIComponent(outTradeNo)}/${outcome}`, {});
  } finally {
    cloudChanged();
  }
}

// --- virtual payment (小程序虚拟支付)

/** What wx.login answers the current learner: a one-time code the emulator's code2Session knows. */
export async function loginCode(): Promise<string> {
  const { code } = await postJson<{ code: string }>(`${cfg().emulatorUrl}/api/xpay/login`, { openid: currentLearner().openid });
  return code;
}

export interface VirtualPayment {
  signData: string;
  paySig: string;
  signature: string;
  mode: string;
}

/** 确认支付 in the virtual payment sheet: WeChat checks both signatures and answers errCode (0 paid). */
export async function confirmVirtualPayment(payment: VirtualPayment): Promise<{ errCode: number; errMsg: string }> {
  try {
    return await postJson<{ errCode: number; errMsg: string }>(`${cfg().emulatorUrl}/api/xpay/pay`, { ...payment, openid: currentLearner().openid });
  } finally {
    cloudChanged();
  }
}

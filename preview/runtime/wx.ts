/**
 * The `wx` the pages call, as far as they and TDesign use it, laid over
 * miniprogram-simulate's own mock: navigation, the UI overlays, system info,
 * storage, request, audio, and cloud and payment backed by the local cloud.
 * Async APIs answer both ways WeChat does: success/fail/complete callbacks,
 * and a promise.
 */
import { backgroundAudioManager, PreviewAudio } from './audio';
import { CloudCallError, callFunction, confirmVirtualPayment, currentLearner, getTempFileUrls, loginCode, payOrderFor, settlePayOrder, uploadFile } from './cloud';
import { browserUrl } from './media-url';
import type { Navigator } from './navigation';
import { hideToast, showLoading, showModal, showPaySheet, showToast, showVirtualPaySheet, type ModalOptions, type ToastIcon } from './overlays';

type Callbacks = { success?: (res: unknown) => void; fail?: (err: unknown) => void; complete?: (res: unknown) => void };
type Options = Callbacks & Record<string, unknown>;

/** A failure as WeChat reports it: `{errMsg: "name:fail reason"}`, sometimes with errCode. */
class WxError {
  constructor(
    readonly errMsg: string,
    readonly errCode?: number | string,
  ) {}
}

function asyncApi<O extends Options>(name: string, impl: (options: O) => unknown) {
  return (options: O = {} as O) => {
    const promise = Promise.resolve()
      .then(() => impl(options))
      .then(
        (res) => ({ errMsg: `${name}:ok`, ...(res as object) }),
        (error: unknown) => {
          if (error instanceof WxError) throw error;
          if (error instanceof CloudCallError) throw new WxError(error.errMsg, error.errCode);
          throw new WxError(`${name}:fail ${error instanceof Error ? error.message : String(error)}`);
        },
      );
    const hasCallbacks = options.success || options.fail || options.complete;
    promise.then(
      (res) => {
        options.success?.(res);
        options.complete?.(res);
      },
      (err) => {
        options.fail?.(err);
        options.complete?.(err);
      },
    );
    // with callbacks WeChat returns nothing; a rejection then is the callbacks' to handle
    if (hasCallbacks) {
      promise.catch(() => undefined);
      return undefined;
    }
    return promise;
  };
}

export type Platform = 'android' | 'ios';

/** The phone's size in the preview's coordinates: rpx are 1:1 px there, so 750 wide. */
function windowInfo() {
  return { pixelRatio: 2, screenWidth: 750, screenHeight: 1334, windowWidth: 750, windowHeight: 1334, statusBarHeight: 40, safeArea: { left: 0, right: 750, top: 40, bottom: 1334, width: 750, height: 1294 }, screenTop: 0 };
}

function deviceInfo(platform: Platform) {
  return platform === 'ios'
    ? { brand: 'iPhone', model: 'iPhone 15', system: 'iOS 17.0', platform: 'ios', benchmarkLevel: 1 }
    : { brand: 'Xiaomi', model: 'Xiaomi 14', system: 'Android 14', platform: 'android', benchmarkLevel: 1 };
}

function appBaseInfo() {
  return { SDKVersion: '3.5.0', language: 'zh_CN', version: '8.0.50', theme: 'light', enableDebug: false, fontSizeSetting: 16, host: { env: 'WeChat' } };
}

/** A different learner is a different phone: storage is kept per openid. */
const storageKey = (key: string) => `preview.storage.${currentLearner().openid}.${key}`;

function getStorageSync(key: string): unknown {
  const raw = localStorage.getItem(storageKey(key));
  return raw === null ? '' : (JSON.parse(raw) as unknown);
}

function setStorageSync(key: string, data: unknown): void {
  localStorage.setItem(storageKey(key), JSON.stringify(data));
}

function removeStorageSync(key: string): void {
  localStorage.removeItem(storageKey(key));
}

function headersOf(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  res.headers.forEach((value, key) => {
    out[key] = value;
  });
  return out;
}

async function request(options: Options) {
  const method = String(options.method ?? 'GET').toUpperCase();
  let url = String(options.url);
  const headers = { ...(options.header as Record<string, string> | undefined) };
  let body: string | undefined;
  if (options.data !== undefined && options.data !== null) {
    if (method === 'GET') {
      const params = new URLSearchParams(options.data as Record<string, string>).toString();
      if (params) url += (url.includes('?') ? '&' : '?') + params;
    } else {
      body = typeof options.data === 'string' ? options.data : JSON.stringify(options.data);
      headers['content-type'] ??= 'application/json';
    }
  }
  const res = await fetch(browserUrl(url), { method, headers, body });
  const text = await res.text();
  let data: unknown = text;
  if ((options.dataType ?? 'json') === 'json') {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  return { data, statusCode: res.status, header: headersOf(res) };
}

async function requestPayment(options: Options) {
  const order = await payOrderFor(String(options.package ?? ''));
  const outcome = await showPaySheet({
    merchant: '知识小铺',
    description: order.body,
    amountFen: order.totalFee,
    pay: () => settlePayOrder(order.outTradeNo, 'succeed'),
  });
  if (outcome === 'cancelled') {
    await settlePayOrder(order.outTradeNo, 'cancel');
    throw new WxError('requestPayment:fail cancel');
  }
  return {};
}

/** requestVirtualPayment's fail codes the sheet itself gives (the others come from WeChat's checks) */
const VIRTUAL_PAY_CANCELLED = -2;

/** A refusal WeChat answered on 确认支付, carried to the page's fail with its errCode. */
class VirtualPayRefused extends Error {
  constructor(
    readonly errCode: number,
    readonly errMsg: string,
  ) {
    super(`${errMsg.replace(/^requestVirtualPayment:fail\s*/, '') || '支付失败'}（${errCode}）`);
  }
}

/**
 * wx.requestVirtualPayment: the sheet shows what signData sells at its
 * goodsPrice; 确认支付 sends the signed request to WeChat (the emulator),
 * which checks paySig against the AppKey and signature against the learner's
 * session_key, so a wrong key fails here with -15005 / -15006.
 */
async function requestVirtualPayment(options: Options) {
  const payment = { signData: String(options.signData ?? ''), paySig: String(options.paySig ?? ''), signature: String(options.signature ?? ''), mode: String(options.mode ?? '') };
  let sells: { productId?: unknown; goodsPrice?: unknown };
  try {
    sells = JSON.parse(payment.signData) as typeof sells;
  } catch {
    throw new WxError('requestVirtualPayment:fail signData 不是 JSON', -1);
  }
  try {
    const outcome = await showVirtualPaySheet({
      merchant: '知识小铺',
      description: String(sells.productId ?? ''),
      amountFen: Number(sells.goodsPrice) || 0,
      pay: async () => {
        const answer = await confirmVirtualPayment(payment);
        if (answer.errCode !== 0) throw new VirtualPayRefused(answer.errCode, answer.errMsg);
      },
    });
    if (outcome === 'cancelled') throw new WxError('requestVirtualPayment:fail cancel', VIRTUAL_PAY_CANCELLED);
  } catch (error) {
    if (error instanceof VirtualPayRefused) throw new WxError(error.errMsg, error.errCode);
    throw error;
  }
  return {};
}

export function createWx(nav: Navigator, platform: Platform): Record<string, unknown> {
  const navigation = (name: 'navigateTo' | 'redirectTo' | 'switchTab' | 'reLaunch') =>
    asyncApi(name, (o: Options) => nav[name](String(o.url)));
  const noop = (name: string) => asyncApi(name, () => ({}));
  return {
    navigateTo: navigation('navigateTo'),
    redirectTo: navigation('redirectTo'),
    switchTab: navigation('switchTab'),
    reLaunch: navigation('reLaunch'),
    navigateBack: asyncApi('navigateBack', (o: Options) => nav.navigateBack(Number(o.delta ?? 1))),

    showToast: asyncApi('showToast', (o: Options) => showToast({ title: String(o.title ?? ''), icon: o.icon as ToastIcon, duration: o.duration as number, mask: Boolean(o.mask) })),
    hideToast: asyncApi('hideToast', () => hideToast()),
    showLoading: asyncApi('showLoading', (o: Options) => showLoading({ title: String(o.title ?? ''), mask: Boolean(o.mask) })),
    hideLoading: asyncApi('hideLoading', () => hideToast()),
    showModal: asyncApi('showModal', (o: Options) => showModal(o as ModalOptions)),
    setNavigationBarTitle: asyncApi('setNavigationBarTitle', (o: Options) => nav.setTitle(String(o.title ?? ''))),
    setNavigationBarColor: noop('setNavigationBarColor'),
    showNavigationBarLoading: noop('showNavigationBarLoading'),
    hideNavigationBarLoading: noop('hideNavigationBarLoading'),
    pageScrollTo: asyncApi('pageScrollTo', (o: Options) => nav.pageScrollTo(Number(o.scrollTop ?? 0))),
    startPullDownRefresh: noop('startPullDownRefresh'),
    stopPullDownRefresh: noop('stopPullDownRefresh'),
    showShareMenu: noop('showShareMenu'),
    hideShareMenu: noop('hideShareMenu'),
    vibrateShort: noop('vibrateShort'),
    nextTick: (fn: () => void) => setTimeout(fn, 0),
    canIUse: () => true,

    getSystemInfoSync: () => ({ ...windowInfo(), ...deviceInfo(platform), ...appBaseInfo() }),
    getSystemInfo: asyncApi('getSystemInfo', () => ({ ...windowInfo(), ...deviceInfo(platform), ...appBaseInfo() })),
    getDeviceInfo: () => deviceInfo(platform),
    getWindowInfo: () => windowInfo(),
    getAppBaseInfo: () => appBaseInfo(),
    getMenuButtonBoundingClientRect: () => ({ width: 174, height: 64, top: 48, right: 734, bottom: 112, left: 560 }),
    getAccountInfoSync: () => ({ miniProgram: { appId: 'wxlocalappid', envVersion: 'develop', version: '' } }),

    getStorageSync,
    setStorageSync,
    removeStorageSync,
    getStorage: asyncApi('getStorage', (o: Options) => ({ data: getStorageSync(String(o.key)) })),
    setStorage: asyncApi('setStorage', (o: Options) => setStorageSync(String(o.key), o.data)),
    removeStorage: asyncApi('removeStorage', (o: Options) => removeStorageSync(String(o.key))),

    request: asyncApi('request', request),
    getBackgroundAudioManager: backgroundAudioManager,
    createInnerAudioContext: () => new PreviewAudio(false),
    createVideoContext: (id: string) => {
      const video = () => document.querySelector<HTMLVideoElement>(`#${CSS.escape(id)} video, wx-video video`);
      return {
        play: () => void video()?.play(),
        pause: () => video()?.pause(),
        stop: () => video()?.pause(),
        seek: (t: number) => {
          const v = video();
          if (v) v.currentTime = t;
        },
        playbackRate: (rate: number) => {
          const v = video();
          if (v) v.playbackRate = rate;
        },
      };
    },

    login: asyncApi('login', async () => ({ code: await loginCode() })),
    requestPayment: asyncApi('requestPayment', requestPayment),
    requestVirtualPayment: asyncApi('requestVirtualPayment', requestVirtualPayment),
    // the learner allows every subscribe message asked for: the console shows what was sent
    requestSubscribeMessage: asyncApi('requestSubscribeMessage', (o: Options) =>
      Object.fromEntries(((o.tmplIds as string[] | undefined) ?? []).map((id) => [id, 'accept'])),
    ),

    cloud: {
      init: () => undefined,
      callFunction: asyncApi('cloud.callFunction', async (o: Options) => ({
        result: await callFunction(String(o.name), o.data),
        requestID: `preview-${Date.now()}`,
      })),
      uploadFile: asyncApi('cloud.uploadFile', async (o: Options) => ({ fileID: await uploadFile(String(o.cloudPath), String(o.filePath)), statusCode: 200 })),
      getTempFileURL: asyncApi('cloud.getTempFileURL', async (o: Options) => ({
        fileList: await getTempFileUrls((o.fileList as (string | { fileID: string })[]).map((f) => (typeof f === 'string' ? f : f.fileID))),
      })),
      downloadFile: asyncApi('cloud.downloadFile', async (o: Options) => {
        const res = await fetch(browserUrl(String(o.fileID)));
        return { tempFilePath: URL.createObjectURL(await res.blob()), statusCode: res.status };
      }),
    },
  };
}

/**
 * The demo secrets of the local cloud: the AppID its functions run under, the
 * AppSecret that /cgi-bin/token and /sns/jscode2session accept, and the
 * virtual payment AppKey that pay_sig and paySig are checked against. The
 * emulator puts them in every function's environment (WX_APP_SECRET,
 * XPAY_APP_KEY) as the console's environment variables do in the cloud; they
 * open nothing but this emulator. Real keys live only in the console.
 */
export const EMULATOR_APP_ID = 'wxlocalappid';
export const EMULATOR_APP_SECRET = 'emulator-app-secret-0123456789ab';
export const EMULATOR_XPAY_APP_KEY = 'emulator-xpay-appkey-0123456789abcdef';
/** what WeChat sends as ToUserName: the mini-program's original id */
export const EMULATOR_ORIGINAL_ID = 'gh_emulator00001';

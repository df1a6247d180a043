/**
 * Where the mini-program's cloud calls go. Empty means the environment chosen
 * in WeChat DevTools (the default one); set your environment ID to pin it.
 */
export const CLOUD_ENV = '';

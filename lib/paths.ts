import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where things are, for the emulator, the preview, scripts and tests (no heavy imports: jsdom tests load it too). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const FUNCTIONS_SRC = path.join(ROOT, 'cloudfunctions');
export const FUNCTIONS_OUT = path.join(ROOT, 'build/cloudfunctions');
export const MINIPROGRAM_SRC = path.join(ROOT, 'miniprogram');
export const MINIPROGRAM_OUT = path.join(ROOT, 'build/miniprogram');

/**
 * npm start: the product on the local cloud. Builds what it needs; the local
 * cloud emulator and the browser preview start here once they exist.
 */
import { buildFunctions, buildMiniprogram } from './build-lib';

const built = await buildFunctions();
await buildMiniprogram();
console.log(`built ${built.length} cloud functions and the mini-program.`);
console.log('The local cloud emulator is not built yet: open the project in WeChat DevTools (see README).');

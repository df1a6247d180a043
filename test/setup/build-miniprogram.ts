import { buildMiniprogram } from '../../scripts/build-lib';

/** simulate.load() requires compiled CommonJS: build the mini-program once per run. */
export default async function setup(): Promise<void> {
  await buildMiniprogram();
}

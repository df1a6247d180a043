import { buildFunctions } from '../../scripts/build-lib';

/** The tests run what is deployed: the bundled functions in build/cloudfunctions. */
export default async function setup(): Promise<void> {
  await buildFunctions();
}

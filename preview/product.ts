/**
 * The whole product on one machine, as `npm start` runs it: the local cloud on
 * its data folder (seeded with the demo catalog on the first start only) and
 * the preview server in front of it. End-to-end tests start it the same way.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { collections } from '../database-schema';
import { DEMO_OPERATOR_OPENID, seedDemo } from '../database-schema/seed/seed';
import { sdkSeedTarget } from '../database-schema/seed/sdk-target';
import type { IndexSpec } from '../emulator/database';
import { startEmulator, type Emulator } from '../emulator/index';
import { sdkFor } from './sdk';
import { startPreviewServer, type PreviewLearner, type PreviewServer } from './server';

/** Who the preview's phone can be: two learners and the demo operator. */
export const PREVIEW_LEARNERS: PreviewLearner[] = [
  { openid: 'o_preview_learner_lin', name: '学员 林晓', role: 'learner' },
  { openid: 'o_preview_learner_zhou', name: '学员 周舟', role: 'learner' },
  { openid: DEMO_OPERATOR_OPENID, name: '演示运营', role: 'operator' },
];

/** Written once the demo catalog is in, so later starts keep what people changed. */
const SEEDED_MARK = 'demo-seeded.json';

export interface ProductOptions {
  /** the preview's port; 0 for a free one */
  port: number;
  /** the emulator's port; 0 for a free one */
  emulatorPort: number;
  dataDir: string;
  log?: (line: string) => void;
}

export interface Product {
  readonly url: string;
  readonly emulator: Emulator;
  readonly preview: PreviewServer;
  /** whether this start seeded the demo catalog */
  readonly seeded: boolean;
  close(): Promise<void>;
}

export async function startProduct(options: ProductOptions): Promise<Product> {
  const log = options.log ?? (() => undefined);
  const emulator = await startEmulator({
    port: options.emulatorPort,
    dataDir: options.dataDir,
    indexes: Object.fromEntries(Object.entries(collections).map(([name, spec]) => [name, spec.indexes as IndexSpec[]])),
    collections: Object.keys(collections),
  });
  try {
    const sdk = sdkFor(emulator);
    // the port first: a busy port is told at once, before any seeding
    const preview = await startPreviewServer({ port: options.port, emulatorUrl: emulator.url, envId: emulator.envId, learners: PREVIEW_LEARNERS, sdk });
    const mark = path.join(emulator.dataDir, SEEDED_MARK);
    const seeded = !existsSync(mark);
    try {
      if (seeded) {
        log('seeding the demo catalog (first start)...');
        const report = await seedDemo(sdkSeedTarget(sdk as never));
        await writeFile(mark, JSON.stringify({ seededAt: new Date().toISOString(), ...report }, null, 2) + '\n');
        log(`seeded ${report.courses} courses, ${report.categories} categories, ${report.files} media files`);
      }
    } catch (error) {
      await preview.close();
      throw error;
    }
    return {
      url: preview.url,
      emulator,
      preview,
      seeded,
      async close() {
        await preview.close();
        await emulator.close();
      },
    };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}

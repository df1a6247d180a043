import { seedDemo, type SeedTarget } from '../../database-schema/seed/seed';
import type { Command } from './command';
import { check, type Target } from './tcb';

/** SeedTarget over tcb-admin-node. */
export function tcbSeedTarget(target: Target): SeedTarget {
  const { db, app } = target;
  return {
    async ensureCollection(name) {
      const result = await db.createCollection(name).catch((error: unknown) => ({ code: 'ERROR', message: String((error as Error)?.message ?? error) }));
      if (result?.code && !/exist/i.test(`${result.code} ${result.message ?? ''}`)) check(result, `create collection ${name}`);
    },
    async uploadFile(cloudPath, content) {
      if (!target.local) {
        const result = check(await app.uploadFile({ cloudPath, fileContent: content }), `upload ${cloudPath}`);
        if (!result.fileID) throw new Error(`upload ${cloudPath}: no file ID`);
        return result.fileID;
      }
      // The emulator's storage takes the PUT that wx-server-sdk sends, not the old SDK's COS form POST.
      const { data } = await app.getUploadMetadata({ cloudPath });
      const res = await fetch(data.url, { method: 'PUT', body: new Uint8Array(content) });
      if (!res.ok) throw new Error(`upload ${cloudPath}: HTTP ${res.status}`);
      return data.fileId;
    },
    async putDocument(collection, doc) {
      const { _id, ...data } = doc;
      check(await db.collection(collection).doc(_id).set(data), `write ${collection}/${_id}`);
    },
  };
}

export const seed: Command = {
  name: 'seed',
  summary: 'Loads the demo catalog: collections, media files, categories, courses, payment and notification settings and the demo operator. Idempotent.',
  usage: '[--local]',
  details: [
    'Replace settings/payment.subMchId with your merchant number, and settings/notifications.purchaseSucceededTemplateId with your subscribe template (or empty), afterwards (see README).',
  ],
  options: {},
  async run({ io, target }) {
    const t = target();
    io.err(`seeding ${t.describe}`);
    const report = await seedDemo(tcbSeedTarget(t), (message) => io.err(`  ${message}`));
    io.out(`seeded ${report.collections} collections, ${report.files} files, ${report.categories} categories, ${report.courses} courses`);
    return 0;
  },
};

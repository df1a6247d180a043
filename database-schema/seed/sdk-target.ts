/**
 * A SeedTarget over wx-server-sdk, for a process whose environment points the
 * SDK at a cloud (the emulator's `sdkEnv()`, or a real function's).
 */
import type * as WxServerSdk from 'wx-server-sdk';
import type { SeedTarget } from './seed';

type Cloud = typeof WxServerSdk;

export function sdkSeedTarget(cloud: Cloud): SeedTarget {
  const db = cloud.database();
  return {
    async ensureCollection(name) {
      // the cloud refuses to create a collection that exists: nothing to do then
      await (db.createCollection(name) as Promise<unknown>).catch((error: unknown) => {
        if (!/exist/i.test(String((error as { errMsg?: string; message?: string })?.errMsg ?? error))) throw error;
      });
    },
    async uploadFile(cloudPath, content) {
      const result = (await cloud.uploadFile({ cloudPath, fileContent: content })) as { fileID: string };
      return result.fileID;
    },
    async putDocument(collection, doc) {
      const { _id, ...data } = doc;
      await db.collection(collection).doc(_id).set({ data });
    },
  };
}

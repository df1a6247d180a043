/**
 * Loads the demo catalog into a cloud environment, real or emulated: the
 * collections, the media files into storage, the categories, the courses
 * with those files' IDs, the bundle and membership plans, the payment and
 * notification settings and the demo operator, and the demo coupon
 * templates.
 * Idempotent: documents are written by `_id`, so seeding twice changes nothing.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectionNames } from '../index';
import type { NotificationSettingsDoc, PaymentSettingsDoc } from '../settings/schema';
import type { UserDoc } from '../users/schema';
import { demoInstructorDocs, DEMO_QUESTION_SETTINGS } from './instructors';
import { buildSeedCourses, seedCategories, seedMediaFiles, seedStoragePath } from './catalog';
import { buildSeedMarketing } from './marketing-catalog';
import { demoCouponTemplates } from './marketing-coupons';

const MEDIA_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'media');

/** Where seeding writes: implemented over wx-server-sdk, tcb-admin-node, or anything else. */
export interface SeedTarget {
  ensureCollection(name: string): Promise<void>;
  /** uploads a file and answers its cloud file ID */
  uploadFile(cloudPath: string, content: Buffer): Promise<string>;
  /** writes the document under its `_id`, replacing what was there */
  putDocument(collection: string, doc: { _id: string } & Record<string, unknown>): Promise<void>;
}

/** The demo merchant: WeChat Pay's documentation's sample sub-merchant number. */
export const DEMO_PAYMENT_SETTINGS: PaymentSettingsDoc = {
  _id: 'payment',
  provider: 'cloudpay',
  subMchId: '1900000109',
  orderTtlMinutes: 30,
};

/**
 * A demo "购买成功" template id: the local cloud accepts any, a real environment
 * needs the id of the template applied for in 微信公众平台 → 订阅消息 (README).
 */
export const DEMO_NOTIFICATION_SETTINGS: NotificationSettingsDoc = {
  _id: 'notifications',
  purchaseSucceededTemplateId: 'DEMO_PURCHASE_SUCCEEDED_TEMPLATE',
  page: 'pages/course/index',
};

export const DEMO_OPERATOR_OPENID = 'o_demo_operator';

export interface SeedReport {
  collections: number;
  files: number;
  categories: number;
  courses: number;
}

export async function seedDemo(
  target: SeedTarget,
  onProgress: (message: string) => void = () => undefined,
): Promise<SeedReport> {
  for (const name of collectionNames) await target.ensureCollection(name);
  onProgress(`collections: ${collectionNames.length}`);

  const fileIds = new Map<string, string>();
  for (const [i, file] of seedMediaFiles.entries()) {
    const cloudPath = seedStoragePath(file);
    fileIds.set(cloudPath, await target.uploadFile(cloudPath, await readFile(path.join(MEDIA_DIR, file))));
    onProgress(`media ${i + 1}/${seedMediaFiles.length}: ${file}`);
  }

  for (const category of seedCategories) await target.putDocument('categories', category);
  onProgress(`categories: ${seedCategories.length}`);

  const fileIdOf = (cloudPath: string): string => {
    const id = fileIds.get(cloudPath);
    if (!id) throw new Error(`seed media not uploaded: ${cloudPath}`);
    return id;
  };
  const courses = buildSeedCourses(fileIdOf);
  for (const course of courses) await target.putDocument('courses', course);
  onProgress(`courses: ${courses.length}`);

  // dated as the last course was published, so seeding twice writes the same documents
  const { bundles, plans } = buildSeedMarketing(fileIdOf, courses[courses.length - 1]!.updatedAt);
  for (const bundle of bundles) await target.putDocument('bundles', bundle);
  for (const plan of plans) await target.putDocument('membershipPlans', plan);
  onProgress(`bundles: ${bundles.length}, membership plans: ${plans.length}`);

  await target.putDocument('settings', DEMO_PAYMENT_SETTINGS);
  await target.putDocument('settings', DEMO_NOTIFICATION_SETTINGS);
  const now = new Date();
  const operator: UserDoc = {
    _id: DEMO_OPERATOR_OPENID,
    _openid: DEMO_OPERATOR_OPENID,
    nickname: '演示运营',
    avatarFileId: '',
    role: 'operator',
    createdAt: now,
    updatedAt: now,
    lastLoginAt: now,
  };
  await target.putDocument('users', operator);
  onProgress('settings and the demo operator');
  await seedInstructors(target, now);
  const couponTemplates = demoCouponTemplates(now);
  for (const doc of couponTemplates) await target.putDocument('couponTemplates', doc);
  onProgress(`coupon templates: ${couponTemplates.length}`);

  return { collections: collectionNames.length, files: fileIds.size, categories: seedCategories.length, courses: courses.length };
}

/** The demo teachers, their users and the questions' settings. */
async function seedInstructors(target: SeedTarget, now: Date): Promise<void> {
  const { instructors, users } = demoInstructorDocs(now);
  for (const doc of instructors) await target.putDocument('instructors', doc);
  for (const doc of users) await target.putDocument('users', doc);
  await target.putDocument('settings', DEMO_QUESTION_SETTINGS);
}

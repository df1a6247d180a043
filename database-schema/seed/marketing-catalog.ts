/**
 * The demo's bundle (专栏) and membership plans (会员), built as an operator's
 * saves build them (../bundles/bundle-builder.ts, ../membershipPlans/plan-builder.ts).
 * Which demo courses members open, and the member price, are on the courses
 * themselves (./catalog.ts `memberIncluded`, `memberPriceFen`).
 */
import { buildBundleDoc, type BundleContent } from '../bundles/bundle-builder';
import type { BundleDoc } from '../bundles/schema';
import { buildPlanDoc, type PlanContent } from '../membershipPlans/plan-builder';
import type { MembershipPlanDoc } from '../membershipPlans/schema';
import { seedStoragePath } from './catalog';

/** Three demo courses (19900 + 29900 + 9900 fen at list price) for 39900. */
export const seedBundles: (Omit<BundleContent, 'coverFileId'> & { cover: string; salesCount: number })[] = [
  {
    id: 'fullstack',
    title: '全栈开发者成长专栏',
    subtitle: 'TypeScript、微信云开发与时间管理，三门课一起学',
    description: '从类型系统到云函数与支付，再到高效的工作节奏：三门课组成一条完整的成长路线，一次购买，全部解锁；专栏以后新增的课程也自动解锁。',
    cover: 'cover-3.jpg',
    courseIds: ['course-ts', 'course-cloud', 'course-time'],
    priceFen: 39900,
    status: 'published',
    salesCount: 120,
  },
];

export const seedPlans: (PlanContent & { salesCount: number })[] = [
  {
    id: 'month',
    title: '月卡',
    days: 30,
    priceFen: 3000,
    benefits: ['30 天畅学全部会员课程', '会员专享价购买精品课'],
    status: 'published',
    sort: 1,
    salesCount: 36,
  },
  {
    id: 'year',
    title: '年卡',
    days: 365,
    priceFen: 19800,
    benefits: ['365 天畅学全部会员课程', '会员专享价购买精品课', '平均每月不到 17 元'],
    status: 'published',
    sort: 2,
    salesCount: 12,
  },
];

/** The bundle and plan documents, with covers as the file IDs `fileIdOf` gives for each storage path. */
export function buildSeedMarketing(fileIdOf: (storagePath: string) => string, at: Date): { bundles: BundleDoc[]; plans: MembershipPlanDoc[] } {
  return {
    bundles: seedBundles.map(({ cover, salesCount, ...content }) =>
      buildBundleDoc({ ...content, coverFileId: fileIdOf(seedStoragePath(cover)) }, { salesCount, createdAt: at }, at),
    ),
    plans: seedPlans.map(({ salesCount, ...content }) => buildPlanDoc(content, { salesCount, createdAt: at }, at)),
  };
}

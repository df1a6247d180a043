/** `npm run ops -- reviews --local`: the moderation queue, publish and hide, through the operator functions. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buyCourse, dataOf, startDemoCloud } from '../../test/cloud/demo';
import type { TestCloud } from '../../test/cloud/index';
import { opsOn } from '../../test/cloud/ops';

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startDemoCloud();
  cloud.emulator.openapi.setSecurityWords({ review: ['待审词'] });
}, 60_000);
afterAll(() => cloud?.stop());

const ops = opsOn(() => cloud);

describe('ops reviews', () => {
  it('lists the pending reviews, publishes one and hides it again, the course rating following', async () => {
    await buyCourse(cloud, 'o_ops_rv', 'course-song');
    const { review } = await dataOf(cloud, 'o_ops_rv', 'submitReview', { courseId: 'course-song', rating: 4, content: '讲得生动，有一处待审词' });
    expect(review.status).toBe('pending');

    const queue = await ops('reviews');
    expect(queue.code).toBe(0);
    expect(queue.out).toContain('1 pending reviews');
    expect(queue.out).toContain(review.id);
    expect(queue.out).toContain('pending/review');

    const published = await ops('reviews', 'publish', review.id, '--reason', '人工复核通过');
    expect(published).toMatchObject({ code: 0 });
    expect(published.out).toContain('is now published; course-song rating 4 from 1 reviews');
    expect((await cloud.find('courses', { _id: 'course-song' }))[0]).toMatchObject({ ratingCount: 1, ratingSum: 4, ratingAvg: 4 });
    expect((await ops('reviews', '--status', 'published', '--course', 'course-song')).out).toContain(review.id);
    expect((await ops('reviews')).out).toContain('0 pending reviews');

    const hidden = await ops('reviews', 'hide', review.id, '--reason', '与课程无关');
    expect(hidden.out).toContain('is now hidden; course-song rating 0 from 0 reviews');
    expect((await cloud.find('reviews', { _id: review.id }))[0]).toMatchObject({ status: 'hidden', moderation: { action: 'hide', reason: '与课程无关' } });
  });

  it('refuses an unknown action, a missing id and an unknown status as usage errors', async () => {
    expect((await ops('reviews', 'delete', 'rv_x')).code).toBe(2);
    expect((await ops('reviews', 'publish')).code).toBe(2);
    expect((await ops('reviews', '--status', 'stolen')).code).toBe(2);
    const missing = await ops('reviews', 'publish', 'rv_none');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('NOT_FOUND');
  });
});

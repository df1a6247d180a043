import type { Paged } from '../../../typings/api';
import type { ReviewView } from '../../../typings/entities';
import { call } from '../../services/cloud';
import { reviewVersion } from '../../services/freshness';
import { definePage } from '../../services/page';
import { instanceState } from '../../utils/instance-state';
import { toReviewItem, type ReviewItem } from '../../utils/reviews';

const PAGE_SIZE = 10;

/** listReviews pages by cursor: the cursor that fetches each page number, from the page before it */
const state = instanceState(() => ({ courseId: '', cursors: new Map<number, string>(), reviewVersion: 0, loaded: false }));

definePage({
  data: {
    reviews: [] as ReviewItem[],
  },
  pullDownRefresh: true,
  list: {
    key: 'reviews',
    async fetch(page): Promise<Paged<ReviewView>> {
      const s = state(this);
      if (page === 1) {
        s.cursors.clear();
        s.reviewVersion = reviewVersion();
        s.loaded = true;
      }
      const cursor = s.cursors.get(page);
      const { items, nextCursor } = await call('listReviews', { courseId: s.courseId, pageSize: PAGE_SIZE, ...(cursor ? { cursor } : {}) });
      if (nextCursor) s.cursors.set(page + 1, nextCursor);
      return { items, page, hasMore: nextCursor !== null };
    },
    toView: toReviewItem,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      state(this).courseId = query.courseId ?? '';
    },

    onShow() {
      // back from the review editor: the learner's own review changed
      const s = state(this);
      if (s.loaded && s.reviewVersion !== reviewVersion()) this.reload(true);
    },
  },
});

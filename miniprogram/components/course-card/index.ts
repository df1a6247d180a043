import type { CourseCardView } from './view';

/** A course in a list; tapping it opens the course page. */
Component({
  options: { virtualHost: true },
  properties: {
    course: { type: Object, value: {} as CourseCardView },
    /** on iOS no price may be shown (see services/platform) */
    hidePrice: { type: Boolean, value: false },
    /** what an owned course says: 已购买 in the catalog, 已拥有 inside a bundle */
    ownedText: { type: String, value: '已购买' },
  },
  methods: {
    onTap() {
      const { id } = this.data.course as CourseCardView;
      if (id) wx.navigateTo({ url: `/pages/course/index?id=${encodeURIComponent(id)}` });
    },
  },
});

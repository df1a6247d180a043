/** One review: author, stars, date, text, 审核中 for the author's pending one, the shop's reply. */
Component({
  options: { virtualHost: true },
  properties: {
    /** a ReviewItem (utils/reviews.ts) */
    review: { type: Object, value: {} },
  },
});

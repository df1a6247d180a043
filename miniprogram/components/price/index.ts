import { priceLabel } from '../../utils/format';

/** A course price from integer fen: "¥99.00", or 免费. */
Component({
  options: { virtualHost: true },
  properties: {
    fen: { type: Number, value: 0 },
    /** 'large' on the course page, 'normal' on cards */
    size: { type: String, value: 'normal' },
  },
  data: { label: '' },
  observers: {
    fen(fen: number) {
      this.setData({ label: priceLabel(fen) });
    },
  },
});

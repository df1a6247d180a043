import { formatPrice, priceLabel } from '../../utils/format';

/** A price from integer fen: "¥99.00", or 免费. */
Component({
  options: { virtualHost: true },
  properties: {
    fen: { type: Number, value: 0 },
    /** 'large' on the course page, 'normal' on cards, 'small' beside another price */
    size: { type: String, value: 'normal' },
    /** a price no longer asked (the list price beside a member price, a bundle's 总价值): grey, struck through */
    struck: { type: Boolean, value: false },
    /** an amount taken off (a coupon, a credit): "-¥20.00" */
    minus: { type: Boolean, value: false },
  },
  data: { label: '' },
  observers: {
    'fen, minus'(fen: number, minus: boolean) {
      // an amount taken off is never "免费": it says how much
      this.setData({ label: minus ? `-${formatPrice(fen)}` : priceLabel(fen) });
    },
  },
});

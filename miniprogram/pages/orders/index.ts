import type { OrderStatus, OrderView } from '../../../typings/entities';
import { call } from '../../services/cloud';
import { definePage } from '../../services/page';
import { canSellHere, canSellQuestionsHere } from '../../services/platform';
import type { DatasetEvent } from '../../utils/events';
import { formatDateTime, formatPrice } from '../../utils/format';
import { instanceState } from '../../utils/instance-state';
import { courseUrl, MY_QUESTIONS_URL } from '../../utils/lesson';
import { MEMBERSHIP_URL, bundleUrl, purchaseUrlOf } from '../../utils/pricing';

const PAGE_SIZE = 10;

const STATUS_LABELS: Record<OrderStatus, string> = {
  unpaid: '待支付',
  paid: '已支付',
  refunding: '退款中',
  refunded: '已退款',
  closed: '已关闭',
};

const TABS: { value: OrderStatus | 'all'; label: string }[] = [
  { value: 'all', label: '全部' },
  { value: 'unpaid', label: '待支付' },
  { value: 'paid', label: '已支付' },
  { value: 'refunded', label: '已退款' },
  { value: 'closed', label: '已关闭' },
];

interface OrderItem {
  id: string;
  courseTitle: string;
  coverUrl: string;
  amountText: string;
  status: OrderStatus;
  statusText: string;
  createdText: string;
  canPay: boolean;
  /** what a tap on the order opens; '' for nothing */
  openUrl: string;
  /** where 去支付 pays it: the purchase page picks the unpaid order up again; '' for nowhere */
  payUrl: string;
}

/**
 * Where an order leads, by kind: a course order's `courseId` is the course,
 * a bundle's or plan's is only a product key (its `productId` is the bundle
 * or plan), a question's names no course (its order is paid on 我的提问).
 */
function orderLinks(order: OrderView): { openUrl: string; payUrl: string } {
  switch (order.kind) {
    case 'course':
      return { openUrl: courseUrl(order.courseId), payUrl: purchaseUrlOf({ kind: 'course', id: order.courseId }) };
    case 'question':
      return { openUrl: MY_QUESTIONS_URL, payUrl: MY_QUESTIONS_URL };
    case 'bundle':
      return order.productId ? { openUrl: bundleUrl(order.productId), payUrl: purchaseUrlOf({ kind: 'bundle', id: order.productId }) } : { openUrl: '', payUrl: '' };
    case 'membership':
      return { openUrl: MEMBERSHIP_URL, payUrl: order.productId ? purchaseUrlOf({ kind: 'membership', id: order.productId }) : MEMBERSHIP_URL };
  }
}

function toOrderItem(order: OrderView, sellable: boolean): OrderItem {
  const links = orderLinks(order);
  return {
    id: order.id,
    courseTitle: order.courseTitle,
    coverUrl: order.courseCoverUrl,
    amountText: formatPrice(order.amountFen),
    status: order.status,
    statusText: STATUS_LABELS[order.status],
    createdText: formatDateTime(order.createdAt),
    // an expired order will be closed by the server; paying it would only fail
    canPay: sellable && order.status === 'unpaid' && order.expiresAt > Date.now() && links.payUrl !== '',
    ...links,
  };
}

/** whether this phone may sell, as asked with each page of orders (then known: no cloud call), for every order shown */
const state = instanceState(() => ({ sellable: false }));

definePage({
  data: {
    tabs: TABS,
    activeTab: 'all' as OrderStatus | 'all',
    orders: [] as OrderItem[],
  },
  pullDownRefresh: true,
  list: {
    key: 'orders',
    async fetch(page) {
      const [result, sellable] = await Promise.all([call('listOrders', { ...this.filter(), page, pageSize: PAGE_SIZE }), canSellHere()]);
      state(this).sellable = sellable;
      return result;
    },
    toView(order) {
      // a question is paid with WeChat Pay only, never on iOS (services/platform)
      return toOrderItem(order, order.kind === 'question' ? canSellQuestionsHere() : state(this).sellable);
    },
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const tab = TABS.find((t) => t.value === query.status);
      if (tab) this.setData({ activeTab: tab.value });
    },

    onTabChange(e: WechatMiniprogram.CustomEvent<{ value: OrderStatus | 'all' }>) {
      if (e.detail.value === this.data.activeTab) return;
      this.setData({ activeTab: e.detail.value });
      this.reload();
    },

    filter() {
      const { activeTab } = this.data;
      return activeTab === 'all' ? {} : { status: activeTab };
    },

    onPay(e: DatasetEvent<{ index: number }>) {
      const order = this.data.orders[e.currentTarget.dataset.index];
      // createOrder on the purchase page picks this unpaid order up again
      if (order?.canPay) wx.navigateTo({ url: order.payUrl });
    },

    onOpenCourse(e: DatasetEvent<{ index: number }>) {
      const order = this.data.orders[e.currentTarget.dataset.index];
      if (order?.openUrl) wx.navigateTo({ url: order.openUrl });
    },
  },
});

import type { OrderStatus, OrderView } from '../../../typings/entities';
import { call } from '../../services/cloud';
import { definePage } from '../../services/page';
import { canSellHere } from '../../services/platform';
import type { DatasetEvent } from '../../utils/events';
import { formatDateTime, formatPrice } from '../../utils/format';
import { instanceState } from '../../utils/instance-state';
import { courseUrl, MY_QUESTIONS_URL, purchaseUrl } from '../../utils/lesson';

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
  kind: OrderView['kind'];
  courseId: string;
  courseTitle: string;
  coverUrl: string;
  amountText: string;
  status: OrderStatus;
  statusText: string;
  createdText: string;
  canPay: boolean;
}

function toOrderItem(order: OrderView, sellable: boolean): OrderItem {
  return {
    id: order.id,
    kind: order.kind,
    courseId: order.courseId,
    courseTitle: order.courseTitle,
    coverUrl: order.courseCoverUrl,
    amountText: formatPrice(order.amountFen),
    status: order.status,
    statusText: STATUS_LABELS[order.status],
    createdText: formatDateTime(order.createdAt),
    // an expired order will be closed by the server; paying it would only fail
    canPay: sellable && order.status === 'unpaid' && order.expiresAt > Date.now(),
  };
}

/** the platform does not change while the page is open: asked once, not for every order shown */
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
    fetch(page) {
      return call('listOrders', { ...this.filter(), page, pageSize: PAGE_SIZE });
    },
    toView(order) {
      return toOrderItem(order, state(this).sellable);
    },
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      state(this).sellable = canSellHere();
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
      if (order?.canPay) wx.navigateTo({ url: order.kind === 'question' ? MY_QUESTIONS_URL : purchaseUrl(order.courseId) });
    },

    onOpenCourse(e: DatasetEvent<{ index: number }>) {
      const order = this.data.orders[e.currentTarget.dataset.index];
      if (order) wx.navigateTo({ url: order.kind === 'question' ? MY_QUESTIONS_URL : courseUrl(order.courseId) });
    },
  },
});

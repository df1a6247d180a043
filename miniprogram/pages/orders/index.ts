import type { OrderStatus, OrderView } from '../../../typings/entities';
import type { ViewStatus } from '../../components/state-view/index';
import { call, errorMessage } from '../../services/cloud';
import { loadNextPage } from '../../services/paged-list';
import { canSellHere } from '../../services/platform';
import type { DatasetEvent } from '../../utils/events';
import { formatDateTime, formatPrice } from '../../utils/format';
import { instanceState } from '../../utils/instance-state';
import { courseUrl, purchaseUrl } from '../../utils/lesson';

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
    courseId: order.courseId,
    courseTitle: order.courseTitle,
    coverUrl: order.courseCoverUrl,
    amountText: formatPrice(order.totalFee),
    status: order.status,
    statusText: STATUS_LABELS[order.status],
    createdText: formatDateTime(order.createdAt),
    // an expired order will be closed by the server; paying it would only fail
    canPay: sellable && order.status === 'unpaid' && order.expiresAt > Date.now(),
  };
}

const state = instanceState(() => ({ page: 1, requestSeq: 0 }));

Component({
  data: {
    tabs: TABS,
    activeTab: 'all' as OrderStatus | 'all',
    status: 'loading' as ViewStatus,
    errorMessage: '',
    orders: [] as OrderItem[],
    hasMore: false,
    loadingMore: false,
    moreError: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const tab = TABS.find((t) => t.value === query.status);
      if (tab) this.setData({ activeTab: tab.value });
      this.loadFirstPage(false);
    },

    onTabChange(e: WechatMiniprogram.CustomEvent<{ value: OrderStatus | 'all' }>) {
      if (e.detail.value === this.data.activeTab) return;
      this.setData({ activeTab: e.detail.value });
      this.loadFirstPage(false);
    },

    onRetry() {
      this.loadFirstPage(false);
    },

    async onPullDownRefresh() {
      await this.loadFirstPage(this.data.status === 'ready');
      wx.stopPullDownRefresh();
    },

    filter() {
      const { activeTab } = this.data;
      return activeTab === 'all' ? {} : { status: activeTab };
    },

    async loadFirstPage(keepContent: boolean) {
      const s = state(this);
      const seq = ++s.requestSeq;
      if (!keepContent) this.setData({ status: 'loading', errorMessage: '', loadingMore: false, moreError: '' });
      try {
        const result = await call('listOrders', { ...this.filter(), page: 1, pageSize: PAGE_SIZE });
        if (seq !== s.requestSeq) return;
        s.page = result.page;
        const sellable = canSellHere();
        this.setData({
          orders: result.items.map((o) => toOrderItem(o, sellable)),
          hasMore: result.hasMore,
          loadingMore: false,
          moreError: '',
          status: result.items.length ? 'ready' : 'empty',
        });
      } catch (error) {
        if (seq !== s.requestSeq) return;
        if (keepContent) wx.showToast({ title: errorMessage(error), icon: 'none' });
        else this.setData({ status: 'error', errorMessage: errorMessage(error) });
      }
    },

    onReachBottom() {
      const sellable = canSellHere();
      return loadNextPage(this, state(this), {
        listKey: 'orders',
        fetch: (page) => call('listOrders', { ...this.filter(), page, pageSize: PAGE_SIZE }),
        toView: (order: OrderView) => toOrderItem(order, sellable),
      });
    },

    onPay(e: DatasetEvent<{ index: number }>) {
      const order = this.data.orders[e.currentTarget.dataset.index];
      // createOrder on the purchase page picks this unpaid order up again
      if (order?.canPay) wx.navigateTo({ url: purchaseUrl(order.courseId) });
    },

    onOpenCourse(e: DatasetEvent<{ index: number }>) {
      const order = this.data.orders[e.currentTarget.dataset.index];
      if (order) wx.navigateTo({ url: courseUrl(order.courseId) });
    },
  },
});

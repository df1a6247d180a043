/**
 * The loading, error (with retry) and empty states every page shows before its
 * content. The page renders it while its status is not 'ready'.
 */
export type ViewStatus = 'loading' | 'ready' | 'empty' | 'error';

Component({
  options: { virtualHost: true },
  properties: {
    status: { type: String, value: 'loading' },
    /** shown with the error state */
    message: { type: String, value: '' },
    /** what "nothing here" means on this page */
    emptyText: { type: String, value: '这里还什么都没有' },
    /** an action offered with the empty state, e.g. 去逛逛; none when empty */
    emptyAction: { type: String, value: '' },
  },
  methods: {
    onRetry() {
      this.triggerEvent('retry');
    },
    onEmptyAction() {
      this.triggerEvent('emptyaction');
    },
  },
});

import type { Category } from '../../../typings/entities';
import { call, errorMessage } from '../../services/cloud';

type Status = 'loading' | 'ready' | 'empty' | 'error';

Component({
  data: {
    status: 'loading' as Status,
    categories: [] as Category[],
    errorMessage: '',
  },
  methods: {
    onLoad() {
      this.load();
    },
    async load() {
      this.setData({ status: 'loading', errorMessage: '' });
      try {
        const { categories } = await call('listCategories', {});
        this.setData({ categories, status: categories.length ? 'ready' : 'empty' });
      } catch (error) {
        this.setData({ status: 'error', errorMessage: errorMessage(error) });
      }
    },
    onRetry() {
      this.load();
    },
  },
});

import { call, errorMessage } from '../../services/cloud';
import { definePage } from '../../services/page';
import { learnPaymentProvider, maySellWith, platformField } from '../../services/platform';
import { instanceState } from '../../utils/instance-state';
import { MY_QUESTIONS_URL } from '../../utils/lesson';
import { MEMBERSHIP_URL, MY_COUPONS_URL } from '../../utils/pricing';

const ABOUT =
  '知识小铺是一个开源的知识付费小程序：浏览课程、免费试看、购买后学习视频、音频、图文与电子书。课程内容版权归讲师所有。';

const state = instanceState(() => ({ openid: '' }));

definePage({
  data: {
    nickname: '',
    avatarFileId: '',
    savingAvatar: false,
    isInstructor: false,
    /** coupons serve purchases only, which iOS may not make here */
    showCoupons: false,
  },
  async load(show) {
    const { user, payment } = await call('login', platformField());
    // this login names the provider too: the app keeps it, as canSellHere would have asked it
    learnPaymentProvider(payment.provider);
    state(this).openid = user.openid;
    show({ nickname: user.nickname, avatarFileId: user.avatarFileId, isInstructor: user.role === 'instructor', showCoupons: maySellWith(payment.provider) });
  },
  methods: {
    /** WeChat no longer hands out the profile: the learner picks an avatar, which we keep in cloud storage. */
    async onChooseAvatar(e: WechatMiniprogram.CustomEvent<{ avatarUrl: string }>) {
      const filePath = e.detail.avatarUrl;
      if (!filePath || this.data.savingAvatar) return;
      this.setData({ savingAvatar: true });
      try {
        const ext = /\.(\w{2,5})$/.exec(filePath)?.[1] ?? 'jpg';
        const { fileID } = await wx.cloud.uploadFile({ cloudPath: `avatars/${state(this).openid}/${Date.now()}.${ext}`, filePath });
        const { user } = await call('updateProfile', { avatarFileId: fileID });
        this.setData({ avatarFileId: user.avatarFileId });
        wx.showToast({ title: '头像已更新', icon: 'success' });
      } catch (error) {
        console.warn('[me] avatar not saved', error);
        wx.showToast({ title: errorMessage(error) === '出了点问题，请稍后重试' ? '头像上传失败，请重试' : errorMessage(error), icon: 'none' });
      } finally {
        this.setData({ savingAvatar: false });
      }
    },

    /** The nickname input (type="nickname") gives its value on blur or confirm, after WeChat's own check. */
    async onNicknameDone(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const nickname = (e.detail.value ?? '').trim();
      if (!nickname || nickname === this.data.nickname) return;
      if (nickname.length > 32) {
        wx.showToast({ title: '昵称最多 32 个字', icon: 'none' });
        return;
      }
      try {
        const { user } = await call('updateProfile', { nickname });
        this.setData({ nickname: user.nickname });
        wx.showToast({ title: '昵称已更新', icon: 'success' });
      } catch (error) {
        wx.showToast({ title: errorMessage(error), icon: 'none' });
      }
    },

    onOrders() {
      wx.navigateTo({ url: '/pages/orders/index' });
    },

    onMyCoupons() {
      wx.navigateTo({ url: MY_COUPONS_URL });
    },

    onMembership() {
      wx.navigateTo({ url: MEMBERSHIP_URL });
    },

    onMyQuestions() {
      wx.navigateTo({ url: MY_QUESTIONS_URL });
    },

    onInstructorInbox() {
      wx.navigateTo({ url: '/pages/instructor-inbox/index' });
    },

    onAbout() {
      wx.showModal({ title: '关于知识小铺', content: ABOUT, showCancel: false, confirmText: '知道了' }).catch(() => undefined);
    },
  },
});

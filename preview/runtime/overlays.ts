/**
 * What WeChat draws over a page: toasts, the loading mask, modals and the
 * payment sheet, inside the phone frame (`#overlays`).
 */
function layer(): HTMLElement {
  const el = document.getElementById('overlays');
  if (!el) throw new Error('the phone frame has no #overlays');
  return el;
}

function h<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

// --- toast and loading: one at a time, as in WeChat (showLoading replaces a toast and the other way round)

let toastEl: HTMLElement | null = null;
let toastTimer: ReturnType<typeof setTimeout> | undefined;

export type ToastIcon = 'success' | 'error' | 'loading' | 'none';

const ICONS: Record<ToastIcon, string> = { success: '✓', error: '✕', loading: '', none: '' };

export function showToast(options: { title: string; icon?: ToastIcon; duration?: number; mask?: boolean }): void {
  hideToast();
  const icon = options.icon ?? 'success';
  const el = h('div', `toast toast--${icon}${options.mask ? ' toast--mask' : ''}`);
  el.setAttribute('role', 'status');
  const box = h('div', 'toast__box');
  if (icon === 'loading') box.appendChild(h('div', 'toast__spinner'));
  else if (icon !== 'none') box.appendChild(h('div', 'toast__icon', ICONS[icon]));
  box.appendChild(h('div', 'toast__title', options.title));
  el.appendChild(box);
  layer().appendChild(el);
  toastEl = el;
  if (icon !== 'loading' || options.duration) toastTimer = setTimeout(hideToast, options.duration ?? 1500);
}

export function hideToast(): void {
  if (toastTimer) clearTimeout(toastTimer);
  toastEl?.remove();
  toastEl = null;
}

export function showLoading(options: { title?: string; mask?: boolean }): void {
  showToast({ title: options.title ?? '', icon: 'loading', mask: options.mask, duration: 0 });
}

// --- modal

export interface ModalOptions {
  title?: string;
  content?: string;
  showCancel?: boolean;
  cancelText?: string;
  confirmText?: string;
  confirmColor?: string;
}

export function showModal(options: ModalOptions): Promise<{ confirm: boolean; cancel: boolean }> {
  return new Promise((resolve) => {
    const mask = h('div', 'modal-mask');
    const modal = h('div', 'modal');
    modal.setAttribute('role', 'dialog');
    if (options.title) modal.appendChild(h('div', 'modal__title', options.title));
    if (options.content) modal.appendChild(h('div', 'modal__content', options.content));
    const actions = h('div', 'modal__actions');
    const close = (confirm: boolean) => {
      mask.remove();
      resolve({ confirm, cancel: !confirm });
    };
    if (options.showCancel !== false) {
      const cancel = h('button', 'modal__cancel', options.cancelText ?? '取消');
      cancel.addEventListener('click', () => close(false));
      actions.appendChild(cancel);
    }
    const confirm = h('button', 'modal__confirm', options.confirmText ?? '确定');
    if (options.confirmColor) confirm.style.color = options.confirmColor;
    confirm.addEventListener('click', () => close(true));
    actions.appendChild(confirm);
    modal.appendChild(actions);
    mask.appendChild(modal);
    layer().appendChild(mask);
  });
}

// --- the payment sheets: WeChat Pay's (`.pay-sheet`) and virtual payment's (`.xpay-sheet`)

export interface PaySheet {
  merchant: string;
  description: string;
  amountFen: number;
  /** runs when the learner confirms; its error is shown on the sheet */
  pay(): Promise<void>;
}

/** How a kind of sheet looks: its class (its parts are `<class>__confirm`...), its words. */
interface SheetLook {
  className: string;
  label: string;
  brand: string;
  method: string;
  /**
   * a failed payment closes the sheet, the promise rejecting with pay()'s
   * error (virtual payment: the page's fail gets WeChat's errCode); otherwise
   * the sheet stays open with the error shown, to try again
   */
  closeOnError: boolean;
}

const WXPAY_LOOK: SheetLook = { className: 'pay-sheet', label: '微信支付', brand: '微信支付 · 本地模拟', method: '零钱（模拟）', closeOnError: false };
const XPAY_LOOK: SheetLook = { className: 'xpay-sheet', label: '虚拟支付', brand: '小程序虚拟支付 · 本地模拟', method: '微信支付（模拟）', closeOnError: true };
/** long enough to read why a virtual payment failed before the sheet closes */
const FAILED_SHEET_MS = 1200;

const yuan = (fen: number) => `¥${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

/** Resolves 'paid' or 'cancelled', as the learner chooses. */
export function showPaySheet(sheet: PaySheet): Promise<'paid' | 'cancelled'> {
  return showSheet(sheet, WXPAY_LOOK);
}

/**
 * wx.requestVirtualPayment's sheet: resolves 'paid' or 'cancelled' (✕); a
 * refused payment (pay() throws) is shown, then the sheet closes and the
 * promise rejects with that error.
 */
export function showVirtualPaySheet(sheet: PaySheet): Promise<'paid' | 'cancelled'> {
  return showSheet(sheet, XPAY_LOOK);
}

function showSheet(sheet: PaySheet, look: SheetLook): Promise<'paid' | 'cancelled'> {
  const part = (name: string, text?: string) => h('div', `${look.className}__${name}`, text);
  return new Promise((resolve, reject) => {
    const mask = h('div', 'pay-mask');
    const panel = h('div', look.className);
    panel.setAttribute('role', 'dialog');
    panel.setAttribute('aria-label', look.label);
    const close = h('button', `${look.className}__close`, '✕');
    close.setAttribute('aria-label', '取消支付');
    panel.append(close, part('brand', look.brand), part('merchant', sheet.merchant), part('amount', yuan(sheet.amountFen)), part('desc', sheet.description));
    const method = part('method');
    method.append(h('span', '', '付款方式'), h('span', '', look.method));
    const error = part('error');
    const confirm = h('button', `${look.className}__confirm`, '确认支付');
    panel.append(method, error, confirm, part('note', '这是本地云的模拟支付，不会产生真实扣款'));
    mask.appendChild(panel);
    layer().appendChild(mask);
    let busy = false;
    close.addEventListener('click', () => {
      if (busy) return;
      mask.remove();
      resolve('cancelled');
    });
    confirm.addEventListener('click', async () => {
      if (busy) return;
      busy = true;
      confirm.disabled = true;
      confirm.textContent = '支付中...';
      try {
        await sheet.pay();
        panel.classList.add(`${look.className}--done`);
        confirm.textContent = '支付成功';
        setTimeout(() => {
          mask.remove();
          resolve('paid');
        }, 600);
      } catch (e) {
        error.textContent = e instanceof Error ? e.message : String(e);
        if (look.closeOnError) {
          panel.classList.add(`${look.className}--failed`);
          confirm.textContent = '支付失败';
          setTimeout(() => {
            mask.remove();
            reject(e);
          }, FAILED_SHEET_MS);
          return;
        }
        busy = false;
        confirm.disabled = false;
        confirm.textContent = '确认支付';
      }
    });
  });
}

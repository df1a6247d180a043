/**
 * The mini-program's built-in components that must do something in a
 * browser. miniprogram-simulate registers every built-in as an empty
 * `<slot/>`; these replace the ones our pages and TDesign rely on (image,
 * video, input, rich-text, button, scroll-view) with real elements, and fire
 * the events the mini-program listens to (load, timeupdate, input, ...).
 */
import jComponent from 'j-component';
import { browserUrl } from './media-url';

/** The part of a component instance these definitions use. */
interface Host {
  $$: HTMLElement;
  data: Record<string, unknown>;
  triggerEvent(name: string, detail?: unknown): void;
}

interface Builtin {
  properties: Record<string, { type: unknown; value?: unknown }>;
  /** renders the host element from its properties; runs on attach and on every change */
  render(host: Host): void;
}

function register(name: string, builtin: Builtin): void {
  const keys = Object.keys(builtin.properties);
  const definition = {
    id: name,
    tagName: `wx-${name}`,
    template: '<slot/>',
    properties: builtin.properties,
    observers: {
      [keys.join(', ')](this: Host) {
        if (this.$$) builtin.render(this);
      },
    },
    lifetimes: {
      attached(this: Host) {
        builtin.render(this);
      },
    },
  };
  jComponent.register(definition as never);
}

/** The element this builtin added to its host, made once. */
function child<K extends keyof HTMLElementTagNameMap>(host: Host, tag: K, setup: (el: HTMLElementTagNameMap[K]) => void): HTMLElementTagNameMap[K] {
  const existing = host.$$.querySelector(`:scope > ${tag}[data-builtin]`);
  if (existing) return existing as HTMLElementTagNameMap[K];
  const el = document.createElement(tag);
  el.dataset.builtin = '';
  setup(el);
  host.$$.appendChild(el);
  return el;
}

const FIT: Record<string, string> = { scaleToFill: 'fill', aspectFit: 'contain', aspectFill: 'cover', widthFix: 'cover', heightFix: 'cover' };

const image: Builtin = {
  properties: { src: { type: String, value: '' }, mode: { type: String, value: 'scaleToFill' }, lazyLoad: { type: Boolean, value: false } },
  render(host) {
    const src = String(host.data.src ?? '');
    const mode = String(host.data.mode ?? 'scaleToFill');
    const img = child(host, 'img', (el) => {
      el.draggable = false;
      el.addEventListener('load', () => host.triggerEvent('load', { width: el.naturalWidth, height: el.naturalHeight }));
      el.addEventListener('error', () => el.getAttribute('src') && host.triggerEvent('error', { errMsg: `GET ${el.src} failed` }));
    });
    img.style.objectFit = FIT[mode] ?? 'fill';
    host.$$.classList.toggle('wx-image--width-fix', mode === 'widthFix');
    const url = browserUrl(src);
    if (img.getAttribute('src') !== url) {
      if (url) img.setAttribute('src', url);
      else img.removeAttribute('src');
    }
  },
};

const video: Builtin = {
  properties: {
    src: { type: String, value: '' },
    initialTime: { type: Number, value: 0 },
    poster: { type: String, value: '' },
    autoplay: { type: Boolean, value: false },
    muted: { type: Boolean, value: false },
  },
  render(host) {
    const el = child(host, 'video', (v) => {
      v.controls = true;
      v.playsInline = true;
      v.preload = 'metadata';
      const detail = () => ({ currentTime: v.currentTime, duration: Number.isFinite(v.duration) ? v.duration : 0 });
      v.addEventListener('loadedmetadata', () => {
        const start = Number(host.data.initialTime ?? 0);
        if (start > 0 && start < v.duration) v.currentTime = start;
      });
      v.addEventListener('play', () => host.triggerEvent('play', {}));
      v.addEventListener('pause', () => host.triggerEvent('pause', {}));
      v.addEventListener('ended', () => host.triggerEvent('ended', {}));
      v.addEventListener('timeupdate', () => host.triggerEvent('timeupdate', detail()));
      v.addEventListener('error', () => host.triggerEvent('error', { errMsg: 'video error' }));
    });
    const url = browserUrl(String(host.data.src ?? ''));
    if (url && el.getAttribute('src') !== url) el.setAttribute('src', url);
    el.poster = browserUrl(String(host.data.poster ?? ''));
    el.muted = Boolean(host.data.muted);
    el.autoplay = Boolean(host.data.autoplay);
  },
};

/** slider as a range input: changing while dragged, change when let go, as WeChat's fires them. */
const slider: Builtin = {
  properties: {
    min: { type: Number, value: 0 },
    max: { type: Number, value: 100 },
    step: { type: Number, value: 1 },
    value: { type: Number, value: 0 },
    disabled: { type: Boolean, value: false },
    activeColor: { type: String, value: '#1aad19' },
  },
  render(host) {
    const el = child(host, 'input', (input) => {
      input.type = 'range';
      input.style.width = '100%';
      input.addEventListener('input', () => host.triggerEvent('changing', { value: Number(input.value) }));
      input.addEventListener('change', () => host.triggerEvent('change', { value: Number(input.value) }));
    });
    el.min = String(host.data.min ?? 0);
    el.max = String(host.data.max ?? 100);
    el.step = String(host.data.step ?? 1);
    el.disabled = Boolean(host.data.disabled);
    el.style.accentColor = String(host.data.activeColor ?? '');
    // not while the finger is on it
    if (document.activeElement !== el) el.value = String(host.data.value ?? 0);
  },
};

const INPUT_TYPES: Record<string, string> = { number: 'number', digit: 'number', idcard: 'text', nickname: 'text', text: 'text', safePassword: 'password' };

function textInput(tag: 'input' | 'textarea'): Builtin {
  return {
    properties: {
      value: { type: String, value: '' },
      type: { type: String, value: 'text' },
      password: { type: Boolean, value: false },
      placeholder: { type: String, value: '' },
      disabled: { type: Boolean, value: false },
      maxlength: { type: Number, value: 140 },
      focus: { type: Boolean, value: false },
      confirmType: { type: String, value: 'done' },
    },
    render(host) {
      const el = child(host, tag, (input) => {
        const detail = () => ({ value: input.value, cursor: input.selectionStart ?? input.value.length });
        input.addEventListener('input', () => host.triggerEvent('input', { ...detail(), keyCode: 0 }));
        input.addEventListener('focus', () => host.triggerEvent('focus', { value: input.value, height: 0 }));
        input.addEventListener('blur', () => host.triggerEvent('blur', detail()));
        input.addEventListener('keydown', (e) => {
          if ((e as KeyboardEvent).key === 'Enter' && tag === 'input') host.triggerEvent('confirm', { value: input.value });
        });
      });
      const value = String(host.data.value ?? '');
      if (el.value !== value && document.activeElement !== el) el.value = value;
      el.placeholder = String(host.data.placeholder ?? '');
      el.disabled = Boolean(host.data.disabled);
      const max = Number(host.data.maxlength ?? 140);
      if (max > 0) el.maxLength = max;
      if (el instanceof HTMLInputElement) el.type = host.data.password ? 'password' : (INPUT_TYPES[String(host.data.type)] ?? 'text');
      if (host.data.focus && document.activeElement !== el) queueMicrotask(() => el.focus());
    },
  };
}

const ALLOWED_TAGS = new Set(['p', 'br', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'b', 'em', 'i', 'u', 'span', 'div', 'ul', 'ol', 'li', 'blockquote', 'pre', 'code', 'img', 'a', 'hr', 'table', 'thead', 'tbody', 'tr', 'td', 'th', 'sub', 'sup']);

/** rich-text renders a whitelist of tags, no scripts or handlers, as WeChat's does. */
function sanitizedNodes(html: string): DocumentFragment {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  const out = document.createDocumentFragment();
  const copy = (node: Node, into: Node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      into.appendChild(document.createTextNode(node.textContent ?? ''));
      return;
    }
    if (!(node instanceof Element)) return;
    const tag = node.tagName.toLowerCase();
    const target = ALLOWED_TAGS.has(tag) ? document.createElement(tag) : document.createDocumentFragment();
    if (target instanceof Element) {
      for (const attr of ['class', 'style', 'src', 'alt', 'width', 'height']) {
        const value = node.getAttribute(attr);
        if (value !== null) target.setAttribute(attr, attr === 'src' ? browserUrl(value) : value);
      }
    }
    node.childNodes.forEach((c) => copy(c, target));
    into.appendChild(target);
  };
  doc.body.childNodes.forEach((c) => copy(c, out));
  return out;
}

const richText: Builtin = {
  properties: { nodes: { type: null, value: '' }, userSelect: { type: Boolean, value: false } },
  render(host) {
    const box = child(host, 'div', (d) => d.classList.add('wx-rich-text__body'));
    const nodes = host.data.nodes;
    box.replaceChildren(typeof nodes === 'string' ? sanitizedNodes(nodes) : document.createTextNode(''));
  },
};

/** `open-type="chooseAvatar"`: a file picker stands in for WeChat's avatar sheet. */
const button: Builtin = {
  properties: {
    openType: { type: String, value: '' },
    disabled: { type: Boolean, value: false },
    type: { type: String, value: 'default' },
    size: { type: String, value: 'default' },
    plain: { type: Boolean, value: false },
    loading: { type: Boolean, value: false },
  },
  render(host) {
    host.$$.classList.toggle('wx-button--disabled', Boolean(host.data.disabled));
    if (host.data.openType !== 'chooseAvatar') return;
    child(host, 'input', (input) => {
      input.type = 'file';
      input.accept = 'image/*';
      input.hidden = true;
      input.addEventListener('change', () => {
        const file = input.files?.[0];
        if (file) host.triggerEvent('chooseavatar', { avatarUrl: `${URL.createObjectURL(file)}#${encodeURIComponent(file.name)}` });
        input.value = '';
      });
      host.$$.addEventListener('click', (e) => {
        if (e.target !== input && !host.data.disabled) input.click();
      });
    });
  },
};

const scrollView: Builtin = {
  properties: { scrollX: { type: Boolean, value: false }, scrollY: { type: Boolean, value: false }, scrollTop: { type: null, value: 0 }, scrollLeft: { type: null, value: 0 } },
  render(host) {
    host.$$.style.overflowX = host.data.scrollX ? 'auto' : 'hidden';
    host.$$.style.overflowY = host.data.scrollY ? 'auto' : 'hidden';
  },
};

export function registerBuiltins(): void {
  register('image', image);
  register('video', video);
  register('slider', slider);
  register('input', textInput('input'));
  register('textarea', textInput('textarea'));
  register('rich-text', richText);
  register('button', button);
  register('scroll-view', scrollView);
}

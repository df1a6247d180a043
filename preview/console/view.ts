/** Small DOM helpers for the console: elements, tables, times. */
import { inBeijing } from '../../typings/beijing-time';

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string | null | undefined)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined) el.append(c);
  return el;
}

export function table(headers: string[], rows: (Node | string)[][], empty: string): HTMLElement {
  if (!rows.length) return h('p', { class: 'console__empty' }, empty);
  return h(
    'table',
    { class: 'console__table' },
    h('thead', {}, h('tr', {}, ...headers.map((t) => h('th', {}, t)))),
    h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, c))))),
  );
}

/** "2025-03-08T06:05:00.123Z" → "14:05:00" in Beijing time, as the product shows times */
export function clock(iso: string | undefined): string {
  if (!iso) return '';
  const d = inBeijing(iso);
  return d.isValid() ? d.format('HH:mm:ss') : iso;
}

export function yuan(fen: number | undefined): string {
  return typeof fen === 'number' ? `¥${(fen / 100).toFixed(2)}` : '';
}

export function badge(text: string, tone: 'ok' | 'warn' | 'bad' | 'plain'): HTMLElement {
  return h('span', { class: `badge badge--${tone}` }, text);
}

export function json(value: unknown): HTMLElement {
  return h('pre', { class: 'console__json' }, JSON.stringify(value, null, 2));
}

/** A row of chips, the active one marked; a click picks one. `key` names its data attribute (`data-<key>`), for tests. */
export function chips<T extends string>(items: [T, string][], active: T, key: string, pick: (value: T) => void): HTMLElement {
  return h(
    'div',
    { class: 'console__collections' },
    ...items.map(([value, label]) => {
      const b = h('button', { class: `chip${value === active ? ' chip--active' : ''}`, [`data-${key}`]: value }, label);
      b.addEventListener('click', () => pick(value));
      return b;
    }),
  );
}

import { describe, expect, it } from 'vitest';
import { readableHtml } from './rich-text';

describe('readableHtml', () => {
  it('styles headings, paragraphs, images and code inline, keeping the author’s own style last', () => {
    const out = readableHtml('<h2>标题</h2><p class="x">正文 <code>a</code></p><img src="https://x/y.png" style="width:50%"/><pre><code>let a = 1;\nlet b = 2;</code></pre>');
    expect(out).toContain('<h2 style="font-size:19px;');
    expect(out).toContain('<p class="x" style="margin:0 0 14px;');
    expect(out).toMatch(/<img src="https:\/\/x\/y.png" style="display:block;max-width:100%;[^"]*width:50%"\/>/);
    expect(out).toContain('white-space:pre;');
    expect(out).toContain('let a = 1;\nlet b = 2;');
    // text is left alone
    expect(readableHtml('a < b and <strong>c</strong>')).toBe('a < b and <strong>c</strong>');
  });
});

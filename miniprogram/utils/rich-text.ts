/**
 * An article's HTML made readable in <rich-text>: WeChat's rich-text applies
 * no page styles to the tags inside it, so each tag gets its style inline
 * (headings, paragraphs, images that fit the screen, code blocks that keep
 * their lines). A style the author wrote stays, after ours, so it wins.
 */
const STYLES: Record<string, string> = {
  h1: 'font-size:22px;font-weight:600;line-height:1.4;margin:20px 0 12px;',
  h2: 'font-size:19px;font-weight:600;line-height:1.4;margin:20px 0 10px;',
  h3: 'font-size:17px;font-weight:600;line-height:1.4;margin:16px 0 8px;',
  p: 'margin:0 0 14px;line-height:1.8;',
  img: 'display:block;max-width:100%;height:auto;margin:12px auto;border-radius:8px;',
  pre: 'background:#f5f7fa;padding:12px;border-radius:8px;overflow-x:auto;white-space:pre;font-family:Menlo,Consolas,monospace;font-size:13px;line-height:1.6;margin:0 0 14px;',
  code: 'font-family:Menlo,Consolas,monospace;font-size:13px;background:#f2f3f5;border-radius:4px;padding:0 4px;',
  blockquote: 'margin:0 0 14px;padding:4px 0 4px 12px;border-left:3px solid #dcdcdc;color:#5e6470;',
  ul: 'padding-left:1.5em;margin:0 0 14px;',
  ol: 'padding-left:1.5em;margin:0 0 14px;',
  li: 'line-height:1.8;',
};

const OPEN_TAG = /<(h1|h2|h3|p|img|pre|code|blockquote|ul|ol|li)(\s[^>]*?)?(\/?)>/gi;

export function readableHtml(html: string): string {
  return html.replace(OPEN_TAG, (_m, tag: string, attrs = '', selfClose: string) => {
    const ours = STYLES[tag.toLowerCase()]!;
    const own = /\sstyle=(["'])(.*?)\1/i.exec(attrs);
    const rest = own ? attrs.replace(own[0], '') : attrs;
    return `<${tag}${rest} style="${ours}${own ? own[2] : ''}"${selfClose}>`;
  });
}

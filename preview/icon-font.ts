/**
 * TDesign's icon font for the preview, made on this machine so the preview
 * needs no network.
 *
 * On a phone, TDesign's `icon.wxss` loads its font `t` from Tencent's CDN
 * (`@font-face { src: url(https://tdesign.gtimg.com/icon/<v>/fonts/t.woff) }`),
 * and each icon is a character of it (`.t-icon-search:before { content: '\E71D' }`).
 * No npm package ships that font file, so the preview builds an equivalent one:
 * the glyph outlines come from TDesign's own icon SVGs (`@iconify-json/tdesign`,
 * MIT, the same artwork as the font), the code points from the `icon.wxss` the
 * preview actually runs, so every `t-icon-<name>` class lands on its own drawing
 * whatever TDesign version is installed. TDesign draws with strokes; a font has
 * only filled outlines, so each stroke is expanded into its outline with Skia's
 * stroker (pathkit-wasm) and the pieces of an icon are unioned into one path.
 *
 * Only the preview's copy of the wxss is rewritten to use it (preview/build.ts);
 * what ships to WeChat keeps the CDN font.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import opentype from 'opentype.js';
import PathKitInit, { type PathKitApi, type SkPath } from 'pathkit-wasm/bin/pathkit.js';

const require = createRequire(import.meta.url);
const { Font, Glyph, Path } = opentype;

/** The font family TDesign's icon.wxss names (`.t-icon { font-family: t }`). */
export const ICON_FONT_FAMILY = 't';
/** Where the preview server serves the generated font (build/preview/<this>). */
export const ICON_FONT_PATH = 'fonts/tdesign-icons.otf';

const UNITS_PER_EM = 1024;
const ASCENDER = 896;
/** TDesign's icons are drawn on a 24 × 24 grid. */
const GRID = 24;

interface IconSet {
  icons: Record<string, { body: string; width?: number; height?: number }>;
  aliases?: Record<string, { parent: string }>;
  width?: number;
  height?: number;
  lastModified?: number;
}

/** `t-icon-<name>` → code point, as the wxss says (`.t-icon-search:before{content:'\E71D';}`). */
export function iconCodePoints(wxss: string): Map<string, number> {
  const points = new Map<string, number>();
  for (const [, name, hex] of wxss.matchAll(/\.t-icon-([\w-]+):before\s*\{\s*content:\s*['"]\\([0-9a-fA-F]+)['"]/g)) {
    points.set(name, Number.parseInt(hex, 16));
  }
  return points;
}

/** The wxss with every `@font-face` of the family `t` pointing at `url` instead of the CDN. */
export function rewriteIconFontFace(wxss: string, url: string): string {
  return wxss.replace(/@font-face\s*\{[^}]*\}/g, (rule) =>
    /font-family:\s*['"]?t['"]?\s*;/.test(rule) ? `@font-face{font-family:${ICON_FONT_FAMILY};src:url(${url}) format('opentype');font-weight:400;font-style:normal;font-display:block;}` : rule,
  );
}

// ---- a small SVG reader: the elements and attributes TDesign's icons use ----

interface SvgNode {
  tag: string;
  attrs: Record<string, string>;
  children: SvgNode[];
}

function parseSvg(body: string): SvgNode {
  const root: SvgNode = { tag: 'svg', attrs: {}, children: [] };
  const stack = [root];
  for (const [, closing, tag, rawAttrs, selfClosing] of body.matchAll(/<(\/?)([\w:-]+)((?:\s+[\w:-]+="[^"]*")*)\s*(\/?)>/g)) {
    if (closing) {
      stack.pop();
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const [, key, value] of rawAttrs.matchAll(/([\w:-]+)="([^"]*)"/g)) attrs[key] = value;
    const node: SvgNode = { tag, attrs, children: [] };
    stack[stack.length - 1].children.push(node);
    if (!selfClosing) stack.push(node);
  }
  return root;
}

/** An affine matrix [a b c d e f] as SVG writes it. */
type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

function multiply([a1, b1, c1, d1, e1, f1]: Matrix, [a2, b2, c2, d2, e2, f2]: Matrix): Matrix {
  return [a1 * a2 + c1 * b2, b1 * a2 + d1 * b2, a1 * c2 + c1 * d2, b1 * c2 + d1 * d2, a1 * e2 + c1 * f2 + e1, b1 * e2 + d1 * f2 + f1];
}

function parseTransform(value: string | undefined): Matrix {
  let m: Matrix = IDENTITY;
  for (const [, fn, args] of (value ?? '').matchAll(/(\w+)\s*\(([^)]*)\)/g)) {
    const n = args.split(/[\s,]+/).filter(Boolean).map(Number);
    let t: Matrix;
    if (fn === 'matrix' && n.length === 6) t = n as Matrix;
    else if (fn === 'translate') t = [1, 0, 0, 1, n[0] ?? 0, n[1] ?? 0];
    else if (fn === 'scale') t = [n[0] ?? 1, 0, 0, n[1] ?? n[0] ?? 1, 0, 0];
    else if (fn === 'rotate') {
      const r = ((n[0] ?? 0) * Math.PI) / 180;
      const [cx, cy] = [n[1] ?? 0, n[2] ?? 0];
      t = multiply(multiply([1, 0, 0, 1, cx, cy], [Math.cos(r), Math.sin(r), -Math.sin(r), Math.cos(r), 0, 0]), [1, 0, 0, 1, -cx, -cy]);
    } else throw new Error(`icon font: unsupported transform ${fn}(${args})`);
    m = multiply(m, t);
  }
  return m;
}

/** Presentation attributes children inherit (opacity is left out: a glyph has one colour). */
const INHERITED = ['fill', 'stroke', 'stroke-width', 'stroke-linecap', 'stroke-linejoin', 'stroke-miterlimit', 'fill-rule'] as const;
type Style = Record<(typeof INHERITED)[number], string>;
// SVG's initial values: a shape with no fill attribute anywhere is painted (black)
const INITIAL: Style = { fill: 'black', stroke: 'none', 'stroke-width': '1', 'stroke-linecap': 'butt', 'stroke-linejoin': 'miter', 'stroke-miterlimit': '4', 'fill-rule': 'nonzero' };

const painted = (paint: string) => paint !== 'none' && paint !== 'transparent';

function geometry(node: SvgNode): string | null {
  if (node.tag === 'path') return node.attrs.d ?? null;
  if (node.tag === 'circle' || node.tag === 'ellipse') {
    const [cx, cy] = [Number(node.attrs.cx ?? 0), Number(node.attrs.cy ?? 0)];
    const [rx, ry] = node.tag === 'circle' ? [Number(node.attrs.r), Number(node.attrs.r)] : [Number(node.attrs.rx), Number(node.attrs.ry)];
    return `M${cx - rx} ${cy}A${rx} ${ry} 0 1 0 ${cx + rx} ${cy}A${rx} ${ry} 0 1 0 ${cx - rx} ${cy}Z`;
  }
  if (node.tag === 'rect') {
    const [x, y, w, h] = ['x', 'y', 'width', 'height'].map((k) => Number(node.attrs[k] ?? 0));
    return `M${x} ${y}H${x + w}V${y + h}H${x}Z`;
  }
  if (node.tag === 'line') return `M${node.attrs.x1} ${node.attrs.y1}L${node.attrs.x2} ${node.attrs.y2}`;
  if (node.tag === 'polyline' || node.tag === 'polygon') return `M${node.attrs.points}${node.tag === 'polygon' ? 'Z' : ''}`;
  throw new Error(`icon font: unsupported element <${node.tag}>`);
}

/** One icon's outline in font units (y up, baseline at 0), as SVG path data. */
export function iconOutline(pk: PathKitApi, body: string, size: number): string {
  const root = parseSvg(body);
  const defs = new Map<string, SvgNode>();
  const collect = (node: SvgNode, inDefs: boolean) => {
    if (inDefs && node.attrs.id) defs.set(node.attrs.id, node);
    for (const child of node.children) collect(child, inDefs || node.tag === 'defs');
  };
  collect(root, false);

  const glyph = pk.NewPath();
  const add = (shape: SkPath, m: Matrix) => {
    shape.transform(m[0], m[2], m[4], m[1], m[3], m[5], 0, 0, 1);
    glyph.op(shape, pk.PathOp.UNION);
    shape.delete();
  };
  const draw = (node: SvgNode, inherited: Style, ctm: Matrix) => {
    if (node.tag === 'defs') return;
    const style = { ...inherited };
    for (const key of INHERITED) if (node.attrs[key] !== undefined) style[key] = node.attrs[key];
    const m = multiply(ctm, parseTransform(node.attrs.transform));
    if (node.tag === 'svg' || node.tag === 'g') {
      for (const child of node.children) draw(child, style, m);
      return;
    }
    if (node.tag === 'use') {
      const target = defs.get((node.attrs.href ?? node.attrs['xlink:href'] ?? '').replace(/^#/, ''));
      if (!target) throw new Error(`icon font: <use> of an unknown id in ${body}`);
      draw(target, style, m);
      return;
    }
    const d = geometry(node);
    if (!d) return;
    if (painted(style.fill)) {
      const shape = pk.FromSVGString(d);
      if (!shape) throw new Error(`icon font: unreadable path ${d}`);
      shape.setFillType(style['fill-rule'] === 'evenodd' ? pk.FillType.EVENODD : pk.FillType.WINDING);
      add(shape, m);
    }
    if (painted(style.stroke)) {
      const shape = pk.FromSVGString(d);
      if (!shape) throw new Error(`icon font: unreadable path ${d}`);
      const cap = { butt: pk.StrokeCap.BUTT, round: pk.StrokeCap.ROUND, square: pk.StrokeCap.SQUARE }[style['stroke-linecap']] ?? pk.StrokeCap.BUTT;
      const join = { miter: pk.StrokeJoin.MITER, round: pk.StrokeJoin.ROUND, bevel: pk.StrokeJoin.BEVEL }[style['stroke-linejoin']] ?? pk.StrokeJoin.MITER;
      shape.stroke({ width: Number(style['stroke-width']), cap, join, miter_limit: Number(style['stroke-miterlimit']) });
      add(shape, m);
    }
  };
  draw(root, INITIAL, IDENTITY);
  glyph.simplify();
  // the icon's grid onto the em square: x scaled, y flipped so the grid's top sits at the ascender
  const s = UNITS_PER_EM / size;
  glyph.transform(s, 0, 0, 0, -s, ASCENDER, 0, 0, 1);
  // at font scale, so the quadratics Skia writes for circles' conics are well within a unit
  const outline = glyph.toSVGString();
  glyph.delete();
  return outline;
}

/** A closed contour: its start point and segments, each ending at `to` (control points before it). */
interface Contour {
  start: Point;
  segments: { controls: Point[]; to: Point }[];
}
type Point = [number, number];

/** Skia's path data (absolute M L Q C Z, numbers as JavaScript prints them, `1e-5` included) as contours. */
export function parseContours(d: string): Contour[] {
  const contours: Contour[] = [];
  let current: Contour | null = null;
  const round = (v: string) => Math.round(Number(v) * 100) / 100;
  for (const [, cmd, args] of d.matchAll(/([MLQCZ])([^MLQCZ]*)/g)) {
    if (cmd === 'Z') {
      current = null;
      continue;
    }
    const n = (args.match(/-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/gi) ?? []).map(round);
    // a letter may be followed by more than one set of coordinates (after M, the rest are lines)
    const size = { M: 2, L: 2, Q: 4, C: 6 }[cmd as 'M' | 'L' | 'Q' | 'C'];
    for (let i = 0; i + size <= n.length; i += size) {
      const p = n.slice(i, i + size);
      const points: Point[] = [];
      for (let k = 0; k < p.length; k += 2) points.push([p[k], p[k + 1]]);
      if (cmd === 'M' && i === 0) {
        current = { start: points[0], segments: [] };
        contours.push(current);
      } else if (current) current.segments.push({ controls: points.slice(0, -1), to: points[points.length - 1] });
    }
  }
  return contours.filter((c) => c.segments.length > 0);
}

/** The contour as a polygon, each curve cut into a few chords (enough to tell inside from outside). */
function polygon(contour: Contour): Point[] {
  const out: Point[] = [contour.start];
  let from = contour.start;
  for (const { controls, to } of contour.segments) {
    const pts = [from, ...controls, to];
    const steps = controls.length === 0 ? 1 : 8;
    for (let s = 1; s <= steps; s++) {
      // de Casteljau at t = s / steps
      let level = pts;
      const t = s / steps;
      while (level.length > 1) level = level.slice(1).map((q, i): Point => [level[i][0] + (q[0] - level[i][0]) * t, level[i][1] + (q[1] - level[i][1]) * t]);
      out.push(level[0]);
    }
    from = to;
  }
  return out;
}

const signedArea = (poly: Point[]) => poly.reduce((sum, [x, y], i) => {
  const [nx, ny] = poly[(i + 1) % poly.length];
  return sum + (x * ny - nx * y);
}, 0) / 2;

function inside([x, y]: Point, poly: Point[]): boolean {
  let odd = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i];
    const [xj, yj] = poly[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) odd = !odd;
  }
  return odd;
}

function reversed({ start, segments }: Contour): Contour {
  const ends = [start, ...segments.map((s) => s.to)];
  return {
    start: ends[ends.length - 1],
    segments: segments.map((seg, i) => ({ controls: [...seg.controls].reverse(), to: ends[i] })).reverse(),
  };
}

/**
 * The contours turned so that a font's non-zero rule fills what Skia meant:
 * Skia's path ops answer in even-odd terms, with outer contours and holes
 * turning the same way, which a font would fill solid. Simplified contours
 * never cross, so a contour's depth (how many others enclose it) says whether
 * it is an outline (even) or a hole (odd); outlines turn one way, holes the other.
 */
export function windNonZero(contours: Contour[]): Contour[] {
  const polys = contours.map(polygon);
  return contours.map((contour, i) => {
    const depth = polys.filter((poly, j) => j !== i && inside(polys[i][0], poly)).length;
    const wantPositive = depth % 2 === 0;
    return signedArea(polys[i]) > 0 === wantPositive ? contour : reversed(contour);
  });
}

function toGlyphPath(contours: Contour[]): InstanceType<typeof Path> {
  const out = new Path();
  for (const { start, segments } of contours) {
    out.moveTo(start[0], start[1]);
    for (const { controls: c, to } of segments) {
      if (c.length === 0) out.lineTo(to[0], to[1]);
      else if (c.length === 1) out.quadraticCurveTo(c[0][0], c[0][1], to[0], to[1]);
      else out.curveTo(c[0][0], c[0][1], c[1][0], c[1][1], to[0], to[1]);
    }
    out.close();
  }
  return out;
}

async function loadPathKit(): Promise<PathKitApi> {
  const uncaught = new Set(process.listeners('uncaughtException'));
  const unhandled = new Set(process.listeners('unhandledRejection'));
  // handed the bytes: in Node, emscripten's loader would fetch() a file path and fail
  const pk = await PathKitInit({ wasmBinary: await readFile(require.resolve('pathkit-wasm/bin/pathkit.wasm')) });
  // emscripten's Node glue hooks these to rethrow; the process that builds the preview (npm start) keeps its own handling
  for (const listener of process.listeners('uncaughtException')) if (!uncaught.has(listener)) process.off('uncaughtException', listener);
  for (const listener of process.listeners('unhandledRejection')) if (!unhandled.has(listener)) process.off('unhandledRejection', listener);
  return pk;
}

/** The OpenType font: one glyph per code point of the wxss, drawn from TDesign's SVGs. */
export async function makeIconFont(wxss: string): Promise<{ font: Buffer; glyphs: number }> {
  const points = iconCodePoints(wxss);
  if (points.size === 0) throw new Error('icon font: no .t-icon-<name>:before code points in icon.wxss');
  const set = require('@iconify-json/tdesign/icons.json') as IconSet;
  const pk = await loadPathKit();
  const glyphs = [new Glyph({ name: '.notdef', advanceWidth: UNITS_PER_EM, path: new Path() })];
  const missing: string[] = [];
  for (const [name, codePoint] of points) {
    const icon = set.icons[name] ?? set.icons[set.aliases?.[name]?.parent ?? ''];
    if (!icon) {
      missing.push(name);
      continue;
    }
    const size = icon.width ?? set.width ?? GRID;
    const outline = iconOutline(pk, icon.body, size);
    glyphs.push(new Glyph({ name, unicode: codePoint, advanceWidth: UNITS_PER_EM, path: toGlyphPath(windNonZero(parseContours(outline))) }));
  }
  // an icon TDesign has and the SVG set lacks would be an empty box; say which rather than ship it silently
  if (missing.length > 0) throw new Error(`icon font: no SVG for ${missing.length} icons of icon.wxss: ${missing.slice(0, 10).join(', ')}`);
  const font = new Font({
    familyName: 'TDesign Icons (preview)',
    styleName: 'Regular',
    // the CFF table's name: Chromium's font sanitizer (OTS) refuses spaces and brackets in it
    postScriptName: 'TDesignIconsPreview-Regular',
    unitsPerEm: UNITS_PER_EM,
    ascender: ASCENDER,
    descender: ASCENDER - UNITS_PER_EM,
    glyphs,
    copyright: 'Icons © TDesign (Tencent), MIT licence; font generated for the 知识小铺 preview',
    license: 'MIT',
  });
  return { font: Buffer.from(font.toArrayBuffer()), glyphs: glyphs.length - 1 };
}

/**
 * Writes `<outDir>/fonts/tdesign-icons.otf` unless the one there was made from
 * the same wxss, icon set and generator (a few seconds saved on every start).
 */
export async function writeIconFont(outDir: string, wxss: string): Promise<{ glyphs: number; cached: boolean }> {
  const file = path.join(outDir, ICON_FONT_PATH);
  const stampFile = `${file}.stamp`;
  const hash = createHash('sha256');
  hash.update(wxss);
  hash.update(await readFile(require.resolve('@iconify-json/tdesign/icons.json')));
  hash.update(await readFile(new URL(import.meta.url)));
  const stamp = hash.digest('hex');
  const previous = await readFile(stampFile, 'utf8').catch(() => '');
  const [previousStamp, previousGlyphs] = previous.split(' ');
  if (previousStamp === stamp && (await readFile(file).catch(() => null))) return { glyphs: Number(previousGlyphs), cached: true };
  const { font, glyphs } = await makeIconFont(wxss);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, font);
  await writeFile(stampFile, `${stamp} ${glyphs}`);
  return { glyphs, cached: false };
}

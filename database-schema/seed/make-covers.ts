/**
 * Makes the demo catalog's covers in ./media: for each course a 750×420 cover
 * (cover-N.jpg) and a 400×400 square one (cover-N-square.jpg), plus the
 * montage docs/covers.png for the README.
 *
 * Run by hand by a maintainer, never at build or test time; the results are
 * committed:
 *
 *   npx tsx database-schema/seed/make-covers.ts
 *
 * Each cover is an HTML page (an SVG illustration under HTML text) rendered by
 * headless Chromium through playwright-core, so Chinese titles get real
 * typography from the fonts-wqy-zenhei CJK font (`bash scripts/ensure-browser.sh`
 * installs both). Everything is drawn from code: no image, font or pattern is
 * downloaded, and the same Chromium and fonts give the same files.
 *
 * Sizes: the course page shows the cover full width at 750rpx × 420rpx, which
 * is 750×420 device pixels on a 2× phone; the course card (240×160rpx) and the
 * order, purchase and learning lists (≈1.54:1) show it with `aspectFill`, which
 * crops about 60 px off each side, so text and drawing stay inside x 60…690.
 * WeChat's background audio shows a square cover; the centre of a 16:9 cover
 * would cut the title, hence the separate square design.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { seedCategories, seedCourses, squareCoverOf } from './catalog';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const MEDIA_DIR = path.join(HERE, 'media');
const MONTAGE = path.join(HERE, '../../docs/covers.png');
/** JPEG quality: 80 keeps each 750×420 cover well under 60 KB without visible blocks on flat colour. */
const QUALITY = 80;

/** What the catalog does not say: how each course's cover looks. */
interface CoverDesign {
  /** the course's own colour (the one make-media.sh used for the old flat covers) */
  color: string;
  /** a warm or contrasting colour for the illustration's highlights */
  accent: string;
  /** the title as it breaks on the cover */
  lines: string[];
  /** the drawing on the right: SVG in a 300×300 box, from `art` below */
  art: (d: Palette) => string;
}

interface Palette {
  color: string;
  accent: string;
  dark: string;
  light: string;
}

// --- colour helpers

const rgb = (hex: string): [number, number, number] => {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
};
const hex = (c: [number, number, number]): string => '#' + c.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');
/** `t` of the way from `a` to `b` */
const mix = (a: string, b: string, t: number): string => {
  const [x, y] = [rgb(a), rgb(b)];
  return hex([0, 1, 2].map((i) => x[i]! + (y[i]! - x[i]!) * t) as [number, number, number]);
};

// --- per-category background patterns (white, drawn faintly over the course colour)

const patterns: Record<string, string> = {
  // 职场成长: a planner's dot grid
  career: `<pattern id="p" width="26" height="26" patternUnits="userSpaceOnUse"><circle cx="13" cy="13" r="2.2" fill="#fff"/></pattern>`,
  // 编程开发: a blueprint grid
  tech: `<pattern id="p" width="30" height="30" patternUnits="userSpaceOnUse"><path d="M30 0H0V30" fill="none" stroke="#fff" stroke-width="1.2"/></pattern>`,
  // 人文历史: 青海波, the wave pattern of Chinese and Japanese textiles
  humanities: `<pattern id="p" width="60" height="30" patternUnits="userSpaceOnUse">${[0, 30]
    .map((x) => [28, 20, 12].map((r) => `<path d="M${x + 30 - r} 30a${r} ${r} 0 0 1 ${2 * r} 0" fill="none" stroke="#fff" stroke-width="2"/>`).join(''))
    .join('')}${[28, 20, 12].map((r) => `<path d="M${-r} 15a${r} ${r} 0 0 1 ${2 * r} 0M${60 - r} 15a${r} ${r} 0 0 1 ${2 * r} 0" fill="none" stroke="#fff" stroke-width="2"/>`).join('')}</pattern>`,
  // 健康生活: soft diagonal stripes
  life: `<pattern id="p" width="28" height="28" patternUnits="userSpaceOnUse" patternTransform="rotate(-35)"><rect width="10" height="28" fill="#fff"/></pattern>`,
  // 语言学习: scattered letters of three scripts
  language: `<pattern id="p" width="132" height="96" patternUnits="userSpaceOnUse"><g fill="#fff" fill-opacity=".6" font-family="DejaVu Sans, WenQuanYi Zen Hei" font-weight="700">
    <text x="8" y="28" font-size="18">A</text><text x="72" y="34" font-size="16">文</text><text x="36" y="80" font-size="17">あ</text><text x="104" y="84" font-size="15">b</text></g></pattern>`,
};

// --- per-course illustrations, each in a 300×300 box

const art = {
  // a clock over a checklist: time management
  time: ({ accent, dark, light }: Palette) => `
    <rect x="150" y="40" width="130" height="170" rx="14" fill="${light}" transform="rotate(8 215 125)"/>
    ${[0, 1, 2, 3].map((i) => `<g transform="rotate(8 215 125)"><rect x="168" y="${70 + i * 34}" width="16" height="16" rx="4" fill="none" stroke="${dark}" stroke-width="3"/>
      ${i < 2 ? `<path d="M171 ${78 + i * 34}l5 5 9-11" fill="none" stroke="${accent}" stroke-width="4" stroke-linecap="round"/>` : ''}
      <rect x="194" y="${73 + i * 34}" width="${i % 2 ? 50 : 66}" height="9" rx="4.5" fill="${dark}" opacity=".35"/></g>`).join('')}
    <circle cx="120" cy="160" r="104" fill="${dark}" opacity=".25"/>
    <circle cx="112" cy="150" r="100" fill="#fff"/>
    <circle cx="112" cy="150" r="84" fill="none" stroke="${light}" stroke-width="6"/>
    ${Array.from({ length: 12 }, (_, i) => `<rect x="109" y="${i % 3 ? 72 : 68}" width="6" height="${i % 3 ? 10 : 16}" rx="3" fill="${dark}" transform="rotate(${i * 30} 112 150)"/>`).join('')}
    <path d="M112 150L112 96" stroke="${dark}" stroke-width="8" stroke-linecap="round"/>
    <path d="M112 150L158 176" stroke="${accent}" stroke-width="6" stroke-linecap="round"/>
    <circle cx="112" cy="150" r="9" fill="${accent}"/>
    <path d="M52 62l-22-20M172 62l22-20" stroke="#fff" stroke-width="8" stroke-linecap="round"/>`,

  // a code editor with a TS badge
  ts: ({ accent, dark, light }: Palette) => `
    <rect x="22" y="52" width="256" height="196" rx="16" fill="${dark}" opacity=".55" transform="translate(10 10)"/>
    <rect x="22" y="52" width="256" height="196" rx="16" fill="#1e2430"/>
    <path d="M22 68a16 16 0 0 1 16-16h224a16 16 0 0 1 16 16v14H22z" fill="#2c3443"/>
    <circle cx="42" cy="67" r="5" fill="#ff6b5e"/><circle cx="60" cy="67" r="5" fill="#ffbd2e"/><circle cx="78" cy="67" r="5" fill="#28c940"/>
    ${[
      [40, 60, accent],
      [108, 90, light],
      [56, 70, '#7fd1ff'],
      [134, 60, light],
      [56, 110, '#c3e88d'],
      [40, 40, accent],
    ]
      .map(([x, w, c], i) => `<rect x="${x}" y="${100 + i * 22}" width="${w}" height="10" rx="5" fill="${c}"/>`)
      .join('')}
    <rect x="190" y="170" width="100" height="100" rx="14" fill="#fff"/>
    <text x="278" y="256" text-anchor="end" font-family="DejaVu Sans" font-weight="700" font-size="48" fill="${dark}">TS</text>`,

  // a cloud with functions and a database: cloud development
  cloud: ({ accent, dark, light }: Palette) => `
    <path d="M78 170a52 52 0 0 1 14-102 72 72 0 0 1 134 18 44 44 0 0 1 4 84z" fill="#fff"/>
    <path d="M78 170a52 52 0 0 1 14-102 72 72 0 0 1 134 18 44 44 0 0 1 4 84z" fill="none" stroke="${light}" stroke-width="6" transform="translate(8 10)" opacity=".7"/>
    <text x="152" y="142" text-anchor="middle" font-family="DejaVu Serif" font-style="italic" font-weight="700" font-size="64" fill="${dark}">ƒ</text>
    <path d="M110 176v40M150 176v58M194 176v40" stroke="#fff" stroke-width="5" stroke-dasharray="2 9" stroke-linecap="round"/>
    <g transform="translate(86 214)"><ellipse cx="24" cy="8" rx="24" ry="8" fill="${accent}"/><path d="M0 8v34a24 8 0 0 0 48 0V8" fill="${accent}"/><path d="M0 24a24 8 0 0 0 48 0" fill="none" stroke="${dark}" stroke-width="3" opacity=".4"/><ellipse cx="24" cy="8" rx="24" ry="8" fill="${mix(accent, '#ffffff', 0.35)}"/></g>
    <g transform="translate(126 234)"><rect width="48" height="40" rx="8" fill="#fff"/><text x="24" y="30" text-anchor="middle" font-family="DejaVu Sans" font-weight="700" font-size="24" fill="${dark}">¥</text></g>
    <g transform="translate(172 214)"><rect width="44" height="44" rx="22" fill="${light}"/><path d="M12 22l7 7 14-14" fill="none" stroke="${dark}" stroke-width="5" stroke-linecap="round" stroke-linejoin="round"/></g>`,

  // layered ink mountains, a red sun, a boat and a seal: the Song dynasty
  // (painted on a round fan, 团扇, so the landscape has no hard edges)
  song: ({ accent, dark, light }: Palette) => `
    <clipPath id="fan"><circle cx="150" cy="146" r="128"/></clipPath>
    <path d="M150 274v26" stroke="#d9a441" stroke-width="10" stroke-linecap="round"/>
    <circle cx="150" cy="146" r="136" fill="#d9a441"/>
    <g clip-path="url(#fan)"><rect width="300" height="300" fill="${mix(light, '#ffffff', 0.6)}"/>
    <circle cx="200" cy="86" r="38" fill="${accent}"/>
    <path d="M0 190C40 120 70 110 100 150S150 80 190 120 250 130 300 100V300H0z" fill="${light}"/>
    <path d="M0 220C30 180 60 170 90 196S140 150 180 178 240 186 300 160V300H0z" fill="${mix(light, '#ffffff', 0.4)}"/>
    <path d="M0 250C50 230 90 236 130 246S220 240 300 230V300H0z" fill="${dark}" opacity=".45"/>
    <path d="M104 232h52l-8 9h-36z" fill="${dark}"/><path d="M128 232v-26l16 22z" fill="${dark}"/></g>
    <g transform="translate(232 200)"><rect width="48" height="48" rx="6" fill="#c3272b"/><rect x="4" y="4" width="40" height="40" rx="3" fill="none" stroke="#fff" stroke-width="2"/>
      <text x="24" y="35" text-anchor="middle" font-family="WenQuanYi Zen Hei" font-size="28" fill="#fff">宋</text></g>`,

  // a framed abstract painting and a palette: art history
  art: ({ accent, dark, light }: Palette) => `
    <rect x="40" y="30" width="190" height="220" rx="6" fill="#d9a441"/>
    <rect x="54" y="44" width="162" height="192" fill="#fbf7ee"/>
    <circle cx="110" cy="110" r="40" fill="${accent}"/>
    <path d="M70 236l60-90 60 90z" fill="${dark}"/>
    <rect x="150" y="70" width="50" height="70" fill="${light}"/>
    <path d="M60 180q40-30 80 0t70 0" fill="none" stroke="#1e2430" stroke-width="5"/>
    <g transform="translate(176 180) rotate(-12)"><path d="M50 0c40 0 70 24 70 54 0 20-18 22-30 18s-22 6-22 18-20 16-36 8C8 86 0 66 0 48 0 20 20 0 50 0z" fill="#fff"/>
      <circle cx="30" cy="34" r="10" fill="${accent}"/><circle cx="58" cy="22" r="10" fill="${dark}"/><circle cx="88" cy="36" r="10" fill="#3fa36b"/><circle cx="26" cy="64" r="10" fill="#f2c14e"/></g>`,

  // moon, stars, clouds and a pillow's Zzz: sleep
  sleep: ({ accent, dark, light }: Palette) => `
    <circle cx="150" cy="130" r="96" fill="${light}" opacity=".35"/>
    <path d="M190 56a90 90 0 1 0 44 150A76 76 0 0 1 190 56z" fill="${accent}"/>
    ${[
      [54, 60, 9],
      [250, 70, 7],
      [268, 150, 5],
      [36, 150, 5],
      [226, 32, 4],
    ]
      .map(([x, y, r]) => `<path d="M${x} ${y! - r! * 2}l${r! * 0.5} ${r! * 1.5} ${r! * 1.5} ${r! * 0.5}-${r! * 1.5} ${r! * 0.5}-${r! * 0.5} ${r! * 1.5}-${r! * 0.5}-${r! * 1.5}-${r! * 1.5}-${r! * 0.5} ${r! * 1.5}-${r! * 0.5}z" fill="#fff"/>`)
      .join('')}
    <path d="M40 250a30 30 0 0 1 34-40 44 44 0 0 1 80 4 30 30 0 0 1 30 36z" fill="#fff"/>
    <path d="M150 262a24 24 0 0 1 28-30 34 34 0 0 1 64 4 22 22 0 0 1 20 26z" fill="#fff" opacity=".8"/>
    <g font-family="DejaVu Sans" font-weight="700" fill="${dark}"><text x="120" y="148" font-size="34">Z</text><text x="150" y="120" font-size="26">z</text><text x="172" y="98" font-size="20">z</text></g>`,

  // running-track lanes, a finish flag and a 5K badge: running
  // (inside a round stadium, so the lanes end on a curve, not at the box's edge)
  run: ({ accent, dark, light }: Palette) => `
    <clipPath id="stadium"><circle cx="160" cy="160" r="136"/></clipPath>
    <circle cx="160" cy="160" r="136" fill="${dark}" opacity=".25"/>
    <g clip-path="url(#stadium)">${[0, 1, 2, 3].map((i) => `<path d="M${-20 + i * 34} 300C${40 + i * 30} 180 ${140 + i * 24} 120 ${320} ${100 + i * 30}" fill="none" stroke="${i % 2 ? light : '#fff'}" stroke-width="${i % 2 ? 6 : 10}" opacity="${i % 2 ? 0.6 : 0.9}"/>`).join('')}</g>
    <g transform="translate(210 18)"><rect x="0" y="0" width="6" height="110" rx="3" fill="#fff"/>
      ${[0, 1, 2, 3].map((r) => [0, 1, 2, 3, 4].map((c) => `<rect x="${6 + c * 12}" y="${4 + r * 11}" width="12" height="11" fill="${(r + c) % 2 ? '#fff' : '#1e2430'}"/>`).join('')).join('')}</g>
    <g transform="translate(40 40)"><circle cx="56" cy="56" r="56" fill="${accent}"/><circle cx="56" cy="56" r="46" fill="none" stroke="#fff" stroke-width="3" stroke-dasharray="6 5"/>
      <text x="56" y="72" text-anchor="middle" font-family="DejaVu Sans" font-weight="700" font-size="44" fill="#fff">5K</text></g>
    <g fill="${dark}" opacity=".55">${[0, 1, 2].map((i) => `<rect x="${150 + i * 12}" y="${190 + i * 16}" width="${70 - i * 16}" height="7" rx="3.5"/>`).join('')}</g>`,

  // two speech bubbles and a letter: spoken business English
  english: ({ accent, dark, light }: Palette) => `
    <path d="M20 40h170a20 20 0 0 1 20 20v80a20 20 0 0 1-20 20H80l-34 30v-30H20a20 20 0 0 1-20-20V60a20 20 0 0 1 20-20z" fill="#fff" transform="translate(10 0)"/>
    <text x="115" y="118" text-anchor="middle" font-family="DejaVu Sans" font-weight="700" font-size="46" fill="${dark}">Hello!</text>
    <path d="M120 150h150a20 20 0 0 1 20 20v66a20 20 0 0 1-20 20h-26v28l-30-28h-94a20 20 0 0 1-20-20v-66a20 20 0 0 1 20-20z" fill="${accent}"/>
    <text x="195" y="218" text-anchor="middle" font-family="WenQuanYi Zen Hei" font-size="44" fill="#fff">你好</text>
    <g transform="translate(26 200)"><rect width="76" height="54" rx="8" fill="${light}"/><path d="M4 6l34 26 34-26" fill="none" stroke="${dark}" stroke-width="4" stroke-linejoin="round"/></g>`,

  // kana flashcards and falling petals: Japanese
  japanese: ({ accent, dark, light }: Palette) => `
    <g transform="rotate(-10 110 150)"><rect x="30" y="60" width="150" height="180" rx="16" fill="${light}"/>
      <text x="105" y="190" text-anchor="middle" font-family="WenQuanYi Zen Hei" font-size="110" fill="${dark}">ア</text></g>
    <g transform="rotate(8 190 150)"><rect x="120" y="50" width="150" height="180" rx="16" fill="#fff"/>
      <text x="195" y="180" text-anchor="middle" font-family="WenQuanYi Zen Hei" font-size="110" fill="${dark}">あ</text>
      <text x="195" y="216" text-anchor="middle" font-family="DejaVu Sans" font-size="20" fill="${dark}" opacity=".6">a</text></g>
    ${[
      [40, 40, 1],
      [262, 262, 0.8],
      [20, 262, 0.7],
      [280, 60, 0.6],
    ]
      .map(([x, y, s]) => `<g transform="translate(${x} ${y}) scale(${s})">${[0, 72, 144, 216, 288].map((a) => `<ellipse cx="0" cy="-11" rx="8" ry="12" fill="${accent}" transform="rotate(${a})"/>`).join('')}<circle r="4" fill="#fff"/></g>`)
      .join('')}`,
};

/** Keyed by the catalog's course ids; the colours are the ones the catalog's covers always had. */
const designs: Record<string, CoverDesign> = {
  'course-time': { color: '#0052d9', accent: '#ff8a3d', lines: ['高效时间管理', '21 讲'], art: art.time },
  'course-ts': { color: '#2ba471', accent: '#ffcf5c', lines: ['TypeScript', '从入门到实战'], art: art.ts },
  'course-cloud': { color: '#e37318', accent: '#0052d9', lines: ['微信云开发', '实战'], art: art.cloud },
  'course-song': { color: '#8e56dd', accent: '#f25c3b', lines: ['宋朝十二讲'], art: art.song },
  'course-art': { color: '#d54941', accent: '#2f6fde', lines: ['看懂', '西方美术史'], art: art.art },
  'course-sleep': { color: '#029cd4', accent: '#ffd66b', lines: ['科学睡眠指南'], art: art.sleep },
  'course-run': { color: '#5e9c34', accent: '#ff7a45', lines: ['零基础', '跑步入门'], art: art.run },
  'course-english': { color: '#c9353f', accent: '#1d4fd8', lines: ['职场英语口语', '30 天'], art: art.english },
  'course-japanese': { color: '#3d5af5', accent: '#ff8fb1', lines: ['日语五十音', '速成'], art: art.japanese },
};

const FONTS = `font-family: 'DejaVu Sans', 'WenQuanYi Zen Hei', sans-serif;`;

function background(design: CoverDesign, categoryId: string, w: number, h: number, p: Palette, id: string): string {
  return `<svg width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" style="position:absolute;inset:0">
    <defs><linearGradient id="g${id}" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${mix(design.color, '#ffffff', 0.12)}"/><stop offset=".6" stop-color="${design.color}"/><stop offset="1" stop-color="${p.dark}"/></linearGradient>
    ${(patterns[categoryId] ?? '').replace('id="p"', `id="p${id}"`)}</defs>
    <rect width="${w}" height="${h}" fill="url(#g${id})"/>
    <rect width="${w}" height="${h}" fill="url(#p${id})" opacity=".09"/>
    <circle cx="${w * 0.78}" cy="${h * 0.5}" r="${h * 0.46}" fill="#fff" opacity=".08"/>
  </svg>`;
}

interface Cover {
  file: string;
  /** a root element of exactly width × height px */
  html: string;
  width: number;
  height: number;
}

/** How wide a line sets, in ems: CJK characters are square, Latin about 0.62 em in DejaVu Sans Bold. */
const ems = (text: string): number => [...text].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 1 : ch === ' ' ? 0.3 : 0.62), 0);

/**
 * The title's type: WenQuanYi Zen Hei has no bold face and Chromium does not
 * fake one for it, so a white stroke thickens the strokes into a display weight
 * (DejaVu Sans Bold sets the Latin, already bold, so it gets a thinner one).
 */
const TITLE = `font-family:'WenQuanYi Zen Hei',sans-serif;color:#fff;-webkit-text-stroke:1.6px #fff;text-shadow:0 2px 10px rgba(0,0,0,.2)`;

function covers(): Cover[] {
  return seedCourses.flatMap((course, i) => {
    const design = designs[course.id];
    if (!design) throw new Error(`no cover design for ${course.id}`);
    // the title on the cover must be the catalog's, only broken into lines
    if (design.lines.join(' ').replace(/\s+/g, '') !== course.title.replace(/\s+/g, '')) {
      throw new Error(`${course.id}: cover lines ${JSON.stringify(design.lines)} are not the title ${course.title}`);
    }
    const category = seedCategories.find((c) => c._id === course.categoryId)?.name ?? '';
    const p: Palette = {
      color: design.color,
      accent: design.accent,
      dark: mix(design.color, '#000000', 0.45),
      light: mix(design.color, '#ffffff', 0.55),
    };
    const square = squareCoverOf(course.cover);
    // the title gets the left 320 px (x 74…394, the drawing starts at 410), at most 58 px a character
    const titleSize = Math.min(58, Math.floor(320 / Math.max(...design.lines.map(ems))));
    const lines = design.lines.map((l) => `<div>${l}</div>`).join('');
    const initial = [...course.instructor][0];
    const wide = `<div style="width:750px;height:420px;position:relative;overflow:hidden;${FONTS}">
      ${background(design, course.categoryId, 750, 420, p, `w${i}`)}
      <svg width="280" height="280" viewBox="0 0 300 300" style="position:absolute;left:410px;top:70px">${design.art(p)}</svg>
      <div style="position:absolute;left:76px;top:64px;padding:6px 16px;border-radius:20px;background:rgba(255,255,255,.22);color:#fff;font-size:21px;letter-spacing:2px">${category}</div>
      <div style="position:absolute;left:74px;top:${design.lines.length > 1 ? 124 : 156}px;width:330px;${TITLE};font-size:${titleSize}px;line-height:1.24;letter-spacing:1px">${lines}</div>
      <div style="position:absolute;left:76px;top:300px;width:44px;height:5px;border-radius:3px;background:${design.accent}"></div>
      <div style="position:absolute;left:76px;top:322px;display:flex;align-items:center;color:#fff;font-size:24px">
        <span style="width:40px;height:40px;border-radius:20px;background:#fff;color:${p.dark};display:inline-flex;align-items:center;justify-content:center;font-weight:700;font-size:21px;margin-right:12px">${initial}</span>
        ${course.instructor}<span style="opacity:.75;margin-left:8px">主讲</span></div>
      <div style="position:absolute;right:64px;bottom:26px;color:rgba(255,255,255,.7);font-size:17px;letter-spacing:3px">知识小铺</div>
    </div>`;
    const squareHtml = `<div style="width:400px;height:400px;position:relative;overflow:hidden;${FONTS}">
      ${background(design, course.categoryId, 400, 400, p, `s${i}`)}
      <svg width="230" height="230" viewBox="0 0 300 300" style="position:absolute;left:85px;top:26px">${design.art(p)}</svg>
      <div style="position:absolute;left:0;right:0;top:274px;text-align:center;${TITLE};font-size:${Math.min(42, Math.floor(330 / ems(course.title)))}px;line-height:1.2">${course.title}</div>
      <div style="position:absolute;left:0;right:0;top:342px;text-align:center;color:rgba(255,255,255,.85);font-size:20px">${course.instructor} 主讲 · ${category}</div>
    </div>`;
    return [
      { file: course.cover, html: wide, width: 750, height: 420 },
      { file: square, html: squareHtml, width: 400, height: 400 },
    ];
  });
}

const page = (body: string, style = ''): string => `<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0;${style}">${body}</body></html>`;

async function render(tab: Page, cover: Cover): Promise<Buffer> {
  await tab.setViewportSize({ width: cover.width, height: cover.height });
  await tab.setContent(page(cover.html));
  await tab.evaluate(() => document.fonts.ready);
  return tab.screenshot({ type: 'jpeg', quality: QUALITY });
}

// --- the montage as an 8-bit palette PNG: a full-colour screenshot of nine
// gradients is ~350 KB, too much for a README picture the repository carries

/** Median cut of RGBA pixels (alpha ignored) to at most 256 colours: the palette and each pixel's index. */
function quantize(rgba: Uint8Array): { palette: number[][]; indices: Uint8Array } {
  // 5 bits a channel is plenty for a thumbnail and keeps the histogram small
  const bin = (i: number) => ((rgba[i]! >> 3) << 10) | ((rgba[i + 1]! >> 3) << 5) | (rgba[i + 2]! >> 3);
  const counts = new Map<number, number>();
  for (let i = 0; i < rgba.length; i += 4) counts.set(bin(i), (counts.get(bin(i)) ?? 0) + 1);
  const channel = (b: number, c: number) => (b >> (10 - 5 * c)) & 31;
  let boxes: number[][] = [[...counts.keys()]];
  while (boxes.length < 256) {
    // split the box whose widest channel, weighted by its pixels, is widest
    let best = -1;
    let bestScore = 0;
    let bestChannel = 0;
    boxes.forEach((box, i) => {
      if (box.length < 2) return;
      const pixels = box.reduce((n, b) => n + counts.get(b)!, 0);
      for (let c = 0; c < 3; c++) {
        const values = box.map((b) => channel(b, c));
        const score = (Math.max(...values) - Math.min(...values)) * Math.sqrt(pixels);
        if (score > bestScore) [best, bestScore, bestChannel] = [i, score, c];
      }
    });
    if (best < 0) break;
    const box = boxes[best]!.sort((a, b) => channel(a, bestChannel) - channel(b, bestChannel));
    const half = box.reduce((n, b) => n + counts.get(b)!, 0) / 2;
    let seen = 0;
    let cut = 1;
    for (; cut < box.length - 1; cut++) if ((seen += counts.get(box[cut - 1]!)!) >= half) break;
    boxes = [...boxes.slice(0, best), box.slice(0, cut), box.slice(cut), ...boxes.slice(best + 1)];
  }
  const palette = boxes.map((box) => {
    const total = box.reduce((n, b) => n + counts.get(b)!, 0);
    return [0, 1, 2].map((c) => Math.round(box.reduce((n, b) => n + (channel(b, c) * 8 + 4) * counts.get(b)!, 0) / total));
  });
  const indexOf = new Map<number, number>();
  boxes.forEach((box, i) => box.forEach((b) => indexOf.set(b, i)));
  const indices = new Uint8Array(rgba.length / 4);
  for (let i = 0; i < indices.length; i++) indices[i] = indexOf.get(bin(i * 4))!;
  return { palette, indices };
}

function png8(width: number, height: number, rgba: Uint8Array): Buffer {
  const { palette, indices } = quantize(rgba);
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 3, 0, 0, 0], 8); // 8 bits, palette colour, deflate, no interlace
  // each row: filter type 0, then the row's indices
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) raw.set(indices.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('PLTE', Buffer.from(palette.flat())),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The page's pixels, read back through a canvas from a lossless screenshot. */
async function pixels(tab: Page, width: number, height: number): Promise<Uint8Array> {
  const shot = (await tab.screenshot({ type: 'png' })).toString('base64');
  const data = await tab.evaluate(
    async ({ shot, width, height }) => {
      const img = new Image();
      img.src = `data:image/png;base64,${shot}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const px = ctx.getImageData(0, 0, width, height).data;
      let s = '';
      for (let i = 0; i < px.length; i += 0x8000) s += String.fromCharCode(...px.subarray(i, i + 0x8000));
      return btoa(s);
    },
    { shot, width, height },
  );
  return new Uint8Array(Buffer.from(data, 'base64'));
}

async function main(): Promise<void> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const tab = await browser.newPage({ deviceScaleFactor: 1 });
    const all = covers();
    for (const cover of all) {
      const bytes = await render(tab, cover);
      await writeFile(path.join(MEDIA_DIR, cover.file), bytes);
      console.log(`${cover.file}  ${cover.width}×${cover.height}  ${(bytes.length / 1024).toFixed(1)} KB`);
    }
    // the montage: every wide cover at a third of its size, three a row, drawn
    // from the same HTML rather than from the JPEGs, whose noise a PNG compresses badly
    const wide = all.filter((c) => c.width === 750);
    const cells = wide.map((c) => `<div style="width:250px;height:140px;border-radius:8px;overflow:hidden"><div style="zoom:${1 / 3}">${c.html}</div></div>`).join('');
    const [width, height] = [800, 10 + Math.ceil(wide.length / 3) * 150];
    await tab.setViewportSize({ width, height });
    await tab.setContent(page(cells, 'padding:10px 0 0 10px;background:#f3f4f6;display:grid;grid-template-columns:repeat(3,250px);gap:10px'));
    await tab.evaluate(() => document.fonts.ready);
    const montage = png8(width, height, await pixels(tab, width, height));
    await mkdir(path.dirname(MONTAGE), { recursive: true });
    await writeFile(MONTAGE, montage);
    console.log(`docs/covers.png  ${width}×${height}  ${(montage.length / 1024).toFixed(1)} KB`);
  } finally {
    await browser.close();
  }
}

await main();

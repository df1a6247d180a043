/**
 * The demo catalog: 9 courses in 5 categories, with video, audio, article and
 * e-book lessons, free previews, and prices in fen. Media are small files
 * shipped in ./media (covers made by ./make-covers.ts, the rest by
 * ./make-media.sh); `buildSeed` turns their paths into cloud file IDs of the
 * environment they are uploaded to.
 */
import dayjs from 'dayjs';
import type { CategoryDoc } from '../categories/schema';
import { buildCourseDoc, courseProblems, type CourseContent } from '../courses/course-builder';
import type { CourseDoc, LessonDoc, LessonKind } from '../courses/schema';

export const seedCategories: CategoryDoc[] = [
  { _id: 'career', name: '职场成长', sort: 1 },
  { _id: 'tech', name: '编程开发', sort: 2 },
  { _id: 'humanities', name: '人文历史', sort: 3 },
  { _id: 'life', name: '健康生活', sort: 4 },
  { _id: 'language', name: '语言学习', sort: 5 },
];

type SeedLesson =
  | { title: string; kind: Exclude<LessonKind, 'article'>; media: string; durationSec: number; free?: boolean }
  | { title: string; kind: 'article'; body: string; durationSec: number; free?: boolean };

/** A course as the seed writes it: an operator's content (media as files in ./media), and how it has sold. */
export interface SeedCourse {
  id: string;
  title: string;
  subtitle: string;
  instructor: string;
  description: string;
  categoryId: string;
  cover: string;
  priceFen: number;
  /** open to members (会员) without buying; see ./marketing-catalog.ts */
  memberIncluded?: boolean;
  /** what a member pays instead */
  memberPriceFen?: number;
  salesCount: number;
  status?: CourseDoc['status'];
  chapters: { title: string; lessons: SeedLesson[] }[];
}

/** How long the shipped video and audio files play (./make-media.sh). */
const PLAY_SECONDS: Record<string, number> = { 'video-1.mp4': 4, 'video-2.mp4': 4, 'audio-1.mp3': 6, 'audio-2.mp3': 6 };
const played =
  (kind: 'video' | 'audio') =>
  (title: string, media: string): SeedLesson => ({ title, kind, media, durationSec: PLAY_SECONDS[media]! });
const video = played('video');
const audio = played('audio');
/** e-books and articles: their reading time */
const ebook = (title: string, media: string, durationSec: number): SeedLesson => ({ title, kind: 'ebook', media, durationSec });
const article = (title: string, durationSec: number, heading: string, ...paragraphs: string[]): SeedLesson => ({
  title,
  kind: 'article',
  durationSec,
  body: `<h2>${heading}</h2>` + paragraphs.map((p) => `<p>${p}</p>`).join(''),
});
/** a free preview */
const free = (lesson: SeedLesson): SeedLesson => ({ ...lesson, free: true });

/** `chapters`: each a title and its lessons */
const course = (head: Omit<SeedCourse, 'description' | 'chapters'>, description: string, ...chapters: [string, ...SeedLesson[]][]): SeedCourse => ({
  ...head,
  description,
  chapters: chapters.map(([title, ...lessons]) => ({ title, lessons })),
});

export const seedCourses: SeedCourse[] = [
  course(
    { id: 'course-time', cover: 'cover-1.jpg', categoryId: 'career', priceFen: 9900, salesCount: 1280, instructor: '林晓', title: '高效时间管理 21 讲', subtitle: '从拖延到专注，建立可持续的工作节奏' },
    '本课程用 21 讲带你拆解时间管理的底层逻辑：目标拆分、精力管理、番茄工作法与周复盘。每一讲都配有可以马上实践的小练习。',
    ['第一章 认识时间', free(video('开篇：你的时间去哪了', 'video-1.mp4')), free(article('时间日志怎么记', 300, '时间日志', '连续记录三天，每 30 分钟写下你在做什么。', '记录本身就会改变行为：你会开始注意到那些被碎片吞掉的时间。'))],
    ['第二章 方法与工具', video('番茄工作法实操', 'video-2.mp4'), audio('精力曲线与任务排序', 'audio-1.mp3'), ebook('每周复盘模板', 'ebook-1.json', 600)],
  ),
  course(
    { id: 'course-ts', cover: 'cover-2.jpg', categoryId: 'tech', priceFen: 19900, memberPriceFen: 14900, salesCount: 860, instructor: '周程', title: 'TypeScript 从入门到实战', subtitle: '类型系统、工程化与小程序开发' },
    '面向有 JavaScript 基础的开发者：从类型基础讲到泛型、类型体操，再到在小程序与云开发中落地 TypeScript。',
    ['第一章 类型基础', free(video('为什么要用 TypeScript', 'video-1.mp4')), article('基本类型与接口', 420, '基本类型', 'string、number、boolean 是最常用的三种基本类型。', '接口（interface）描述对象的形状，是类型系统的核心。')],
    ['第二章 进阶', video('泛型的直觉', 'video-2.mp4'), ebook('类型体操手册', 'ebook-2.json', 900)],
  ),
  course(
    { id: 'course-cloud', cover: 'cover-3.jpg', categoryId: 'tech', priceFen: 29900, salesCount: 430, instructor: '周程', title: '微信云开发实战', subtitle: '云函数、云数据库与微信支付' },
    '从零搭建一个带支付的小程序：云函数设计、数据库安全规则、事务与幂等，以及微信支付回调的正确写法。',
    ['第一章 云函数', free(audio('云开发是什么', 'audio-2.mp3')), video('一次调用的生命周期', 'video-1.mp4')],
    ['第二章 支付', article('支付回调的幂等', 480, '幂等', '支付通知可能重复到达，回调必须先查单、再在事务里改状态。', '只有在写入落盘之后才能返回 errcode 0。'), video('退款与对账', 'video-2.mp4')],
  ),
  course(
    { id: 'course-song', cover: 'cover-4.jpg', categoryId: 'humanities', priceFen: 6900, memberIncluded: true, salesCount: 2310, instructor: '陈望', title: '宋朝十二讲', subtitle: '一个王朝的繁华与困局' },
    '从陈桥兵变到崖山海战，用十二讲讲清宋朝的制度、经济与文化，以及它为何富而不强。',
    ['第一章 立国', free(audio('陈桥兵变', 'audio-1.mp3')), audio('杯酒释兵权', 'audio-2.mp3')],
    ['第二章 繁华', article('清明上河图里的经济', 360, '汴京', '画卷里有八百多个人物、二十多艘船。', '商业的繁荣让宋朝的税收结构与前代完全不同。'), ebook('读书笔记：东京梦华录', 'ebook-1.json', 900)],
  ),
  course(
    { id: 'course-art', cover: 'cover-5.jpg', categoryId: 'humanities', priceFen: 12800, salesCount: 640, instructor: '苏禾', title: '看懂西方美术史', subtitle: '从文艺复兴到现代艺术' },
    '二十幅名画，带你建立欣赏西方艺术的坐标系。',
    ['第一章 文艺复兴', free(video('如何看一幅画', 'video-2.mp4')), video('达·芬奇的秘密', 'video-1.mp4'), ebook('名画图录', 'ebook-2.json', 600)],
  ),
  course(
    { id: 'course-sleep', cover: 'cover-6.jpg', categoryId: 'life', priceFen: 4900, memberIncluded: true, salesCount: 3120, instructor: '何安', title: '科学睡眠指南', subtitle: '睡得好，才能过得好' },
    '睡眠医生讲解睡眠周期、失眠的成因与改善方法，附 7 天睡眠改善计划。',
    ['第一章 睡眠原理', free(article('睡眠周期是什么', 240, '睡眠周期', '一个睡眠周期大约 90 分钟，包括浅睡、深睡与快速眼动期。', '在周期结束时醒来，会感觉更清醒。')), audio('助眠冥想（音频）', 'audio-2.mp3'), ebook('7 天睡眠改善计划', 'ebook-1.json', 600)],
  ),
  course(
    { id: 'course-run', cover: 'cover-7.jpg', categoryId: 'life', priceFen: 990, salesCount: 5200, instructor: '何安', title: '零基础跑步入门', subtitle: '8 周从 0 到 5 公里' },
    '循序渐进的 8 周训练计划，讲清跑姿、呼吸、拉伸与防伤。',
    ['第一章 准备', free(video('跑前热身', 'video-1.mp4')), audio('呼吸节奏', 'audio-1.mp3')],
  ),
  course(
    { id: 'course-english', cover: 'cover-8.jpg', categoryId: 'language', priceFen: 14900, memberIncluded: true, salesCount: 970, instructor: 'Emma 王', title: '职场英语口语 30 天', subtitle: '开会、邮件与电话的地道表达' },
    '30 个真实职场场景，每天 10 分钟，音频跟读加讲义。',
    ['第一周 会议', free(audio('Day 1 开场白', 'audio-1.mp3')), audio('Day 2 提出异议', 'audio-2.mp3'), article('会议常用句型讲义', 300, '会议句型', "Let's get started. 我们开始吧。", 'Could you elaborate on that? 能具体说说吗？')],
    ['第二周 邮件', ebook('邮件模板合集', 'ebook-2.json', 600)],
  ),
  course(
    { id: 'course-japanese', cover: 'cover-9.jpg', categoryId: 'language', priceFen: 3900, salesCount: 1500, instructor: '佐藤 美咲', title: '日语五十音速成', subtitle: '一周记住平假名与片假名' },
    '用联想记忆法一周掌握五十音，配发音示范视频。',
    ['第一章 平假名', free(video('あ行 发音', 'video-2.mp4')), video('か行 发音', 'video-1.mp4'), ebook('五十音图卡片', 'ebook-1.json', 300)],
  ),
];

/** All media files the catalog uses, relative to ./media. */
export const seedMediaFiles = [
  ...new Set(
    seedCourses.flatMap((c) => [
      c.cover,
      ...c.chapters.flatMap((ch) => ch.lessons.flatMap((l) => ('media' in l ? [l.media] : []))),
    ]),
  ),
];

/**
 * A course cover's square variant in ./media (400×400, for players that show a
 * square picture, such as WeChat's background audio). No course document names
 * it yet, so the seed does not upload it.
 */
export const squareCoverOf = (cover: string): string => cover.replace(/\.jpg$/, '-square.jpg');

/** The storage path a seed media file is uploaded to. */
export const seedStoragePath = (file: string): string => `seed/${file}`;

/**
 * A seed course as an operator would write it (adminSaveCourse, `ops
 * import-courses`): lesson IDs `<course>-l<n>` numbered through the course,
 * chapter IDs `<course>-c<n>`, media as the file IDs `fileIdOf` gives.
 */
export function seedCourseContent(c: SeedCourse, fileIdOf: (storagePath: string) => string): CourseContent {
  let lessonNo = 0;
  const chapters = c.chapters.map((ch, chapterIndex) => ({
    id: `${c.id}-c${chapterIndex + 1}`,
    title: ch.title,
    lessons: ch.lessons.map((l): LessonDoc => {
      lessonNo += 1;
      const base = { id: `${c.id}-l${lessonNo}`, title: l.title, durationSec: l.durationSec, freePreview: l.free ?? false };
      return l.kind === 'article' ? { ...base, kind: 'article', body: l.body } : { ...base, kind: l.kind, mediaFileId: fileIdOf(seedStoragePath(l.media)) };
    }),
  }));
  const { id, title, subtitle, instructor, description, categoryId, priceFen } = c;
  const member = { memberIncluded: c.memberIncluded ?? false, memberPriceFen: c.memberPriceFen ?? null };
  return { id, title, subtitle, instructor, description, categoryId, coverFileId: fileIdOf(seedStoragePath(c.cover)), priceFen, ...member, chapters };
}

/**
 * The course documents, built as an operator's saves build them
 * (../courses/course-builder.ts), with media as the file IDs that `fileIdOf`
 * gives for each storage path. Each course is as if published and sold:
 * course i was published i days after the first, so "newest first" has a
 * stable order.
 */
export function buildSeedCourses(fileIdOf: (storagePath: string) => string, base = dayjs('2026-09-01T10:00:00+08:00')): CourseDoc[] {
  return seedCourses.map((c, i) => {
    const content = seedCourseContent(c, fileIdOf);
    const problems = courseProblems(content);
    if (problems.length) throw new Error(`seed course ${c.id}: ${problems.join('; ')}`);
    const at = base.add(i, 'day').toDate();
    return buildCourseDoc(content, { status: c.status ?? 'published', salesCount: c.salesCount, createdAt: at, publishedAt: at }, at);
  });
}

/**
 * The demo catalog: 9 courses in 5 categories, with video, audio, article and
 * e-book lessons, free previews, and prices in fen. Media are small files
 * shipped in ./media (covers made by ./make-covers.ts, the rest by
 * ./make-media.sh); `buildSeed` turns their paths into cloud file IDs of the
 * environment they are uploaded to.
 */
import dayjs from 'dayjs';
import type { CategoryDoc } from '../categories/schema';
import { courseSchema, type CourseDoc, type LessonDoc } from '../courses/schema';

export const seedCategories: CategoryDoc[] = [
  { _id: 'career', name: '职场成长', sort: 1 },
  { _id: 'tech', name: '编程开发', sort: 2 },
  { _id: 'humanities', name: '人文历史', sort: 3 },
  { _id: 'life', name: '健康生活', sort: 4 },
  { _id: 'language', name: '语言学习', sort: 5 },
];

type SeedLesson =
  | { title: string; kind: 'video' | 'audio' | 'ebook'; media: string; durationSec: number; free?: boolean }
  | { title: string; kind: 'article'; body: string; durationSec: number; free?: boolean };

interface SeedCourse {
  id: string;
  title: string;
  subtitle: string;
  instructor: string;
  description: string;
  categoryId: string;
  cover: string;
  priceFen: number;
  salesCount: number;
  status?: CourseDoc['status'];
  chapters: { title: string; lessons: SeedLesson[] }[];
}

const article = (heading: string, ...paragraphs: string[]): string =>
  `<h2>${heading}</h2>` + paragraphs.map((p) => `<p>${p}</p>`).join('');

export const seedCourses: SeedCourse[] = [
  {
    id: 'course-time',
    title: '高效时间管理 21 讲',
    subtitle: '从拖延到专注，建立可持续的工作节奏',
    instructor: '林晓',
    description: '本课程用 21 讲带你拆解时间管理的底层逻辑：目标拆分、精力管理、番茄工作法与周复盘。每一讲都配有可以马上实践的小练习。',
    categoryId: 'career',
    cover: 'cover-1.jpg',
    priceFen: 9900,
    salesCount: 1280,
    chapters: [
      {
        title: '第一章 认识时间',
        lessons: [
          { title: '开篇：你的时间去哪了', kind: 'video', media: 'video-1.mp4', durationSec: 4, free: true },
          {
            title: '时间日志怎么记',
            kind: 'article',
            durationSec: 300,
            free: true,
            body: article('时间日志', '连续记录三天，每 30 分钟写下你在做什么。', '记录本身就会改变行为：你会开始注意到那些被碎片吞掉的时间。'),
          },
        ],
      },
      {
        title: '第二章 方法与工具',
        lessons: [
          { title: '番茄工作法实操', kind: 'video', media: 'video-2.mp4', durationSec: 4 },
          { title: '精力曲线与任务排序', kind: 'audio', media: 'audio-1.mp3', durationSec: 6 },
          { title: '每周复盘模板', kind: 'ebook', media: 'ebook-1.json', durationSec: 600 },
        ],
      },
    ],
  },
  {
    id: 'course-ts',
    title: 'TypeScript 从入门到实战',
    subtitle: '类型系统、工程化与小程序开发',
    instructor: '周程',
    description: '面向有 JavaScript 基础的开发者：从类型基础讲到泛型、类型体操，再到在小程序与云开发中落地 TypeScript。',
    categoryId: 'tech',
    cover: 'cover-2.jpg',
    priceFen: 19900,
    salesCount: 860,
    chapters: [
      {
        title: '第一章 类型基础',
        lessons: [
          { title: '为什么要用 TypeScript', kind: 'video', media: 'video-1.mp4', durationSec: 4, free: true },
          {
            title: '基本类型与接口',
            kind: 'article',
            durationSec: 420,
            body: article('基本类型', 'string、number、boolean 是最常用的三种基本类型。', '接口（interface）描述对象的形状，是类型系统的核心。'),
          },
        ],
      },
      {
        title: '第二章 进阶',
        lessons: [
          { title: '泛型的直觉', kind: 'video', media: 'video-2.mp4', durationSec: 4 },
          { title: '类型体操手册', kind: 'ebook', media: 'ebook-2.json', durationSec: 900 },
        ],
      },
    ],
  },
  {
    id: 'course-cloud',
    title: '微信云开发实战',
    subtitle: '云函数、云数据库与微信支付',
    instructor: '周程',
    description: '从零搭建一个带支付的小程序：云函数设计、数据库安全规则、事务与幂等，以及微信支付回调的正确写法。',
    categoryId: 'tech',
    cover: 'cover-3.jpg',
    priceFen: 29900,
    salesCount: 430,
    chapters: [
      {
        title: '第一章 云函数',
        lessons: [
          { title: '云开发是什么', kind: 'audio', media: 'audio-2.mp3', durationSec: 6, free: true },
          { title: '一次调用的生命周期', kind: 'video', media: 'video-1.mp4', durationSec: 4 },
        ],
      },
      {
        title: '第二章 支付',
        lessons: [
          {
            title: '支付回调的幂等',
            kind: 'article',
            durationSec: 480,
            body: article('幂等', '支付通知可能重复到达，回调必须先查单、再在事务里改状态。', '只有在写入落盘之后才能返回 errcode 0。'),
          },
          { title: '退款与对账', kind: 'video', media: 'video-2.mp4', durationSec: 4 },
        ],
      },
    ],
  },
  {
    id: 'course-song',
    title: '宋朝十二讲',
    subtitle: '一个王朝的繁华与困局',
    instructor: '陈望',
    description: '从陈桥兵变到崖山海战，用十二讲讲清宋朝的制度、经济与文化，以及它为何富而不强。',
    categoryId: 'humanities',
    cover: 'cover-4.jpg',
    priceFen: 6900,
    salesCount: 2310,
    chapters: [
      {
        title: '第一章 立国',
        lessons: [
          { title: '陈桥兵变', kind: 'audio', media: 'audio-1.mp3', durationSec: 6, free: true },
          { title: '杯酒释兵权', kind: 'audio', media: 'audio-2.mp3', durationSec: 6 },
        ],
      },
      {
        title: '第二章 繁华',
        lessons: [
          {
            title: '清明上河图里的经济',
            kind: 'article',
            durationSec: 360,
            body: article('汴京', '画卷里有八百多个人物、二十多艘船。', '商业的繁荣让宋朝的税收结构与前代完全不同。'),
          },
          { title: '读书笔记：东京梦华录', kind: 'ebook', media: 'ebook-1.json', durationSec: 900 },
        ],
      },
    ],
  },
  {
    id: 'course-art',
    title: '看懂西方美术史',
    subtitle: '从文艺复兴到现代艺术',
    instructor: '苏禾',
    description: '二十幅名画，带你建立欣赏西方艺术的坐标系。',
    categoryId: 'humanities',
    cover: 'cover-5.jpg',
    priceFen: 12800,
    salesCount: 640,
    chapters: [
      {
        title: '第一章 文艺复兴',
        lessons: [
          { title: '如何看一幅画', kind: 'video', media: 'video-2.mp4', durationSec: 4, free: true },
          { title: '达·芬奇的秘密', kind: 'video', media: 'video-1.mp4', durationSec: 4 },
          { title: '名画图录', kind: 'ebook', media: 'ebook-2.json', durationSec: 600 },
        ],
      },
    ],
  },
  {
    id: 'course-sleep',
    title: '科学睡眠指南',
    subtitle: '睡得好，才能过得好',
    instructor: '何安',
    description: '睡眠医生讲解睡眠周期、失眠的成因与改善方法，附 7 天睡眠改善计划。',
    categoryId: 'life',
    cover: 'cover-6.jpg',
    priceFen: 4900,
    salesCount: 3120,
    chapters: [
      {
        title: '第一章 睡眠原理',
        lessons: [
          {
            title: '睡眠周期是什么',
            kind: 'article',
            durationSec: 240,
            free: true,
            body: article('睡眠周期', '一个睡眠周期大约 90 分钟，包括浅睡、深睡与快速眼动期。', '在周期结束时醒来，会感觉更清醒。'),
          },
          { title: '助眠冥想（音频）', kind: 'audio', media: 'audio-2.mp3', durationSec: 6 },
          { title: '7 天睡眠改善计划', kind: 'ebook', media: 'ebook-1.json', durationSec: 600 },
        ],
      },
    ],
  },
  {
    id: 'course-run',
    title: '零基础跑步入门',
    subtitle: '8 周从 0 到 5 公里',
    instructor: '何安',
    description: '循序渐进的 8 周训练计划，讲清跑姿、呼吸、拉伸与防伤。',
    categoryId: 'life',
    cover: 'cover-7.jpg',
    priceFen: 990,
    salesCount: 5200,
    chapters: [
      {
        title: '第一章 准备',
        lessons: [
          { title: '跑前热身', kind: 'video', media: 'video-1.mp4', durationSec: 4, free: true },
          { title: '呼吸节奏', kind: 'audio', media: 'audio-1.mp3', durationSec: 6 },
        ],
      },
    ],
  },
  {
    id: 'course-english',
    title: '职场英语口语 30 天',
    subtitle: '开会、邮件与电话的地道表达',
    instructor: 'Emma 王',
    description: '30 个真实职场场景，每天 10 分钟，音频跟读加讲义。',
    categoryId: 'language',
    cover: 'cover-8.jpg',
    priceFen: 14900,
    salesCount: 970,
    chapters: [
      {
        title: '第一周 会议',
        lessons: [
          { title: 'Day 1 开场白', kind: 'audio', media: 'audio-1.mp3', durationSec: 6, free: true },
          { title: 'Day 2 提出异议', kind: 'audio', media: 'audio-2.mp3', durationSec: 6 },
          {
            title: '会议常用句型讲义',
            kind: 'article',
            durationSec: 300,
            body: article('会议句型', "Let's get started. 我们开始吧。", 'Could you elaborate on that? 能具体说说吗？'),
          },
        ],
      },
      {
        title: '第二周 邮件',
        lessons: [{ title: '邮件模板合集', kind: 'ebook', media: 'ebook-2.json', durationSec: 600 }],
      },
    ],
  },
  {
    id: 'course-japanese',
    title: '日语五十音速成',
    subtitle: '一周记住平假名与片假名',
    instructor: '佐藤 美咲',
    description: '用联想记忆法一周掌握五十音，配发音示范视频。',
    categoryId: 'language',
    cover: 'cover-9.jpg',
    priceFen: 3900,
    salesCount: 1500,
    chapters: [
      {
        title: '第一章 平假名',
        lessons: [
          { title: 'あ行 发音', kind: 'video', media: 'video-2.mp4', durationSec: 4, free: true },
          { title: 'か行 发音', kind: 'video', media: 'video-1.mp4', durationSec: 4 },
          { title: '五十音图卡片', kind: 'ebook', media: 'ebook-1.json', durationSec: 300 },
        ],
      },
    ],
  },
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
 * The course documents, validated, with media as the file IDs that `fileIdOf`
 * gives for each storage path. Course i was published i days after the first,
 * so "newest first" has a stable order.
 */
export function buildSeedCourses(fileIdOf: (storagePath: string) => string, base = dayjs('2026-09-01T10:00:00+08:00')): CourseDoc[] {
  return seedCourses.map((c, i) => {
    const at = base.add(i, 'day').toDate();
    let lessonNo = 0;
    const chapters = c.chapters.map((ch, chapterIndex) => ({
      id: `${c.id}-c${chapterIndex + 1}`,
      title: ch.title,
      lessons: ch.lessons.map((l): LessonDoc => {
        lessonNo += 1;
        const base = { id: `${c.id}-l${lessonNo}`, title: l.title, durationSec: l.durationSec, freePreview: l.free ?? false };
        return l.kind === 'article'
          ? { ...base, kind: 'article', body: l.body }
          : { ...base, kind: l.kind, mediaFileId: fileIdOf(seedStoragePath(l.media)) };
      }),
    }));
    return courseSchema.parse({
      _id: c.id,
      title: c.title,
      subtitle: c.subtitle,
      instructor: c.instructor,
      description: c.description,
      categoryId: c.categoryId,
      coverFileId: fileIdOf(seedStoragePath(c.cover)),
      priceFen: c.priceFen,
      status: c.status ?? 'published',
      salesCount: c.salesCount,
      lessonCount: lessonNo,
      searchText: [c.title, c.subtitle, c.instructor].join(' ').toLowerCase(),
      chapters,
      createdAt: at,
      updatedAt: at,
      publishedAt: at,
    });
  });
}

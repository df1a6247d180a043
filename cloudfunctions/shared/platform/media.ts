/**
 * Files in cloud storage reach learners only as temp URLs that this code
 * hands out: the bucket's security rule lets no client read a file by its ID
 * (see README, "Storage"), or anyone who guessed a lesson's path could
 * download paid media.
 */
import { cloud } from './cloud';
import { fail } from './errors';

/** WeChat answers at most 50 files per getTempFileURL call. */
const BATCH = 50;

/** File ID → temp URL; files WeChat could not sign are absent. */
export async function tempUrls(fileIds: Iterable<string>, maxAgeSeconds: number): Promise<Map<string, string>> {
  const unique = [...new Set([...fileIds].filter(Boolean))];
  const urls = new Map<string, string>();
  for (let i = 0; i < unique.length; i += BATCH) {
    const fileList = unique.slice(i, i + BATCH).map((fileID) => ({ fileID, maxAge: maxAgeSeconds }));
    const result = (await cloud.getTempFileURL({ fileList })) as {
      fileList: { fileID: string; tempFileURL: string; status: number; errMsg?: string }[];
    };
    for (const file of result.fileList) {
      if (file.status === 0 && file.tempFileURL) urls.set(file.fileID, file.tempFileURL);
      else console.error('getTempFileURL failed', file.fileID, file.errMsg);
    }
  }
  return urls;
}

/** Covers are shown in lists and cached by the phone: a day-long URL. */
const COVER_URL_SECONDS = 24 * 60 * 60;

export type CoverUrls = ReadonlyMap<string, string>;

export const coverUrls = (fileIds: Iterable<string>): Promise<CoverUrls> => tempUrls(fileIds, COVER_URL_SECONDS);

/** Long enough to watch a lesson through, short enough that a shared link soon dies. */
const MEDIA_URL_SECONDS = 2 * 60 * 60;

/** Paid content beside the media (an article's images): the same short life as the media. */
export const mediaUrls = (fileIds: Iterable<string>): Promise<ReadonlyMap<string, string>> => tempUrls(fileIds, MEDIA_URL_SECONDS);

export async function mediaUrl(fileID: string): Promise<{ mediaUrl: string; urlExpiresAt: number }> {
  const url = (await tempUrls([fileID], MEDIA_URL_SECONDS)).get(fileID);
  if (!url) return fail('INTERNAL', '课程资源暂时无法加载');
  return { mediaUrl: url, urlExpiresAt: Date.now() + MEDIA_URL_SECONDS * 1000 };
}

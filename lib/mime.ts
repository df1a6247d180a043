/**
 * The one table of content types the local servers answer with: the preview's
 * pages, bundles, images and icon font, and what cloud storage holds (media,
 * documents). Unknown extensions are octet streams.
 */
import path from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  // the preview's icon font (preview/icon-font.ts)
  '.otf': 'font/otf',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.aac': 'audio/aac',
  '.mp4': 'video/mp4',
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.pdf': 'application/pdf',
  '.epub': 'application/epub+zip',
};

const OCTET_STREAM = 'application/octet-stream';

/** The content type of a file by its extension (any case), octet-stream when unknown. */
export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? OCTET_STREAM;
}

/** Whether the table knows the extension (`.png`, lower case). */
export function knownExtension(ext: string): boolean {
  return ext in CONTENT_TYPES;
}

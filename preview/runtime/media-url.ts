/**
 * Where a `src` in the mini-program points, seen from the preview page:
 * cloud file IDs go through the preview server, which asks the emulator's
 * storage for a temp URL (what `<image src="cloud://...">` does on a phone);
 * the package's own files (`/assets/...`) are served from the compiled build.
 */
export function browserUrl(src: string): string {
  if (!src) return '';
  if (src.startsWith('cloud://')) return `/cloud-file?id=${encodeURIComponent(src)}`;
  if (/^(https?:|blob:|data:)/.test(src)) return src;
  return `/mp/${src.replace(/^\/+/, '')}`;
}

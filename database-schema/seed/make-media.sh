#!/usr/bin/env bash
# Makes the demo catalog's short videos and audio in ./media (the e-books are
# written by hand, the covers by `npx tsx database-schema/seed/make-covers.ts`).
# Run once by a maintainer (needs ffmpeg and the fonts-wqy-zenhei font); the
# results are committed, so nothing is downloaded or generated when the
# product runs.
set -euo pipefail
cd "$(dirname "$0")/media"
font=/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc
for n in 1 2; do
  ffmpeg -loglevel error -y -f lavfi -i "testsrc=size=320x180:rate=15:duration=4" \
    -f lavfi -i "sine=frequency=$((440 * n)):duration=4" \
    -vf "drawtext=fontfile=$font:text='示例视频 $n':fontcolor=white:fontsize=24:box=1:boxcolor=black@0.5:x=10:y=10" \
    -c:v libx264 -preset veryslow -crf 35 -pix_fmt yuv420p -c:a aac -b:a 32k -movflags +faststart "video-$n.mp4"
done
for n in 1 2; do
  ffmpeg -loglevel error -y -f lavfi -i "sine=frequency=$((330 * n)):duration=6" -ac 1 -c:a libmp3lame -b:a 32k "audio-$n.mp3"
done
ls -la

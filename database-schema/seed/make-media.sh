#!/usr/bin/env bash
# Makes the demo catalog's media files in ./media: covers, short videos, short
# audio and e-books. Run once by a maintainer (needs ffmpeg and the
# fonts-wqy-zenhei font); the results are committed, so nothing is downloaded
# or generated when the product runs.
set -euo pipefail
cd "$(dirname "$0")/media"
font=/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc
colors=(0x0052d9 0x2ba471 0xe37318 0x8e56dd 0xd54941 0x029cd4 0x5e9c34 0xc9353f 0x3d5af5)
titles=('高效时间管理' 'TypeScript 实战' '微信云开发' '宋朝十二讲' '西方美术史' '科学睡眠' '跑步入门' '职场英语' '日语五十音')
for i in "${!titles[@]}"; do
  n=$((i + 1))
  ffmpeg -loglevel error -y -f lavfi -i "color=c=${colors[$i]}:s=480x270" -frames:v 1 \
    -vf "drawtext=fontfile=$font:text='${titles[$i]}':fontcolor=white:fontsize=40:x=(w-text_w)/2:y=(h-text_h)/2" \
    "cover-$n.png"
done
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

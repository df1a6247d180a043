#!/usr/bin/env bash
# Before the tests (npm's pretest): the end-to-end suite drives Debian's
# Chromium, and Chinese needs a CJK font or it shows as boxes. Installs both
# when missing, so `npm install && npm test` works on a fresh machine.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && dpkg -s fonts-wqy-zenhei >/dev/null 2>&1; then exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "The end-to-end tests need Chromium at /usr/bin/chromium (or CHROMIUM_PATH) and a CJK font; install them and run again." >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
echo "installing Debian's chromium and fonts-wqy-zenhei for the end-to-end tests"
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends chromium fonts-wqy-zenhei

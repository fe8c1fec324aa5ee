#!/usr/bin/env bash
# Debian packages the tests use: chromium (browser tests), poppler-utils (reading PDFs back),
# libharfbuzz-subset0 (fast font subsetting in WeasyPrint). Installed when missing and we are root;
# otherwise say what is missing (browser tests then skip outside CI, and fail in CI).
set -u
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset || missing+=(libharfbuzz-subset0)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian packages: ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "Missing Debian packages: ${missing[*]} (sudo apt-get install ${missing[*]}); browser tests will be skipped."
fi
exit 0

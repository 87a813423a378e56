#!/bin/sh
# Writes a copy of this HubSpot developer project with the connector's public base URL in place of the placeholder
# https://connector.example.com (action URL, OAuth redirect URL, permitted URLs, card URLs), ready for
# `hs project upload`.
#
#   ./prepare.sh https://sms.example.org [target-directory]    (default target: ./build)
set -eu
base=${1:-}
target=${2:-build}
case "$base" in
  https://*) ;;
  *) echo "usage: $0 https://<public-base-url> [target-directory] (HubSpot needs HTTPS, and no localhost)" >&2; exit 2 ;;
esac
base=${base%/}
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$target"
mkdir -p "$target"
cp "$here/hsproject.json" "$target/"
cp -R "$here/src" "$target/"
find "$target/src" -type f \( -name '*.json' -o -name '*.jsx' \) | while read -r file; do
  sed "s#https://connector\.example\.com#$base#g" "$file" > "$file.tmp" && mv "$file.tmp" "$file"
done
echo "project written to $target; upload it with: (cd $target && hs project upload)"

#!/bin/sh
# Writes a copy of this HubSpot developer project with the connector's public base URL in place of the placeholder
# https://connector.example.com (action URL, OAuth redirect URL, permitted URLs, card URLs), ready for
# `hs project upload`.
#
# HubSpot accepts app-event components only in a project that has been deployed once, and only once it has
# approved them: stage 1 (the default) leaves the app events out, stage 2 (after the first deploy and HubSpot's
# approval) adds them. --publish releases the three workflow actions to installing portals ("isPublished": true);
# without it they stay visible in the developer's test portals only.
set -eu

usage() {
  cat >&2 <<EOF
usage: $0 [--stage 1|2] [--publish] https://<public-base-url> [target-directory]
  --stage 1   the first upload: app, workflow actions and card, without app events (default)
  --stage 2   after the first deploy and HubSpot's approval: the same with the app events
  --publish   set "isPublished": true on the three workflow actions
  The base URL must be HTTPS and not localhost (HubSpot refuses both); the default target is ./build.
EOF
  exit 2
}

stage=1
publish=false
while [ $# -gt 0 ]; do
  case "$1" in
    --stage)
      [ $# -ge 2 ] || usage
      stage=$2
      shift 2
      ;;
    --stage=*) stage=${1#--stage=}; shift ;;
    --publish) publish=true; shift ;;
    --help|-h) usage ;;
    --) shift; break ;;
    -*) echo "$0: unknown option $1" >&2; usage ;;
    *) break ;;
  esac
done
case "$stage" in
  1|2) ;;
  *) echo "$0: --stage must be 1 or 2, not '$stage'" >&2; usage ;;
esac
[ $# -ge 1 ] && [ $# -le 2 ] || usage
base=$1
target=${2:-build}
case "$base" in
  https://localhost|https://localhost[:/]*|https://127.*) echo "$0: HubSpot cannot call localhost: $base" >&2; usage ;;
  https://?*) ;;
  *) echo "$0: the base URL must start with https://, not '$base'" >&2; usage ;;
esac
case "$base" in
  *'#'*|*' '*) echo "$0: the base URL must not contain '#' or spaces: $base" >&2; usage ;;
esac
base=${base%/}

here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$target"
mkdir -p "$target"
cp "$here/hsproject.json" "$target/"
cp -R "$here/src" "$target/"
if [ "$stage" = 1 ]; then
  rm -rf "$target/src/app/app-events"
fi
find "$target/src" -type d -name node_modules -prune -o -type f \( -name '*.json' -o -name '*.jsx' \) -print |
  while read -r file; do
    sed "s#https://connector\.example\.com#$base#g" "$file" > "$file.tmp" && mv "$file.tmp" "$file"
  done
if [ "$publish" = true ]; then
  for action in "$target"/src/app/workflow-actions/*-hsmeta.json; do
    grep -q '"isPublished": *false' "$action" || { echo "$0: no \"isPublished\": false in $action" >&2; exit 1; }
    sed 's#"isPublished": *false#"isPublished": true#' "$action" > "$action.tmp" && mv "$action.tmp" "$action"
  done
fi
echo "stage $stage project written to $target; upload it with: (cd $target && hs project upload)"

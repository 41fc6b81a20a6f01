#!/usr/bin/env bash
# Copy this working tree (tracked and untracked files, not what .gitignore ignores) into the
# bench's apps/wms_module, so the site runs exactly the code in front of you, committed or not.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
APP_SRC="$(cd "$HERE/../.." && pwd)"
. "$HERE/env.sh"
dest="$BENCH/apps/wms_module"
mkdir -p "$dest"
# files that are gone from the tree go from the copy too (keep the bench's own artefacts)
find "$dest" -mindepth 1 -maxdepth 1 ! -name '*.egg-info' ! -name node_modules -exec rm -rf {} +
(cd "$APP_SRC" && git ls-files -z --cached --others --exclude-standard |
	tar -cf - --null --no-recursion --ignore-failed-read -T - 2>/dev/null) |
	tar -xf - -C "$dest"
chown -R "$BENCH_USER:$BENCH_USER" "$dest"

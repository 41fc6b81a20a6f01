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
# axe-core (npm, git-ignored; tools/ensure_axe.sh installed it here) goes along, so the browser tests
# running in the bench as the bench user find node_modules/axe-core/axe.min.js next to their app, as
# after `bench get-app` (whose `yarn install` puts it there); the checkout itself may be unreadable
# to that user. Replaced on every run: an old copy never outlives a new lock.
rm -rf "$dest/node_modules/axe-core"
if [ -f "$APP_SRC/node_modules/axe-core/axe.min.js" ]; then
	mkdir -p "$dest/node_modules" && cp -R "$APP_SRC/node_modules/axe-core" "$dest/node_modules/"
fi
chown -R "$BENCH_USER:$BENCH_USER" "$dest"

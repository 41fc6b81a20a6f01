#!/usr/bin/env bash
# `bench migrate` the site when what a migrate reads changed since the last one: the app's doctype,
# report, print format, workspace and fixture JSON, hooks.py, install.py, patches. Run after
# sync_app.sh (a migrate syncs the JSON into the database; without it the site keeps the old ones).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$HERE/env.sh"
app="$BENCH/apps/wms_module/wms_module"
stamp="$BENCH/sites/$SITE/.wms_migrated"
now=$(cd "$app" && find . \( -name '*.json' -o -name hooks.py -o -name install.py -o -name patches.txt \) -type f \
	-not -path './public/*' | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$now" ]; then
	echo "=== bench migrate (the app's schema, fixtures or hooks changed)"
	as_user "cd $BENCH && bench --site $SITE migrate" >"$LOGS/migrate.log" 2>&1 || { tail -30 "$LOGS/migrate.log"; exit 1; }
	echo "$now" >"$stamp"
	chown "$BENCH_USER:$BENCH_USER" "$stamp"
fi

#!/usr/bin/env bash
# Run the app's pytest suite in site mode against the real site that setup.sh built:
#
#   sudo bash tools/realbench/run_tests.sh [pytest args]    # paths as tests/... (relative to the app)
#
# Installs axe-core from npm if needed (tools/ensure_axe.sh, for the accessibility tests), copies this
# working tree (and node_modules/axe-core) into the bench first and starts MariaDB / Redis if they are down;
# the suite itself runs the apps' before_tests hooks first, as `bench run-tests` does (tests/conftest.py).
# The suite runs as the bench user inside the bench's env; the site is served on 127.0.0.1 by the
# suite itself (tests/harness.py) for the HTTP and browser tests.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$HERE/env.sh"

bash "$HERE/../ensure_axe.sh"  # axe-core from npm into this checkout; sync_app.sh copies it along
bash "$HERE/refresh.sh"
mkdir -p "$LOGS/screenshots" && chown -R "$BENCH_USER:$BENCH_USER" "$LOGS"

args=()
for a in "$@"; do
	case "$a" in tests/*) args+=("../apps/wms_module/$a") ;; *) args+=("$a") ;; esac
done
[ ${#args[@]} -gt 0 ] || args=(../apps/wms_module/tests)
quoted=$(printf '%q ' "${args[@]}")
RUN_NAME="${RUN_NAME:-site-tests}"

AS_USER_ENV="WMS_TEST_SITE=$SITE WMS_SITES_PATH=$BENCH/sites WMS_SITE_PORT=$WMS_SITE_PORT CI=${CI:-} \
WMS_SCREENSHOTS=${WMS_SCREENSHOTS:-$LOGS/screenshots}" \
	as_user "cd $BENCH/sites && ../env/bin/python -m pytest $quoted -rfEs --durations=15 \
	--junitxml=$LOGS/$RUN_NAME.xml 2>&1 | tee $LOGS/$RUN_NAME.log; exit \${PIPESTATUS[0]}"

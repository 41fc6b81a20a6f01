#!/usr/bin/env bash
# The seeded demo on the real site that setup.sh built, desk included:
#
#   sudo bash tools/realbench/demo.sh       # (./run.sh demo --site builds the bench first)
#
# Prepares the site as the test runner does (the apps' before_tests hooks: ERPNext's setup wizard),
# seeds the demo with the app's own seeder (idempotent: a second run reuses what is there) and
# serves the site with gunicorn on 127.0.0.1:$WMS_SITE_PORT until Ctrl+C. /assets and /files are
# served by Frappe's own static middleware, as `bench serve` does (nginx does it in production).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$HERE/env.sh"

bash "$HERE/refresh.sh"
as_user "cd $BENCH/sites && ../env/bin/python $TOOLS_DIR/seed_demo.py $SITE"
echo
echo "Serving $SITE on http://127.0.0.1:$WMS_SITE_PORT (desk: /app, handheld: /wms). Ctrl+C stops it."
echo "Logins: Administrator / $ADMIN_PW; operator@wms-demo.example / wms-demo-operator"
# A background worker, as `bench start` runs one: Delivery Notes of fully picked orders are jobs.
as_user "cd $BENCH/sites && exec ../env/bin/python -m frappe.utils.bench_helper frappe worker --queue short,default" \
	>>"$LOGS/demo-worker.log" 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT
AS_USER_ENV="WMS_TEST_SITE=$SITE SITES_PATH=$BENCH/sites" as_user "cd $BENCH/sites && ../env/bin/gunicorn \
	--bind 127.0.0.1:$WMS_SITE_PORT --workers 2 --timeout 120 \
	--pythonpath $BENCH/apps/wms_module/tests site_wsgi:application"

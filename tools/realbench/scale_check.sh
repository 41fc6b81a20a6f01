#!/usr/bin/env bash
# The app at warehouse scale on the real bench (MariaDB), on a second site of its own (the test site
# wms.localhost is not touched):
#
#   sudo bash tools/realbench/scale_check.sh      # from the project root, after setup.sh
#
#   1. site WMS_SCALE_SITE (default scale.localhost) with ERPNext and wms_module, made once and kept
#      (WMS_SCALE_FRESH=1 drops it first); the app code synced from this working tree
#   2. seed (once): 50,000 bins, 20,000 items, 100,000 Bin Stock rows, 60 operators (scale_check.py)
#   3. 120 Sales Orders of 100 lines submitted (12,000 open Pick tasks), each submit timed; waves of 5
#      orders planned and released, one 100-pick tour per operator; one wave of 500 two-line orders
#      planned through the app (gathering, batching, routing, tours written), timed
#   4. EXPLAIN of every hot query (a bin scanned, allocation, wave gathering, my_tasks, pick confirm,
#      short pick, move, each report, the drift check): FAILS on a full scan of a big app table
#   5. in-process p50/p95 of my_tasks and pick confirm
#   6. load: the site served by gunicorn, 4 workers, on 127.0.0.1:$WMS_SCALE_PORT; 60 scanner threads,
#      each with its own login, confirm picks for 60 s at a floor's pace (one every 5 s each), then for
#      WMS_LOAD_SECONDS (120) as fast as the server answers (tools/realbench/load_scanners.py)
#   7. bins = ERPNext at the end (the drift check over the whole warehouse), deadlocks from MariaDB
#
# Writes $LOGS/scale/result.json and prints it; `./run.sh bench` renders it into docs/benchmarks.md.
# Exits 1 when a hot query scans a big table, a request failed with a server error, or the bins and
# ERPNext differ at the end.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
. "$HERE/env.sh"

SC_SITE="${WMS_SCALE_SITE:-scale.localhost}"
PORT="${WMS_SCALE_PORT:-8300}"
SECONDS_LOAD="${WMS_LOAD_SECONDS:-120}"
[ "$SC_SITE" != "$SITE" ] || { echo "refusing: $SC_SITE is the test site" >&2; exit 2; }
OUT="$LOGS/scale"
RESULT="$OUT/result.json"
T0=$(date +%s)
step() { echo "=== [$(($(date +%s) - T0))s] $*"; }

bash "$HERE/services.sh"
[ -d "$BENCH/apps/wms_module" ] || { echo "no bench at $BENCH: run tools/realbench/setup.sh first" >&2; exit 2; }
bash "$HERE/sync_app.sh"
mkdir -p "$OUT" "$TOOLS_DIR"
cp "$HERE/scale_check.py" "$HERE/install_app_offline.py" "$HERE/../../tests/query_plans.py" "$TOOLS_DIR/"
chmod 644 "$TOOLS_DIR"/*.py
rm -f "$RESULT"
chown -R "$BENCH_USER:$BENCH_USER" "$OUT"
py() { as_user "cd $BENCH/sites && ../env/bin/python $TOOLS_DIR/scale_check.py $1 $SC_SITE $RESULT"; }
mysql_status() {
	mysql -u"$DB_ROOT_USER" -p"$DB_ROOT_PW" -h 127.0.0.1 -N -e "show global status like '$1'" | awk '{print $2}'
}

if [ "${WMS_SCALE_FRESH:-0}" = 1 ] && [ -f "$BENCH/sites/$SC_SITE/site_config.json" ]; then
	step "dropping $SC_SITE (WMS_SCALE_FRESH=1)"
	as_user "cd $BENCH && bench drop-site $SC_SITE --force --no-backup --db-root-username $DB_ROOT_USER \
		--db-root-password $DB_ROOT_PW" >"$OUT/drop-site.log" 2>&1
	rm -rf "$BENCH/archived/sites/$SC_SITE"*
fi
if [ ! -f "$BENCH/sites/$SC_SITE/site_config.json" ]; then
	step "1. new site $SC_SITE with ERPNext, then wms_module"
	as_user "cd $BENCH && bench new-site $SC_SITE --db-root-username $DB_ROOT_USER --db-root-password $DB_ROOT_PW \
		--admin-password $ADMIN_PW --install-app erpnext" >"$OUT/new-site.log" 2>&1 || { tail -30 "$OUT/new-site.log"; exit 1; }
	as_user "cd $BENCH/sites && ../env/bin/python $TOOLS_DIR/install_app_offline.py $SC_SITE wms_module" \
		>"$OUT/install.log" 2>&1 || { tail -30 "$OUT/install.log"; exit 1; }
fi
WMS_SITE="$SC_SITE" bash "$HERE/migrate_if_changed.sh"  # the site's schema follows this code

step "2. seed (a no-op when the floor is there)"
py seed
step "3. Sales Orders of 100 lines, then waves released to the operators"
py orders
py waves
py bigwave
step "4. EXPLAIN of the hot queries"
rc=0
py explain || rc=1
step "5. in-process timings"
py timings

step "6. load: gunicorn, 4 workers, 127.0.0.1:$PORT; 60 scanners for ${SECONDS_LOAD}s"
deadlocks_before=$(mysql_status Innodb_deadlocks)
AS_USER_ENV="WMS_TEST_SITE=$SC_SITE" as_user "cd $BENCH/sites && exec ../env/bin/gunicorn --bind 127.0.0.1:$PORT \
	--workers 4 --timeout 120 --pythonpath $BENCH/apps/wms_module/tests site_wsgi:application" >"$OUT/gunicorn.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 60); do
	curl -fsS -o /dev/null "http://127.0.0.1:$PORT/api/method/ping" && break
	sleep 1
done
# first at a floor's pace (one pick per scanner every 5 s: 12 picks/s, about three times what 60
# people walking a pick path ask for), then as fast as the server answers (its capacity)
"$ROOT/.venv/bin/python" "$HERE/load_scanners.py" --url "http://127.0.0.1:$PORT" --seconds 60 --pace 5 \
	--operators 60 --out "$OUT/load-paced.json" || rc=1
"$ROOT/.venv/bin/python" "$HERE/load_scanners.py" --url "http://127.0.0.1:$PORT" --seconds "$SECONDS_LOAD" \
	--operators 60 --out "$OUT/load.json" || rc=1
kill "$server" 2>/dev/null || true
wait "$server" 2>/dev/null || true
deadlocks_after=$(mysql_status Innodb_deadlocks)

step "7. bins = ERPNext"
py verify || rc=1
"$ROOT/.venv/bin/python" - "$RESULT" "$OUT/load.json" "$((deadlocks_after - deadlocks_before))" "$OUT/load-paced.json" <<'EOF' || rc=1
import json, sys, time
result_path, load_path, deadlocks, paced_path = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
result = json.load(open(result_path))
load = json.load(open(load_path))
load["deadlocks"] = deadlocks  # both runs: MariaDB's Innodb_deadlocks before and after
result["load"] = load
result["load_paced"] = json.load(open(paced_path))
result.get("so_submit", {}).pop("orders", None)  # the waves step has used them; names are noise here
server_errors = load["server_errors"] + result["load_paced"]["server_errors"]
result["measured_at"] = time.strftime(", %Y-%m-%d %H:%M UTC", time.gmtime())
import os
result["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]  # what else the 2 cores were running
json.dump(result, open(result_path, "w"), indent=1, sort_keys=True)
if server_errors:
	print(f"FAIL: {server_errors} server errors under load: {load['errors']} {result['load_paced']['errors']}")
	sys.exit(1)
EOF
cp "$RESULT" "$ROOT/docs/scale-result.json" 2>/dev/null || true
step "done (exit $rc): $RESULT, copied to docs/scale-result.json"
exit "$rc"

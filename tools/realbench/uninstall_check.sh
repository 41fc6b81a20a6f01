#!/usr/bin/env bash
# Prove on the real bench that `bench --site X uninstall-app wms_module` leaves ERPNext's data
# consistent, on a throwaway second site (the test site wms.localhost is not touched):
#
#   sudo bash tools/realbench/uninstall_check.sh      # from the project root, after setup.sh
#
#   1. new site (WMS_UNINSTALL_SITE, default uninstall-check.localhost) with ERPNext, then wms_module
#      (offline, as setup.sh installs it: install_app_offline.py)
#   2. the WMS in use (uninstall_check.py prepare): ERPNext's setup wizard as the test suite runs it
#      (before_tests hooks), a warehouse with zones, bins and an active Warehouse Layout, a Purchase
#      Receipt moved into pick bins, one Sales Order picked and delivered by the WMS, one with its
#      Pick tasks still open
#   3. ERPNext's own figures (SLE, Bin, GL, SO/DN/PR status) by plain SQL
#   4. bench --site X uninstall-app wms_module --yes --no-backup
#   5. the checks (uninstall_check.py verify): figures unchanged, nothing of the app left (tables,
#      DocTypes, Module Def, Custom Fields, Property Setters, Roles, reports, scheduled jobs, hooks),
#      inert residue reported, then ERPNext's ordinary documents on the same site
#   6. the site dropped (WMS_KEEP_SITE=1 keeps it to look at), after deleting its jobs from the
#      bench's shared Redis queues
#
# The app's own before_uninstall (wms_module/uninstall.py) runs inside uninstall-app, as on any site.
#
# Runs the app code that is in the bench (apps/wms_module); WMS_SYNC=1 copies this working tree
# there first (sync_app.sh, as run_tests.sh does: the main test site then runs it too).
# Prints PASS/FAIL; exits 1 on FAIL. Logs and JSON in $LOGS/uninstall-check/.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$HERE/env.sh"

UC_SITE="${WMS_UNINSTALL_SITE:-uninstall-check.localhost}"
[ "$UC_SITE" != "$SITE" ] || { echo "refusing: $UC_SITE is the test site" >&2; exit 2; }
OUT="$LOGS/uninstall-check"
T0=$(date +%s.%N)
since() { awk -v now="$(date +%s.%N)" -v t="${1:-$T0}" 'BEGIN { printf "%.1f", now - t }'; }
step() { echo "=== [$(since)s] $*"; }
declare -A TIMES

bash "$HERE/services.sh"
[ -d "$BENCH/apps/wms_module" ] || { echo "no bench at $BENCH: run tools/realbench/setup.sh first" >&2; exit 2; }
[ "${WMS_SYNC:-0}" != 1 ] || bash "$HERE/sync_app.sh"
mkdir -p "$OUT" "$TOOLS_DIR"
rm -f "$OUT"/*.json "$OUT"/*.log
cp "$HERE/uninstall_check.py" "$HERE/install_app_offline.py" "$TOOLS_DIR/"
chmod 644 "$TOOLS_DIR"/*.py
chown -R "$BENCH_USER:$BENCH_USER" "$OUT"

# run a step as the bench user, its output to $OUT/<name>.log (and on screen), timed
run() {
	local name="$1"
	shift
	local t
	t=$(date +%s.%N)
	set +e
	as_user "$*" 2>&1 | tee "$OUT/$name.log"
	local rc=${PIPESTATUS[0]}
	set -e
	TIMES[$name]=$(since "$t")
	echo "    ($name: ${TIMES[$name]}s, exit $rc)"
	return "$rc"
}

drop_site() {
	[ -f "$BENCH/sites/$UC_SITE/site_config.json" ] || return 0
	# its jobs in the bench's shared Redis queues go first (no worker may run them on a dropped site)
	as_user "cd $BENCH/sites && ../env/bin/python $TOOLS_DIR/uninstall_check.py jobs $UC_SITE 1" || true
	as_user "cd $BENCH && bench drop-site $UC_SITE --force --no-backup --db-root-username $DB_ROOT_USER \
		--db-root-password $DB_ROOT_PW" >"$OUT/drop-site.log" 2>&1 || { tail -20 "$OUT/drop-site.log"; return 1; }
	rm -rf "$BENCH/archived/sites/$UC_SITE"*  # drop-site moves the folder there; only ours
	rmdir "$BENCH/archived/sites" "$BENCH/archived" 2>/dev/null || true  # when that left them empty
}

summary() {
	local rc=$?
	trap - EXIT
	if [ "${WMS_KEEP_SITE:-0}" = 1 ]; then
		echo "=== kept site $UC_SITE (drop: bench drop-site $UC_SITE --force --no-backup ...)"
	else
		step "drop site $UC_SITE"
		local t
		t=$(date +%s.%N)
		drop_site || rc=1
		TIMES[drop-site]=$(since "$t")
	fi
	echo
	echo "=== step times (s):"
	for k in new-site install-wms prepare snapshot hook uninstall trim-dry-run verify drop-site; do
		[ -z "${TIMES[$k]:-}" ] || printf '    %-12s %8s\n' "$k" "${TIMES[$k]}"
	done
	echo "    total        $(since)"
	if [ -f "$OUT/result.json" ]; then
		echo "=== checks: $(grep -c '"level": "OK"' "$OUT/result.json") OK, $(grep -c '"level": "WARN"' "$OUT/result.json") WARN, $(grep -c '"level": "FAIL"' "$OUT/result.json") FAIL  ($OUT/result.json)"
	fi
	if [ "$rc" = 0 ]; then echo "=== uninstall check: PASS"; else echo "=== uninstall check: FAIL (exit $rc; logs in $OUT)"; fi
	exit "$rc"
}
trap summary EXIT

step "0. a left-over $UC_SITE from an earlier run"
drop_site

step "1. new site $UC_SITE with ERPNext, then wms_module"
run new-site "cd $BENCH && bench new-site $UC_SITE --db-root-username $DB_ROOT_USER --db-root-password $DB_ROOT_PW \
	--admin-password $ADMIN_PW --install-app erpnext"
run install-wms "cd $BENCH/sites && ../env/bin/python $TOOLS_DIR/install_app_offline.py $UC_SITE wms_module"
as_user "cd $BENCH && bench --site $UC_SITE list-apps"

step "2. the WMS in use"
run prepare "cd $BENCH/sites && ../env/bin/python $TOOLS_DIR/uninstall_check.py prepare $UC_SITE $OUT/state.json"

step "3. ERPNext's figures before"
run snapshot "cd $BENCH/sites && ../env/bin/python $TOOLS_DIR/uninstall_check.py snapshot $UC_SITE $OUT/before.json"

step "4. bench --site $UC_SITE uninstall-app wms_module --yes --no-backup"
run uninstall "cd $BENCH && bench --site $UC_SITE uninstall-app wms_module --yes --no-backup"
as_user "cd $BENCH && bench --site $UC_SITE list-apps"
# what Frappe's own clean-up commands would still find (dry runs: nothing changes)
run trim-dry-run "cd $BENCH && bench --site $UC_SITE trim-tables --dry-run --format json && \
	bench --site $UC_SITE trim-database --dry-run --format json"

step "5. the checks"
run verify "cd $BENCH/sites && ../env/bin/python $TOOLS_DIR/uninstall_check.py verify $UC_SITE $OUT/state.json \
	$OUT/before.json $OUT/result.json"

#!/usr/bin/env bash
# One entry point for a fresh machine. Each command sets up what it needs:
#   ./run.sh demo           the benchless demo server on 127.0.0.1:8000 with seed data (seconds)
#   ./run.sh test           the whole test suite on the benchless stand-in
#   ./run.sh test --site    the whole suite on a real Frappe/ERPNext v15 site (MariaDB), built
#                           first if needed (tools/realbench/setup.sh; root; a few minutes)
#   ./run.sh demo --site    the same seeded demo on that real site, desk included, on 127.0.0.1:8200
#   ./run.sh bench          the routing / batching / slotting / wave / peer benchmarks, and the MariaDB
#                           scale and load figures of the last scale check (docs/scale-result.json)
#   ./run.sh bench --site   the same after running the scale check anew on the real bench (root; minutes)
# The real bench takes Frappe and ERPNext from WMS_BENCH_SOURCES (a .tar.gz or folder holding
# apps/frappe and apps/erpnext), else from GitHub's version-15 branches.
set -euo pipefail
cd "$(dirname "$0")"
VENV=.venv
PY="$VENV/bin/python"

ensure_venv() {
	if [ ! -x "$PY" ]; then
		python3 -m venv "$VENV"
	fi
	local stamp="$VENV/.installed"
	if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ requirements-dev.txt -nt "$stamp" ] \
		|| [ requirements-bench.txt -nt "$stamp" ]; then
		"$PY" -m pip install --quiet --upgrade pip
		"$PY" -m pip install --quiet -e . -r requirements-dev.txt -r requirements-bench.txt
		touch "$stamp"
	fi
}

ensure_chromium() {
	# The browser tests drive Debian's Chromium through Playwright; Playwright's
	# own browser download cannot work on these machines.
	if [ ! -x /usr/bin/chromium ]; then
		if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
		else
			echo "note: /usr/bin/chromium missing and not root; browser tests will be skipped" >&2
		fi
	fi
}

ensure_axe() {
	# axe-core from npm (package-lock.json) for the accessibility browser tests: `npm ci` when
	# node_modules/axe-core is missing or the lock is newer; nodejs/npm from apt when root and missing.
	bash tools/ensure_axe.sh
}

cmd="${1:-}"
shift || true
site=0
if [ "${1:-}" = "--site" ]; then
	site=1
	shift
fi
case "$cmd" in
	demo)
		if [ "$site" = 1 ]; then
			bash tools/realbench/setup.sh
			exec bash tools/realbench/demo.sh "$@"
		fi
		ensure_venv
		exec "$PY" -m benchless.demo "$@"
		;;
	test)
		if [ "$site" = 1 ]; then
			bash tools/realbench/setup.sh
			exec bash tools/realbench/run_tests.sh "$@"
		fi
		ensure_venv
		ensure_chromium
		ensure_axe
		exec "$PY" -m pytest "$@"
		;;
	bench)
		ensure_venv
		rc=0
		if [ "$site" = 1 ]; then
			# the MariaDB scale and load check on the real bench (root); it writes docs/scale-result.json,
			# which the benchmarks' "scale" section renders (without --site: the last recorded figures)
			bash tools/realbench/setup.sh
			bash tools/realbench/scale_check.sh || rc=$?
		fi
		"$PY" -m benchmarks "$@" || rc=$?
		exit "$rc"
		;;
	*)
		echo "usage: ./run.sh demo [--site] | test [--site] [pytest args] | bench [--site] [suites]" >&2
		exit 2
		;;
esac

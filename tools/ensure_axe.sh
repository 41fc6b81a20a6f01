#!/usr/bin/env bash
# axe-core for the accessibility browser tests (tests/app/test_accessibility.py), from npm as pinned
# by package.json / package-lock.json at the project root, into node_modules/ (git-ignored).
#
#   bash tools/ensure_axe.sh      # run by ./run.sh test and tools/realbench/run_tests.sh
#
# `npm ci` runs when node_modules/axe-core is missing or package-lock.json is newer than the last
# install (npm writes node_modules/.package-lock.json at the end of each). Without npm: as root,
# Debian's nodejs and npm are apt-installed first; otherwise a note, and those tests skip saying so.
# A failing `npm ci` (registry unreachable) fails the command: CI must not skip them silently.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
stamp=node_modules/.package-lock.json
if [ -f node_modules/axe-core/axe.min.js ] && [ -f "$stamp" ] && ! [ package-lock.json -nt "$stamp" ]; then
	exit 0
fi
if ! command -v npm >/dev/null; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
	else
		echo "note: npm missing and not root; the accessibility tests (axe-core) will be skipped" >&2
		exit 0
	fi
fi
echo "npm ci: axe-core for the accessibility tests" >&2
npm ci --no-audit --no-fund --loglevel=error >&2

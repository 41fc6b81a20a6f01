#!/usr/bin/env bash
# Start MariaDB and the two Redis servers (127.0.0.1 only) unless they answer already. Plain
# background processes: these machines have no systemd, and a restart leaves nothing running.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$HERE/env.sh"
mkdir -p "$LOGS"
if ! mysqladmin ping >/dev/null 2>&1; then
	mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
	nohup mysqld_safe >"$LOGS/mysqld_safe.log" 2>&1 </dev/null &
	for _ in $(seq 60); do mysqladmin ping >/dev/null 2>&1 && break; sleep 1; done
	mysqladmin ping >/dev/null 2>&1 || { echo "MariaDB did not start: $LOGS/mysqld_safe.log" >&2; exit 1; }
fi
for p in "$REDIS_CACHE_PORT" "$REDIS_QUEUE_PORT"; do
	redis-cli -p "$p" ping >/dev/null 2>&1 || redis-server --port "$p" --bind 127.0.0.1 --daemonize yes --save '' \
		--appendonly no --logfile "$LOGS/redis-$p.log" --pidfile "$LOGS/redis-$p.pid"
done
for _ in $(seq 20); do redis-cli -p "$REDIS_QUEUE_PORT" ping >/dev/null 2>&1 && break; sleep 0.5; done

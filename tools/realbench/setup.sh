#!/usr/bin/env bash
# Build a real Frappe v15 + ERPNext v15 bench on MariaDB and install this app on a site.
#
#   sudo bash tools/realbench/setup.sh     # from the project root; re-running skips what is there
#
# Frappe and ERPNext come from WMS_BENCH_SOURCES (a .tar.gz, or a folder, holding apps/frappe and
# apps/erpnext) or, when it is unset, from GitHub's version-15 branches as `bench init` would take
# them. MariaDB and Redis come from Debian, the bench CLI from PyPI. Everything lives under
# WMS_BENCH_ROOT (default /tmp/wms-realbench). The app is copied from this working tree (committed
# or not) on every run, so the site always runs the code you are looking at.
#
# Steps (each skipped when its result exists):
#   1. apt: mariadb, redis, build deps, chromium (browser tests); yarn via npm
#   2. MariaDB (mysqld_safe, no systemd), utf8mb4, 127.0.0.1 only, root password
#   3. two redis-server instances on 127.0.0.1 (cache, queue)
#   4. a non-root user: bench refuses to run as root
#   5. frappe + erpnext sources; frappe's gunicorn pin (a GitHub commit) -> PyPI gunicorn
#   6. bench CLI (PyPI frappe-bench) + uv in a tools venv
#   7. bench init / get-app erpnext with a do-nothing yarn (frappe's package.json needs GitHub)
#   8. the app copied in and pip-installed with its dev requirements; setuptools<81 (dropbox needs
#      pkg_resources)
#   9. the site: new-site, install-app erpnext, install-app wms_module (offline: see
#      install_app_offline.py), migrate, allow_tests
#      (WMS_FRESH_SITE=1 drops the site first: .ci/run starts from a new site every time)
#  10. desk assets: the registry's air-datepicker 2.2.3 for frappe's GitHub fork, yarn, bench build
#      (WMS_SKIP_ASSETS=1 skips it: then /app pages cannot render)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
APP_SRC="$(cd "$HERE/../.." && pwd)"
# shellcheck source=env.sh
. "$HERE/env.sh"

mkdir -p "$RB_ROOT" "$SRC" "$LOGS" "$TOOLS_DIR"
chmod 755 "$RB_ROOT"
T0=$(date +%s)
step() { echo "=== [$(($(date +%s) - T0))s] $*"; }

# ----------------------------------------------------------------------------- 1. packages
step "1. Debian packages"
need=()
command -v mariadbd >/dev/null || need+=(mariadb-server mariadb-client libmariadb-dev pkg-config)
command -v redis-server >/dev/null || need+=(redis-server)
command -v node >/dev/null || need+=(nodejs npm)
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v runuser >/dev/null || need+=(util-linux)
if [ ${#need[@]} -gt 0 ]; then
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
command -v yarn >/dev/null || npm i -g -s yarn >/dev/null

# ----------------------------------------------------------------------------- 2./3. services
step "2. MariaDB + 3. Redis"
cat >/etc/mysql/mariadb.conf.d/99-wms-realbench.cnf <<'EOF'
[mysqld]
character-set-client-handshake = FALSE
character-set-server = utf8mb4
collation-server = utf8mb4_unicode_ci
bind-address = 127.0.0.1
innodb_buffer_pool_size = 1G
innodb_flush_log_at_trx_commit = 2
skip-log-bin

[mysql]
default-character-set = utf8mb4
EOF
bash "$HERE/services.sh"
if ! mysql -u"$DB_ROOT_USER" -p"$DB_ROOT_PW" -h127.0.0.1 -e "select 1" >/dev/null 2>&1; then
	mysql -uroot -e "ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD('$DB_ROOT_PW') OR unix_socket; FLUSH PRIVILEGES;"
fi

# ----------------------------------------------------------------------------- 4. user
step "4. bench user $BENCH_USER"
id "$BENCH_USER" >/dev/null 2>&1 || useradd -m -s /bin/bash "$BENCH_USER"
mkdir -p "$HOME_DIR" "$SHIMS"
chown "$BENCH_USER:$BENCH_USER" "$HOME_DIR" "$SHIMS" "$LOGS" "$TOOLS_DIR"

# ----------------------------------------------------------------------------- 5. sources
step "5. frappe + erpnext from ${WMS_BENCH_SOURCES:-GitHub version-15}"
if [ ! -d "$SRC/frappe-git/.git" ] || [ ! -d "$SRC/erpnext-git/.git" ]; then
	rm -rf "$SRC/apps" "$SRC/frappe-git" "$SRC/erpnext-git"
	if [ -z "${WMS_BENCH_SOURCES:-}" ]; then
		for a in frappe erpnext; do
			git clone -q --depth 1 --branch version-15 "https://github.com/frappe/$a" "$SRC/$a-git"
		done
	else
		if [ -d "$WMS_BENCH_SOURCES" ]; then
			mkdir -p "$SRC/apps" && cp -a "$WMS_BENCH_SOURCES/apps/frappe" "$WMS_BENCH_SOURCES/apps/erpnext" "$SRC/apps/"
		else
			tar -xzf "$WMS_BENCH_SOURCES" -C "$SRC"
		fi
		for a in frappe erpnext; do
			mv "$SRC/apps/$a" "$SRC/$a-git"
			rm -rf "$SRC/$a-git/.git"
			(cd "$SRC/$a-git" && git init -q -b version-15 && git add -A &&
				git -c user.email=realbench@localhost -c user.name=realbench commit -qm "$a from $WMS_BENCH_SOURCES")
		done
	fi
	# frappe pins gunicorn to a commit of its GitHub fork; PyPI's gunicorn serves the same WSGI app
	sed -i 's|"gunicorn @ git+https://github.com/frappe/gunicorn@[0-9a-f]*"|"gunicorn>=22,<24"|' "$SRC/frappe-git/pyproject.toml"
	(cd "$SRC/frappe-git" && git -c user.email=realbench@localhost -c user.name=realbench commit -qam "gunicorn from PyPI" || true)
fi
chown -R "$BENCH_USER:$BENCH_USER" "$SRC"

# ----------------------------------------------------------------------------- 6. bench CLI
step "6. bench CLI + uv"
[ -x "$TOOLS/bin/bench" ] || as_user "$PYTHON -m venv $TOOLS && $TOOLS/bin/pip install -q frappe-bench uv"

# yarn shim for bench init / get-app: frappe's package.json takes air-datepicker from GitHub
cat >"$SHIMS/yarn" <<'EOF'
#!/bin/bash
echo "[wms realbench yarn shim] skipped: yarn $*" >&2
exit 0
EOF
chmod 755 "$SHIMS/yarn"
chown "$BENCH_USER:$BENCH_USER" "$SHIMS/yarn"

# ----------------------------------------------------------------------------- 7. bench init
step "7. bench init + get-app erpnext"
if [ ! -f "$BENCH/apps/frappe/pyproject.toml" ]; then
	rm -rf "$BENCH"
	EXTRA_PATH="$SHIMS" as_user "cd $HOME_DIR && bench init --frappe-path $SRC/frappe-git --frappe-branch version-15 \
		--python $PYTHON --skip-redis-config-generation --skip-assets --no-backups frappe-bench" >"$LOGS/bench-init.log" 2>&1 ||
		{ tail -30 "$LOGS/bench-init.log"; exit 1; }
	as_user "cd $BENCH && bench set-config -g redis_cache redis://127.0.0.1:$REDIS_CACHE_PORT && \
		bench set-config -g redis_queue redis://127.0.0.1:$REDIS_QUEUE_PORT && \
		bench set-config -g redis_socketio redis://127.0.0.1:$REDIS_QUEUE_PORT"
fi
if [ ! -d "$BENCH/apps/erpnext" ]; then
	EXTRA_PATH="$SHIMS" as_user "cd $BENCH && bench get-app --branch version-15 --skip-assets $SRC/erpnext-git" \
		>"$LOGS/get-app-erpnext.log" 2>&1 || { tail -30 "$LOGS/get-app-erpnext.log"; exit 1; }
fi

# ----------------------------------------------------------------------------- 8. the app
step "8. wms_module from $APP_SRC"
bash "$HERE/sync_app.sh"
if [ ! -f "$LOGS/.dev-requirements-installed" ] || [ "$APP_SRC/requirements-dev.txt" -nt "$LOGS/.dev-requirements-installed" ]; then
	as_user "cd $BENCH && uv pip install -q 'setuptools<81' --python env/bin/python && \
		uv pip freeze --python env/bin/python | grep -v -e '^-e' -e '@ file' > $LOGS/frozen-before-dev.txt && \
		uv pip install -q -e apps/wms_module -r apps/wms_module/requirements-dev.txt -c $LOGS/frozen-before-dev.txt \
		--python env/bin/python"
	touch "$LOGS/.dev-requirements-installed"
fi
grep -qx wms_module "$BENCH/sites/apps.txt" || printf 'frappe\nerpnext\nwms_module\n' >"$BENCH/sites/apps.txt"
chown "$BENCH_USER:$BENCH_USER" "$BENCH/sites/apps.txt"

# ----------------------------------------------------------------------------- 9. the site
step "9. site $SITE"
cp "$HERE"/*.py "$TOOLS_DIR/" && chmod 644 "$TOOLS_DIR"/*.py
if [ "${WMS_FRESH_SITE:-0}" = 1 ] && [ -f "$BENCH/sites/$SITE/site_config.json" ]; then
	# CI starts every run from a new site: no data left over from an earlier run
	as_user "cd $BENCH && bench drop-site $SITE --force --no-backup --db-root-username $DB_ROOT_USER \
		--db-root-password $DB_ROOT_PW" >"$LOGS/drop-site.log" 2>&1 || { tail -30 "$LOGS/drop-site.log"; exit 1; }
	rm -rf "$BENCH/archived"
fi
if [ ! -f "$BENCH/sites/$SITE/site_config.json" ]; then
	as_user "cd $BENCH && bench new-site $SITE --db-root-username $DB_ROOT_USER --db-root-password $DB_ROOT_PW \
		--admin-password $ADMIN_PW" >"$LOGS/new-site.log" 2>&1 || { tail -30 "$LOGS/new-site.log"; exit 1; }
fi
installed=$(as_user "cd $BENCH && bench --site $SITE list-apps 2>/dev/null" || true)
if ! echo "$installed" | grep -q '^erpnext'; then
	as_user "cd $BENCH && bench --site $SITE install-app erpnext" >"$LOGS/install-erpnext.log" 2>&1 ||
		{ tail -30 "$LOGS/install-erpnext.log"; exit 1; }
fi
if ! echo "$installed" | grep -q '^wms_module'; then
	as_user "cd $BENCH/sites && ../env/bin/python $TOOLS_DIR/install_app_offline.py $SITE wms_module" \
		>"$LOGS/install-wms.log" 2>&1 || { tail -30 "$LOGS/install-wms.log"; exit 1; }
fi
bash "$HERE/migrate_if_changed.sh"
# throttle_user_limit: Frappe refuses a 61st User made within an hour ("Throttled",
# frappe/core/doctype/user/user.py throttle_user_creation); the suite makes unique users for its
# HTTP and browser tests, so a second run within the hour would hit it on this test site.
as_user "cd $BENCH && bench --site $SITE set-config allow_tests true && bench --site $SITE set-config host_name http://$SITE:$WMS_SITE_PORT \
	&& bench --site $SITE set-config -p throttle_user_limit 100000"
grep -q " $SITE\$" /etc/hosts || echo "127.0.0.1 $SITE" >>/etc/hosts

# ----------------------------------------------------------------------------- 10. desk assets
if [ "${WMS_SKIP_ASSETS:-0}" != 1 ] && [ ! -f "$BENCH/sites/assets/assets.json" ]; then
	step "10. desk assets (yarn install + bench build)"
	sed -i 's|"air-datepicker": "github:frappe/air-datepicker"|"air-datepicker": "2.2.3"|' "$BENCH/apps/frappe/package.json"
	for a in frappe erpnext; do
		as_user "cd $BENCH/apps/$a && yarn install --network-timeout 600000" >"$LOGS/yarn-$a.log" 2>&1 ||
			{ tail -30 "$LOGS/yarn-$a.log"; exit 1; }
	done
	as_user "cd $BENCH && bench build" >"$LOGS/bench-build.log" 2>&1 || { tail -30 "$LOGS/bench-build.log"; exit 1; }
	[ -f "$BENCH/sites/assets/assets.json" ] || { echo "desk assets missing after bench build" >&2; exit 1; }
fi
# the app's own public/ (plain JS and CSS, no bundle): a link, as `bench build` makes it
as_user "mkdir -p $BENCH/sites/assets && ln -sfn $BENCH/apps/wms_module/wms_module/public $BENCH/sites/assets/wms_module"

step "done: bench $BENCH, site $SITE (Administrator / $ADMIN_PW)"

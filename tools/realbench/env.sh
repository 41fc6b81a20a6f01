# Shared settings of the real-bench scripts (sourced, not run). Every value can be set from outside.
RB_ROOT="${WMS_BENCH_ROOT:-/tmp/wms-realbench}"
SITE="${WMS_SITE:-wms.localhost}"
WMS_SITE_PORT="${WMS_SITE_PORT:-8200}"
DB_ROOT_USER="${WMS_DB_ROOT_USER:-root}"
DB_ROOT_PW="${WMS_DB_ROOT_PW:-root}"
ADMIN_PW="${WMS_ADMIN_PW:-admin}"
BENCH_USER="${WMS_BENCH_USER:-frappe}"
# Debian's python3 (3.11): a pyenv under /root is unreadable for the bench user
PYTHON="${WMS_BENCH_PYTHON:-/usr/bin/python3}"
REDIS_CACHE_PORT="${WMS_REDIS_CACHE_PORT:-13000}"
REDIS_QUEUE_PORT="${WMS_REDIS_QUEUE_PORT:-11000}"
CA_BUNDLE="${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"

SRC="$RB_ROOT/src"
HOME_DIR="$RB_ROOT/bench-home"
BENCH="$HOME_DIR/frappe-bench"
TOOLS="$HOME_DIR/tools-venv"
SHIMS="$HOME_DIR/shims"
LOGS="$RB_ROOT/logs"
TOOLS_DIR="$RB_ROOT/tools"

# Run a command as the bench user with a clean environment (root's PATH has entries that user
# cannot read; uv and yarn need the machine's CA bundle for the registry proxy). Extra variables
# to pass: AS_USER_ENV="NAME=value ...".
as_user() {
	# shellcheck disable=SC2086
	runuser -u "$BENCH_USER" -- env -i HOME="/home/$BENCH_USER" USER="$BENCH_USER" LANG=C.UTF-8 LC_ALL=C.UTF-8 \
		SSL_CERT_FILE="$CA_BUNDLE" SSL_CERT_DIR=/etc/ssl/certs REQUESTS_CA_BUNDLE="$CA_BUNDLE" PIP_CERT="$CA_BUNDLE" \
		CURL_CA_BUNDLE="$CA_BUNDLE" NODE_EXTRA_CA_CERTS="$CA_BUNDLE" GIT_SSL_CAINFO="$CA_BUNDLE" \
		UV_NATIVE_TLS=1 UV_SYSTEM_CERTS=1 PIP_DEFAULT_TIMEOUT=180 PIP_DISABLE_PIP_VERSION_CHECK=1 \
		PATH="${EXTRA_PATH:+$EXTRA_PATH:}$TOOLS/bin:/usr/local/bin:/usr/bin:/bin" ${AS_USER_ENV:-} bash -c "$*"
}

#!/usr/bin/env bash
# Bring the built bench up to date before using it: MariaDB and Redis running, this working tree
# copied into apps/wms_module, the site migrated if the app's schema changed, helpers in place.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$HERE/env.sh"
bash "$HERE/services.sh"
bash "$HERE/sync_app.sh"
bash "$HERE/migrate_if_changed.sh"
cp "$HERE"/*.py "$TOOLS_DIR/" && chmod 644 "$TOOLS_DIR"/*.py

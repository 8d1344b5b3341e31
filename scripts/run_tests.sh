#!/usr/bin/env bash
# The test command of b2b_helpdesk (README: "Run the tests").
#
# Engine tests run anywhere. When a Frappe bench is found (B2B_BENCH, default
# ~/frappe-bench), this script also:
#   1. starts MariaDB and the bench's Redis servers if they are not running;
#   2. points the bench's apps/b2b_helpdesk at this checkout (and back afterwards);
#   3. creates the dedicated test site B2B_TEST_SITE (default b2b-test.localhost)
#      with ERPNext if it is missing - a demo or production site is never touched;
#   4. installs b2b_helpdesk into that site if needed and migrates it;
#   5. serves the test site on 127.0.0.1:8000 (B2B_TEST_PORT) while the tests run (wkhtmltopdf fetches the print
#      styles from the site when an act is printed to PDF; the site's host_name says so), unless
#      something already serves it;
#   6. runs pytest with the bench's Python, integration tests included.
# B2B_REQUIRE_BENCH=1 turns a missing bench into a failure. DB_ROOT_PASSWORD is MariaDB's root
# password for creating the test site (default: the bench's root_password, else "root").
# It installs only this app into an existing bench; it never builds a bench.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=${B2B_BENCH:-$HOME/frappe-bench}
SITE=${B2B_TEST_SITE:-b2b-test.localhost}
PORT=${B2B_TEST_PORT:-8000}
PY="$BENCH/env/bin/python"
APP_LINK="$BENCH/apps/b2b_helpdesk"

say() { printf '[run_tests] %s\n' "$*"; }

engine_only() {
	if [ "${B2B_REQUIRE_BENCH:-0}" = "1" ]; then
		say "FAIL: no Frappe bench at $BENCH and B2B_REQUIRE_BENCH=1"
		exit 1
	fi
	say "!!!!! no Frappe bench at $BENCH: engine tests only, INTEGRATION TESTS SKIPPED !!!!!"
	python3 -c "import pytest, hypothesis" 2>/dev/null || python3 -m pip install -q pytest hypothesis
	cd "$REPO"
	unset B2B_TEST_SITE
	exec python3 -m pytest tests "$@"
}

[ -x "$PY" ] && [ -d "$BENCH/apps/frappe" ] && [ -d "$BENCH/apps/erpnext" ] || engine_only "$@"
export B2B_BENCH="$BENCH" B2B_TEST_SITE="$SITE"
# where the HTTP and browser tests find the served site
export B2B_SITE_URL=${B2B_SITE_URL:-http://$SITE:$PORT} B2B_TEST_URL=${B2B_TEST_URL:-http://$SITE:$PORT}

frappe_cli() { (cd "$BENCH/sites" && "$PY" -m frappe.utils.bench_helper frappe "$@"); }

start_mariadb() {
	if mysqladmin ping --silent >/dev/null 2>&1; then return; fi
	say "starting MariaDB"
	service mariadb start >/dev/null 2>&1 || service mysql start >/dev/null 2>&1 || (mysqld_safe >/dev/null 2>&1 &)
	for _ in $(seq 60); do
		mysqladmin ping --silent >/dev/null 2>&1 && return
		sleep 1
	done
	say "FAIL: MariaDB did not start"
	exit 1
}

start_redis() {
	local conf port
	for conf in "$BENCH"/config/redis_*.conf; do
		[ -f "$conf" ] || continue
		port=$(awk '$1 == "port" {print $2}' "$conf")
		if ! redis-cli -p "$port" ping >/dev/null 2>&1; then
			say "starting Redis from $(basename "$conf") on port $port"
			(cd "$BENCH" && redis-server "$conf" --daemonize yes >/dev/null)
		fi
	done
}

PREVIOUS=""
link_checkout() {
	if [ -L "$APP_LINK" ]; then
		PREVIOUS="link:$(readlink "$APP_LINK")"
	elif [ -e "$APP_LINK" ]; then
		PREVIOUS="dir:$APP_LINK.saved-by-run-tests"
		mv "$APP_LINK" "$APP_LINK.saved-by-run-tests"
	fi
	ln -sfn "$REPO" "$APP_LINK"
	trap restore_link EXIT
	grep -qx "b2b_helpdesk" "$BENCH/sites/apps.txt" || printf '\nb2b_helpdesk\n' >>"$BENCH/sites/apps.txt"
	sed -i '/^$/d' "$BENCH/sites/apps.txt"
	if ! (cd /tmp && "$PY" -c "import b2b_helpdesk" 2>/dev/null); then
		say "installing b2b_helpdesk into the bench's Python (editable, from $APP_LINK)"
		"$PY" -m pip install -q --no-build-isolation --config-settings editable_mode=compat -e "$APP_LINK"
	fi
	# pip records the editable path resolved through the symlink; point it back at apps/b2b_helpdesk
	# (as for frappe and erpnext) so that relinking the app switches what the bench imports
	local purelib pth imported
	purelib=$("$PY" -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")
	for pth in "$purelib"/__editable__.b2b_helpdesk-*.pth; do
		if [ -f "$pth" ]; then printf '%s\n' "$APP_LINK" >"$pth"; fi
	done
	imported=$(cd /tmp && "$PY" -c "import b2b_helpdesk, os; print(os.path.realpath(b2b_helpdesk.__file__))")
	case "$imported" in
	"$(realpath "$REPO")"/*) ;;
	*) say "FAIL: the bench imports b2b_helpdesk from $imported, not from this checkout"; exit 1 ;;
	esac
}

restore_link() {
	case "$PREVIOUS" in
	link:*) ln -sfn "${PREVIOUS#link:}" "$APP_LINK" ;;
	dir:*) rm -f "$APP_LINK" && mv "${PREVIOUS#dir:}" "$APP_LINK" ;;
	*) ;; # nothing was there before: the bench keeps this checkout linked
	esac
}

prepare_site() {
	if [ ! -f "$BENCH/sites/$SITE/site_config.json" ]; then
		say "creating the test site $SITE with ERPNext (a few minutes, once)"
		# MariaDB's root password: DB_ROOT_PASSWORD, else the bench's own root_password, else "root"
		# (what scripts/bootstrap.sh sets on a fresh MariaDB); never a prompt
		local root_args=()
		if [ -n "${DB_ROOT_PASSWORD:-}" ]; then
			root_args=(--db-root-username root --db-root-password "$DB_ROOT_PASSWORD")
		elif ! grep -q '"root_password"' "$BENCH/sites/common_site_config.json" 2>/dev/null; then
			root_args=(--db-root-username root --db-root-password root)
		fi
		if ! frappe_cli new-site "$SITE" --admin-password admin --install-app erpnext --no-mariadb-socket \
			"${root_args[@]}" </dev/null >/dev/null; then
			rm -rf "${BENCH:?}/sites/$SITE"  # a half-made site would be taken for a ready one next time
			say "FAIL: could not create $SITE (MariaDB's root password? set DB_ROOT_PASSWORD)"
			exit 1
		fi
	fi
	if ! frappe_cli --site "$SITE" list-apps 2>/dev/null | grep -q "^b2b_helpdesk"; then
		say "installing b2b_helpdesk into $SITE"
		frappe_cli --site "$SITE" install-app b2b_helpdesk --force  # --force: finish an install that stopped half-way
	fi
	say "migrating $SITE"
	frappe_cli --site "$SITE" migrate >/dev/null
	# the site's own URL is where this script serves it (wkhtmltopdf loads the print styles from
	# there), not the bench's webserver_port, which a bench built with another port would give
	frappe_cli --site "$SITE" set-config host_name "http://$SITE:$PORT" >/dev/null
}

WEB_PID=""
serve_site() {
	local port=$PORT
	if curl -sf -o /dev/null -H "Host: $SITE" "http://127.0.0.1:$port/api/method/ping"; then return; fi
	# the site's own URL (http://SITE:PORT) must reach this machine
	getent hosts "$SITE" >/dev/null || printf '127.0.0.1 %s\n' "$SITE" >>/etc/hosts
	say "serving $SITE on port $port for the PDF tests"
	(cd "$BENCH/sites" && exec "$PY" -m frappe.utils.bench_helper frappe --site "$SITE" serve --port "$port" --noreload \
		>"${TMPDIR:-/tmp}/b2b-test-web.log" 2>&1) &
	WEB_PID=$!
	for _ in $(seq 60); do
		curl -s -o /dev/null "http://127.0.0.1:$port/api/method/ping" && return
		sleep 1
	done
	say "FAIL: the test site did not come up on port $port"
	exit 1
}

cleanup() {
	[ -n "$WEB_PID" ] && kill "$WEB_PID" 2>/dev/null
	restore_link
}

start_mariadb
start_redis
link_checkout
trap cleanup EXIT
prepare_site
serve_site
"$PY" -c "import pytest, hypothesis, freezegun, selenium" 2>/dev/null || "$PY" -m pip install -q pytest hypothesis freezegun selenium
cd "$REPO"
say "running pytest with $PY on site $SITE"
"$PY" -m pytest tests "$@"

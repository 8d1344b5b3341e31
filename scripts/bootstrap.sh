#!/usr/bin/env bash
# From a bare Debian/Ubuntu machine to a running b2b_helpdesk service desk, with the standard bench
# commands: the system packages Frappe needs, a bench (`bench init`), ERPNext and this app
# (`bench get-app`), a site with both installed, the scheduler on, the demo data, and the bench
# started. A second run finds every step done and only starts the bench.
#
#   scripts/bootstrap.sh            # everything, then prints the URL and the logins
#   scripts/bootstrap.sh --plan     # what is done and what is left, changing nothing
#   scripts/bootstrap.sh --help
#
# Settings (environment; a git URL or a local git repository for the *_REPO ones):
#   FRAPPE_REPO     https://github.com/frappe/frappe      FRAPPE_BRANCH   version-15
#   ERPNEXT_REPO    https://github.com/frappe/erpnext     ERPNEXT_BRANCH  version-15
#   APP_REPO        this checkout                          APP_BRANCH      its current branch
#   BENCH_DIR       ~/frappe-bench                         SITE_NAME       helpdesk.localhost
#   WEB_PORT        8000 (the next free port if taken)    ADMIN_PASSWORD  admin
#   DB_ROOT_PASSWORD  MariaDB's root password (set on a fresh MariaDB; default "root")
#   PYTHON          python3.11 or python3.10 (Frappe 15 needs one of them)
#   UV_CONSTRAINT / PIP_CONSTRAINT are passed through to bench (pins for today's PyPI).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CHECKOUT=$(cd "$SCRIPT_DIR/.." && pwd)

FRAPPE_REPO=${FRAPPE_REPO:-https://github.com/frappe/frappe}
FRAPPE_BRANCH=${FRAPPE_BRANCH:-version-15}
ERPNEXT_REPO=${ERPNEXT_REPO:-https://github.com/frappe/erpnext}
ERPNEXT_BRANCH=${ERPNEXT_BRANCH:-version-15}
APP_REPO=${APP_REPO:-$CHECKOUT}
APP_BRANCH=${APP_BRANCH:-}
BENCH_DIR=${BENCH_DIR:-$HOME/frappe-bench}
SITE_NAME=${SITE_NAME:-helpdesk.localhost}
WEB_PORT=${WEB_PORT:-8000}
ADMIN_PASSWORD=${ADMIN_PASSWORD:-admin}
DB_ROOT_PASSWORD=${DB_ROOT_PASSWORD:-root}
PYTHON=${PYTHON:-}
PLAN=0 START=1 DEMO=1

say() { printf '[bootstrap] %s\n' "$*"; }
die() { printf '[bootstrap] ERROR: %s\n' "$*" >&2; exit 1; }

usage() {
	sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
	cat <<'EOF'
Options:
  --plan           print each step as done / to do and change nothing
  --bench DIR      the bench directory (BENCH_DIR)
  --site NAME      the site name (SITE_NAME)
  --port N         the web port (WEB_PORT)
  --no-demo        do not load the demo data
  --no-start       set everything up but do not start the bench
  -h, --help       this text
EOF
}

parse_args() {
	while [ $# -gt 0 ]; do
		case "$1" in
		--plan) PLAN=1 ;;
		--no-demo) DEMO=0 ;;
		--no-start) START=0 ;;
		--bench | --site | --port)
			[ $# -ge 2 ] && [ -n "$2" ] && [ "${2#--}" = "$2" ] || { echo "bootstrap: $1 needs a value" >&2; exit 2; }
			case "$1" in
			--bench) BENCH_DIR=$2 ;;
			--site) SITE_NAME=$2 ;;
			--port) WEB_PORT=$2 ;;
			esac
			shift
			;;
		-h | --help) usage; exit 0 ;;
		*) echo "bootstrap: unknown option '$1' (see --help)" >&2; exit 2 ;;
		esac
		shift
	done
	case "$WEB_PORT" in '' | *[!0-9]*) echo "bootstrap: the port must be a number, not '$WEB_PORT'" >&2; exit 2 ;; esac
	[[ "$SITE_NAME" =~ ^[A-Za-z0-9][A-Za-z0-9.-]*$ ]] || { echo "bootstrap: '$SITE_NAME' is not a site name (letters, digits, dots, dashes)" >&2; exit 2; }
	case "$BENCH_DIR" in /*) ;; *) BENCH_DIR=$(pwd)/$BENCH_DIR ;; esac
}

# --- what is there -------------------------------------------------------------------------------
missing_packages() {
	local cmd pkg
	for pair in git:git mariadb:mariadb-server redis-server:redis-server wkhtmltopdf:wkhtmltopdf \
		node:nodejs pkg-config:pkg-config; do
		cmd=${pair%%:*} pkg=${pair#*:}
		command -v "$cmd" >/dev/null 2>&1 || printf '%s ' "$pkg"
	done
	[ -n "$(find_python)" ] || printf 'python3.11 '
}
find_python() {
	local p
	for p in $PYTHON python3.11 python3.10; do
		[ -n "$p" ] && command -v "$p" >/dev/null 2>&1 && "$p" -c 'import sys; sys.exit(sys.version_info[:2] not in ((3, 10), (3, 11)))' 2>/dev/null &&
			{ echo "$p"; return; }
	done
}
bench_is_built() { [ -x "$BENCH_DIR/env/bin/python" ] && [ -d "$BENCH_DIR/apps/frappe" ] && [ -f "$BENCH_DIR/sites/apps.txt" ]; }
has_app() { [ -d "$BENCH_DIR/apps/$1" ] && grep -qx "$1" "$BENCH_DIR/sites/apps.txt" 2>/dev/null; }
site_exists() { [ -f "$BENCH_DIR/sites/$SITE_NAME/site_config.json" ]; }
site_has_app() { site_exists && (cd "$BENCH_DIR" && bench --site "$SITE_NAME" list-apps 2>/dev/null) | grep -q "^$1\b"; }
db_ready() { mysqladmin ping --silent >/dev/null 2>&1 && mysql -uroot -p"$DB_ROOT_PASSWORD" -e 'SELECT 1' >/dev/null 2>&1; }
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
serving() { curl -fsS -o /dev/null -m 5 -H "Host: $SITE_NAME" "http://127.0.0.1:$WEB_PORT/api/method/ping" 2>/dev/null; }

# A bench directory that is there but is not a bench (or is someone's half-built one) is never reused.
guard_bench_dir() {
	if [ -e "$BENCH_DIR" ] && ! bench_is_built; then
		[ -d "$BENCH_DIR" ] || die "$BENCH_DIR exists and is not a directory"
		[ -z "$(ls -A "$BENCH_DIR")" ] ||
			die "$BENCH_DIR exists but is not a finished bench (no env/bin/python, apps/frappe, sites/apps.txt): move it away or name another one with --bench"
	fi
}

plan() {
	local m
	m=$(missing_packages)
	step() { printf '  %-8s %s\n' "$1" "$2"; }
	say "plan for $BENCH_DIR, site $SITE_NAME, port $WEB_PORT"
	if [ -z "$m" ]; then step done "system packages"; else step "to do" "system packages: $m"; fi
	if db_ready; then step done "MariaDB running, root password works"; else step "to do" "MariaDB: start / set the root password"; fi
	if command -v bench >/dev/null 2>&1; then step done "bench CLI"; else step "to do" "bench CLI (pip install frappe-bench)"; fi
	if bench_is_built; then step done "bench init"; else step "to do" "bench init ($FRAPPE_REPO, $FRAPPE_BRANCH)"; fi
	if has_app erpnext; then step done "get-app erpnext"; else step "to do" "get-app erpnext ($ERPNEXT_REPO, $ERPNEXT_BRANCH)"; fi
	if has_app b2b_helpdesk; then step done "get-app b2b_helpdesk"; else step "to do" "get-app b2b_helpdesk ($APP_REPO)"; fi
	if site_exists; then step done "new-site $SITE_NAME"; else step "to do" "new-site $SITE_NAME with erpnext and b2b_helpdesk"; fi
	if [ "$DEMO" = 1 ]; then step "-" "demo data (the demo itself skips a site that has it)"; fi
	if [ "$START" = 1 ]; then
		if bench_is_built && serving; then step done "serving http://$SITE_NAME:$WEB_PORT"; else step "to do" "start the bench"; fi
	fi
}

# --- the steps -----------------------------------------------------------------------------------
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else die "run as root or install sudo: $*"; fi; }

install_packages() {
	local m
	m=$(missing_packages)
	[ -z "$m" ] && { say "system packages: all there"; return; }
	command -v apt-get >/dev/null 2>&1 || die "missing: $m — install them (this script knows apt-get only)"
	say "installing: $m"
	as_root apt-get update -qq
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq git curl mariadb-server mariadb-client \
		libmariadb-dev redis-server wkhtmltopdf xvfb fontconfig nodejs npm pkg-config python3-dev python3-venv python3-pip cron >/dev/null
	[ -n "$(find_python)" ] || die "Frappe 15 needs Python 3.10 or 3.11 (set PYTHON); this system has $(python3 --version 2>&1)"
}

setup_node() {
	command -v yarn >/dev/null 2>&1 && return
	say "installing yarn"
	as_root npm install -g yarn >/dev/null
}

setup_mariadb() {
	local cnf=/etc/mysql/mariadb.conf.d/90-frappe.cnf
	if [ -d /etc/mysql/mariadb.conf.d ] && [ ! -f "$cnf" ]; then
		say "MariaDB: utf8mb4 for Frappe ($cnf)"
		printf '[mysqld]\ncharacter-set-client-handshake = FALSE\ncharacter-set-server = utf8mb4\ncollation-server = utf8mb4_unicode_ci\n\n[mysql]\ndefault-character-set = utf8mb4\n' |
			as_root tee "$cnf" >/dev/null
		mysqladmin ping --silent >/dev/null 2>&1 && as_root service mariadb restart >/dev/null
	fi
	if ! mysqladmin ping --silent >/dev/null 2>&1; then
		say "starting MariaDB"
		as_root service mariadb start >/dev/null 2>&1 || as_root service mysql start >/dev/null 2>&1 || true
		for _ in $(seq 30); do mysqladmin ping --silent >/dev/null 2>&1 && break; sleep 1; done
	fi
	mysqladmin ping --silent >/dev/null 2>&1 || die "MariaDB does not start"
	if ! mysql -uroot -p"$DB_ROOT_PASSWORD" -e 'SELECT 1' >/dev/null 2>&1; then
		as_root mysql -uroot -e "ALTER USER 'root'@'localhost' IDENTIFIED BY '$DB_ROOT_PASSWORD'; FLUSH PRIVILEGES;" 2>/dev/null ||
			die "MariaDB's root password is not DB_ROOT_PASSWORD and root cannot sign in by socket: set DB_ROOT_PASSWORD"
		say "MariaDB: root password set"
	fi
}

setup_bench_cli() {
	command -v bench >/dev/null 2>&1 && return
	say "installing the bench CLI"
	"$(find_python)" -m pip install --quiet --user frappe-bench 2>/dev/null ||
		"$(find_python)" -m pip install --quiet --user --break-system-packages frappe-bench
	export PATH="$HOME/.local/bin:$PATH"
	command -v bench >/dev/null 2>&1 || die "bench CLI not found after installing it"
}

free_port() { local p=$1; while port_busy "$p"; do p=$((p + 1)); done; echo "$p"; }

init_bench() {
	bench_is_built && { say "bench: $BENCH_DIR is there"; return; }
	local from cache queue
	# another bench on this machine may hold Redis's usual ports: this one gets its own
	cache=$(free_port 13000) queue=$(free_port 11000)
	export FRAPPE_REDIS_CACHE=redis://127.0.0.1:$cache FRAPPE_REDIS_QUEUE=redis://127.0.0.1:$queue
	from=$(pwd)
	if [ "$(id -u)" = 0 ]; then
		# bench refuses root unless the sites/common_site_config.json it reads first names frappe_user
		from=$(mktemp -d)
		mkdir -p "$from/sites" && echo '{"frappe_user": "root"}' >"$from/sites/common_site_config.json"
	fi
	say "bench init $BENCH_DIR (frappe from $FRAPPE_REPO, $FRAPPE_BRANCH) — the longest step"
	mkdir -p "$(dirname "$BENCH_DIR")"
	(cd "$from" && bench init --frappe-path "$FRAPPE_REPO" --frappe-branch "$FRAPPE_BRANCH" \
		--python "$(find_python)" --no-backups "$BENCH_DIR")
	(cd "$BENCH_DIR" && bench set-redis-cache-host "127.0.0.1:$cache" && bench set-redis-socketio-host "127.0.0.1:$cache" &&
		bench set-redis-queue-host "127.0.0.1:$queue" && bench setup redis) >/dev/null
}

start_redis() {
	local conf port
	for conf in "$BENCH_DIR"/config/redis_*.conf; do
		port=$(awk '$1 == "port" {print $2}' "$conf")
		redis-cli -p "$port" ping >/dev/null 2>&1 || (cd "$BENCH_DIR/config" && redis-server "$conf" --daemonize yes >/dev/null)
	done
}

get_apps() {
	if has_app erpnext; then say "erpnext: there"; else
		say "bench get-app erpnext ($ERPNEXT_REPO, $ERPNEXT_BRANCH)"
		(cd "$BENCH_DIR" && bench get-app "$ERPNEXT_REPO" --branch "$ERPNEXT_BRANCH")
	fi
	if has_app b2b_helpdesk; then say "b2b_helpdesk: there"; else
		local branch=$APP_BRANCH
		[ -n "$branch" ] || ! [ -d "$APP_REPO/.git" ] || branch=$(git -C "$APP_REPO" symbolic-ref --short -q HEAD || true)
		say "bench get-app b2b_helpdesk ($APP_REPO${branch:+, $branch})"
		(cd "$BENCH_DIR" && bench get-app "$APP_REPO" ${branch:+--branch "$branch"})
	fi
}

make_site() {
	cd "$BENCH_DIR"
	if ! site_exists; then
		say "bench new-site $SITE_NAME with erpnext and b2b_helpdesk"
		bench new-site "$SITE_NAME" --db-root-username root --db-root-password "$DB_ROOT_PASSWORD" \
			--admin-password "$ADMIN_PASSWORD" --install-app erpnext --install-app b2b_helpdesk
	else
		site_has_app erpnext || bench --site "$SITE_NAME" install-app erpnext
		site_has_app b2b_helpdesk || bench --site "$SITE_NAME" install-app b2b_helpdesk
	fi
	bench --site "$SITE_NAME" enable-scheduler >/dev/null
	bench --site "$SITE_NAME" set-config host_name "http://$SITE_NAME:$WEB_PORT" >/dev/null
	bench use "$SITE_NAME" >/dev/null
	if [ -w /etc/hosts ] && ! grep -qw "$SITE_NAME" /etc/hosts; then echo "127.0.0.1 $SITE_NAME" >>/etc/hosts; fi
	if [ "$DEMO" = 1 ]; then
		say "demo data"
		bench --site "$SITE_NAME" execute b2b_helpdesk.demo.create
	fi
}

start_bench() {
	cd "$BENCH_DIR"
	if serving; then say "already serving on port $WEB_PORT"; return; fi
	if port_busy "$WEB_PORT"; then
		WEB_PORT=$(free_port "$WEB_PORT")
		say "port taken: using $WEB_PORT"
		bench --site "$SITE_NAME" set-config host_name "http://$SITE_NAME:$WEB_PORT" >/dev/null
	fi
	bench set-config -g -p webserver_port "$WEB_PORT" >/dev/null
	local sio
	sio=$(awk -F': ' '/"socketio_port"/ {gsub(/[ ,]/, "", $2); print $2}' sites/common_site_config.json)
	if [ -n "$sio" ] && port_busy "$sio"; then bench set-config -g -p socketio_port "$(free_port "$sio")" >/dev/null; fi
	printf 'y\n' | bench setup procfile >/dev/null  # the web process listens on webserver_port (it asks before overwriting)
	# `bench start` runs its own Redis servers (Procfile): the ones started for the setup make way
	local conf port
	for conf in config/redis_*.conf; do
		port=$(awk '$1 == "port" {print $2}' "$conf")
		redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
	done
	say "starting the bench (log: $BENCH_DIR/logs/bootstrap-start.log)"
	nohup bench start >logs/bootstrap-start.log 2>&1 &
	for _ in $(seq 120); do serving && return; sleep 2; done
	die "the bench did not answer on port $WEB_PORT within 4 minutes: see $BENCH_DIR/logs/bootstrap-start.log"
}

logins() {
	cat <<EOF

b2b_helpdesk is running: http://$SITE_NAME:$WEB_PORT  (or http://127.0.0.1:$WEB_PORT with Host $SITE_NAME)
  Administrator / $ADMIN_PASSWORD
EOF
	if [ "$DEMO" = 1 ]; then
		(cd "$BENCH_DIR" && bench --site "$SITE_NAME" execute b2b_helpdesk.demo.logins 2>/dev/null) ||
			echo "  (the demo users are listed in the README)"
	fi
	cat <<EOF
The scheduler is on (the breach monitor runs every 5 minutes). Stop: kill the 'bench start' processes;
start again: scripts/bootstrap.sh (it finds everything done).
Tests: scripts/run_tests.sh$([ "$BENCH_DIR" = "$HOME/frappe-bench" ] || echo " (with B2B_BENCH=$BENCH_DIR)")
EOF
}

main() {
	parse_args "$@"
	if [ "$PLAN" = 1 ]; then plan; exit 0; fi
	guard_bench_dir
	install_packages
	setup_node
	setup_mariadb
	setup_bench_cli
	init_bench
	start_redis
	get_apps
	make_site
	if [ "$START" = 1 ]; then start_bench; fi
	logins
}

main "$@"

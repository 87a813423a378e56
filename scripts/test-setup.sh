#!/usr/bin/env bash
# What the test suite needs on the machine, set up when it is missing: the headless Chromium and chromedriver of the
# browser tests, Node.js and npm for the HubSpot project checks, and the PostgreSQL server of the PostgreSQL run
# (started when it is down). The build runs this before the tests are built (not with -DskipTests); it changes nothing
# when all is there. Missing packages are installed from the system's apt sources (Debian/Ubuntu, as root); nothing else is
# downloaded. Stops with a message and a non-zero status when something cannot be set up.
#
# Settings (environment; the build passes its own): POSTGRES_URL (jdbc:postgresql://host:port/database),
# POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_SKIP (true: no PostgreSQL run), BROWSER_CHROMIUM, BROWSER_CHROMEDRIVER.
set -euo pipefail

postgres_url="${POSTGRES_URL:-jdbc:postgresql://127.0.0.1:5432/test}"
postgres_user="${POSTGRES_USER:-postgres}"
postgres_skip="${POSTGRES_SKIP:-false}"
chromium="${BROWSER_CHROMIUM:-/usr/bin/chromium}"
chromedriver="${BROWSER_CHROMEDRIVER:-/usr/bin/chromedriver}"

fail() {
  echo "test set-up: $*" >&2
  exit 1
}
have() { command -v "$1" >/dev/null 2>&1; }

apt_updated=false
# Installs Debian packages, or stops saying which ones the suite needs and why they could not be installed.
install() {
  local why="$1"
  shift
  if [ "$(id -u)" != "0" ] || ! have apt-get; then
    fail "$why: install the packages $* (apt-get install -y $*), or run this as root on Debian/Ubuntu"
  fi
  echo "test set-up: installing $* ($why)"
  if [ "$apt_updated" = false ]; then
    apt-get update -qq || fail "apt-get update failed; $why needs the packages $*"
    apt_updated=true
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null \
    || fail "could not install $*; $why needs them"
}

# Browser tests: the system's Chromium and its driver, never a downloaded one.
if [ ! -x "$chromium" ] || [ ! -x "$chromedriver" ]; then
  if [ "$chromium" != /usr/bin/chromium ] || [ "$chromedriver" != /usr/bin/chromedriver ]; then
    fail "the browser tests were pointed at $chromium and $chromedriver, which are not there"
  fi
  install "the browser tests" chromium chromium-driver
  [ -x "$chromium" ] && [ -x "$chromedriver" ] || fail "chromium-driver did not provide $chromium and $chromedriver"
fi

# The HubSpot project checks run HubSpot's project-parsing library, installed by the build with npm ci.
if ! have node || ! have npm; then
  install "the HubSpot project checks" nodejs npm
fi

if [ "$postgres_skip" = true ]; then
  exit 0
fi

# jdbc:postgresql://host[:port]/database[?...]
[[ "$postgres_url" =~ ^jdbc:postgresql://([^/:?]+)(:([0-9]+))?/([^?]+) ]] \
  || fail "cannot read host, port and database from the PostgreSQL URL $postgres_url"
pg_host="${BASH_REMATCH[1]}"
pg_port="${BASH_REMATCH[3]:-5432}"
pg_database="${BASH_REMATCH[4]}"

if ! have pg_isready || ! have psql; then
  install "the PostgreSQL run" postgresql-client
fi

if ! pg_isready -h "$pg_host" -p "$pg_port" -q; then
  case "$pg_host" in
    127.0.0.1 | localhost) ;;
    *) fail "PostgreSQL at $pg_host:$pg_port is not answering; start it, or leave the PostgreSQL run out with -Dpostgres.skip=true" ;;
  esac
  # The local server of this machine: the cluster on that port (Debian's main cluster, usually), started without systemd.
  have pg_lsclusters || fail "no PostgreSQL server is installed here (expected at $pg_host:$pg_port, user" \
    "$postgres_user); install and start one, or leave the PostgreSQL run out with -Dpostgres.skip=true"
  read -r version cluster < <(pg_lsclusters -h | awk -v port="$pg_port" '$3 == port { print $1, $2; exit }') || true
  [ -n "${version:-}" ] || fail "no PostgreSQL cluster of this machine listens on port $pg_port (pg_lsclusters);" \
    "create one, or leave the PostgreSQL run out with -Dpostgres.skip=true"
  echo "test set-up: starting PostgreSQL $version $cluster"
  pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start \
    || fail "could not start PostgreSQL (pg_ctlcluster --skip-systemctl-redirect $version $cluster start)"
  for _ in $(seq 1 60); do
    pg_isready -h "$pg_host" -p "$pg_port" -q && break
    sleep 1
  done
  pg_isready -h "$pg_host" -p "$pg_port" -q || fail "PostgreSQL $version $cluster was started but does not answer on $pg_host:$pg_port"
fi

# The tests only connect to this database (each makes and drops one of its own); it has to exist.
sql() { PGPASSWORD="${POSTGRES_PASSWORD:-}" psql -h "$pg_host" -p "$pg_port" -U "$postgres_user" -d "$1" -v ON_ERROR_STOP=1 -Atc "$2"; }
if ! sql "$pg_database" 'SELECT 1' >/dev/null 2>&1; then
  exists="$(sql postgres "SELECT count(*) FROM pg_database WHERE datname = '${pg_database//\'/\'\'}'" 2>/dev/null)" \
    || fail "cannot log in to PostgreSQL at $pg_host:$pg_port as $postgres_user"
  if [ "$exists" = 0 ]; then
    echo "test set-up: creating the database $pg_database"
    sql postgres "CREATE DATABASE \"${pg_database//\"/\"\"}\"" >/dev/null || fail "could not create the database $pg_database"
  fi
  sql "$pg_database" 'SELECT 1' >/dev/null || fail "cannot connect to the database $pg_database as $postgres_user"
fi
[ "$(sql postgres "SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user")" = t ] \
  || fail "the PostgreSQL user $postgres_user needs the CREATEDB privilege: each test application makes a database of its own"

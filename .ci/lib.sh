# Functions of .ci/run, kept apart so test/ci-run.test.ts can run them
# with a fake apt-get and a fake pg_ctl. Sourced; expects `set -euo pipefail`.

# apt_install PACKAGE...: a fresh image may have no package lists yet, so when the
# install fails, update the lists and try once more. Returns 1 if it still fails.
apt_install() {
  if DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null 2>&1; then return 0; fi
  echo "ci: apt-get install $* failed; running apt-get update and retrying"
  if ! apt-get update -q >/dev/null 2>&1; then echo "ci: apt-get update failed" >&2; return 1; fi
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null; then
    echo "ci: cannot install $* with apt-get" >&2; return 1
  fi
}

# ensure_installed WHAT PACKAGE CHECK...: true when CHECK succeeds, installing PACKAGE
# first if needed. Where apt-get is available a failed install fails CI (exit 1): tests
# must not be skipped silently. Without apt-get it returns 1 and the tests skip.
ensure_installed() {
  local what=$1 package=$2; shift 2
  if "$@" >/dev/null 2>&1; then return 0; fi
  if ! command -v apt-get >/dev/null; then
    echo "ci: no $what and no apt-get to install it; the tests that need it are skipped"
    return 1
  fi
  if [ "$(id -u)" != 0 ]; then echo "ci: $what is missing; installing $package with apt-get needs root" >&2; exit 1; fi
  echo "ci: installing $what ($package)"
  apt_install "$package" || exit 1
  if ! "$@" >/dev/null 2>&1; then echo "ci: $package is installed but $what is still missing" >&2; exit 1; fi
}

# free_port: a TCP port on 127.0.0.1 that nothing listens on now (the OS picks it).
free_port() {
  node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

# start_pg PGBIN DIR: starts the cluster in DIR on a free port and prints the port. Another
# process may take the port between asking and starting, so try a few; $SEG_CI_PGPORT pins one.
start_pg() {
  local pgbin=$1 dir=$2 port attempt
  for attempt in 1 2 3 4 5; do
    port="${SEG_CI_PGPORT:-$(free_port)}"
    if as_pg "$pgbin/pg_ctl" -D "$dir" -w -l "$dir/server.log" \
      -o "-p $port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null; then
      echo "$port"; return 0
    fi
    echo "ci: PostgreSQL did not start on port $port (attempt $attempt)" >&2
    [ -n "${SEG_CI_PGPORT:-}" ] && break
  done
  echo "ci: cannot start PostgreSQL; its log:" >&2
  cat "$dir/server.log" >&2 || true
  return 1
}

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

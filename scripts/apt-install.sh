#!/bin/sh
# Installs the Debian packages named that are missing: with apt-get as root, without starting their
# services. Not root, or no apt-get: prints the exact command to run instead and exits 1.
#   sh scripts/apt-install.sh PACKAGE...
set -u
fail() {
  printf 'msa-warden: %s\n' "$@" >&2
  exit 1
}
missing=
for p in "$@"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
missing=${missing# }
command -v apt-get >/dev/null 2>&1 ||
  fail "missing: $missing, and this machine has no apt-get." "Install them with your system's package manager."
[ "$(id -u)" -eq 0 ] ||
  fail "missing: $missing; installing them needs root. Run:" \
    "sudo apt-get install -y --no-install-recommends $missing"
printf 'msa-warden: installing %s (apt-get)…\n' "$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# policy-rc.d keeps Debian from starting services (postgresql, smbd…) during the install
policy=/usr/sbin/policy-rc.d
made_policy=no
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && made_policy=yes
fi
log=$(mktemp "${TMPDIR:-/tmp}/msa-warden-apt.XXXXXX")
rc=0
if ! apt-get update -qq >"$log" 2>&1; then
  rc=1
else
  # word splitting of $missing is intended: one argument per package
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing >>"$log" 2>&1 || rc=3
fi
[ "$made_policy" = yes ] && rm -f "$policy"
if [ "$rc" -ne 0 ]; then
  if grep -qE 'Could not resolve|Failed to fetch|Temporary failure|Unable to connect|Network is unreachable' "$log"; then
    fail "apt-get could not reach the package mirrors to install: $missing." \
      "Connect this machine (or set apt's proxy) and run the command again."
  fi
  fail "apt-get install $missing failed (its output: $log)." \
    "Run it yourself to see why: apt-get install -y --no-install-recommends $missing"
fi
rm -f "$log"

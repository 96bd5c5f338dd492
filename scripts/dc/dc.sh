#!/usr/bin/env bash
# A Samba AD domain controller for msa-warden's integration tests, kept entirely inside one folder.
#
#   bash scripts/dc/dc.sh <install|up|provision|start|seed|stop|status|env> [DIR]
#
# DIR defaults to ${MSA_WARDEN_DC_DIR:-${TMPDIR:-/tmp}/msa-warden-dc}. `up` is what tests call: it
# installs, provisions (again when the fixtures or this folder's scripts changed), starts, seeds and
# writes DIR/dc.env, reusing a DC that is already running from DIR. Samba's ports are fixed
# (389/636/3268/3269), so only one DC can run per machine; a port held by anything else is an error.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
FIXTURES="$ROOT/test/fixtures/directory"
CMD=${1:-}
DIR=${2:-${MSA_WARDEN_DC_DIR:-${TMPDIR:-/tmp}/msa-warden-dc}}
DIR=${DIR%/}

REALM=CORP.EXAMPLE.TEST
DOMAIN=CORP
BASE_DN='DC=corp,DC=example,DC=test'
# Fixed so RIDs and SIDs are the same on every machine (tests and fixtures may name them).
DOMAIN_SID=S-1-5-21-1004336348-1177238915-682003330
ADMIN_DN="CN=Administrator,CN=Users,$BASE_DN"
BOT_DN="CN=msa-warden-bot,CN=Users,$BASE_DN"
# Fixes (issue 9) run under their own accounts: one with exactly the documented rights, one without.
FIXER_DN="CN=msa-warden-fixer,CN=Users,$BASE_DN"
FIXER_NORIGHTS_DN="CN=msa-warden-fixer-norights,CN=Users,$BASE_DN"
FIX_TARGETS_DN="CN=msa-warden-fix-targets,CN=Configuration,$BASE_DN"
# Groups whose `member` the fixer may write: the privileged groups the fixtures put MSAs in directly
# (the demo's "Request removal"), and the approval tests' groups. Not Fix Locked Group (the refusal case).
FIXER_MEMBER_GROUPS=(
  "CN=Domain Admins,CN=Users,$BASE_DN"
  "CN=Tier0 Service Ops,OU=Groups,$BASE_DN"
  "CN=Scheduled Tasks,OU=Groups,$BASE_DN"
  "CN=Fix Tier0 Ops,$FIX_TARGETS_DN"
  "CN=Playground Tier0 Ops,$FIX_TARGETS_DN"
)
# schemaIDGUIDs; `dsacl set` accepts a mistyped one silently, so grant() reads each ACE back.
GUID_MEMBER=bf9679c0-0de6-11d0-a285-00aa003049e2
GUID_USER_ACCOUNT_CONTROL=bf967a68-0de6-11d0-a285-00aa003049e2
GUID_SUPPORTED_ENCRYPTION_TYPES=20119867-1d04-4ab7-9371-cfc3d5df0afd
GUID_ALLOWED_TO_DELEGATE_TO=800d94d7-b7a1-42a1-b14d-7cae1423d07f
GUID_ALLOWED_TO_ACT_ON_BEHALF=3f78c3e5-f79a-46bd-a0b8-9d18116ddc79
GUID_CLASS_MANAGED_SERVICE_ACCOUNT=ce206244-5827-4a86-ba1c-1c0c386c1b64
LDAPS_URL=ldaps://127.0.0.1:636
PACKAGES=(samba-ad-dc samba-ad-provision samba-dsdb-modules samba-vfs-modules winbind krb5-user ldb-tools
  ldap-utils openssl)

SAMBA_DIR="$DIR/samba"
TLS_DIR="$DIR/tls"
SMB_CONF="$SAMBA_DIR/etc/smb.conf"
PID_FILE="$SAMBA_DIR/run/samba.pid"
LOG_FILE="$SAMBA_DIR/log/samba.log"
MARKER="$DIR/.msa-warden-dc" # proves DIR is ours before anything in it is wiped
PROVISIONED="$DIR/provisioned" # holds the hash of what was provisioned
SEEDED="$DIR/seeded"

log() { printf 'dc: %s\n' "$*" >&2; }
die() {
  printf 'dc: ERROR: %s\n' "$*" >&2
  exit 1
}

now() { date +%s.%N; }
# Runs one step and prints how long it took.
step() {
  local name=$1 start
  shift
  start=$(now)
  "$@"
  log "$(awk -v a="$start" -v b="$(now)" -v n="$name" 'BEGIN { printf "%-28s %5.1f s", n, b - a }')"
}

# --- install ---------------------------------------------------------------------------------------

have_tools() {
  command -v samba >/dev/null && command -v samba-tool >/dev/null && command -v ldapmodify >/dev/null &&
    command -v ldbmodify >/dev/null && command -v openssl >/dev/null && [[ -d /usr/share/samba/setup ]]
}

do_install() {
  have_tools && return 0
  [[ $(id -u) -eq 0 ]] || die "Samba is not installed and installing it needs root: apt-get install ${PACKAGES[*]}"
  command -v apt-get >/dev/null || die "no apt-get: install these Debian packages yourself: ${PACKAGES[*]}"
  local policy=/usr/sbin/policy-rc.d created=0
  # Debian would start its own smbd/nmbd/samba-ad-dc services on install; exit 101 forbids that.
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    created=1
  fi
  local rc=0
  {
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null
  } || rc=$?
  [[ $created -eq 1 ]] && rm -f "$policy"
  [[ $rc -eq 0 ]] || die "apt-get install failed (exit $rc)"
  have_tools || die "packages installed but samba-tool/ldapmodify are still missing"
}

# --- helpers ---------------------------------------------------------------------------------------

# Hash of everything that shapes the provisioned directory: fixtures and this folder's scripts.
fixtures_hash() {
  (
    cd "$ROOT"
    shopt -s nullglob
    for f in test/fixtures/directory/*.ldif scripts/dc/*; do
      [[ -f $f ]] && printf '%s\n' "$f" && cat "$f"
    done
  ) | sha256sum | cut -d' ' -f1
}

samba_pid() {
  [[ -f $PID_FILE ]] || return 1
  local pid
  pid=$(tr -dc '0-9' <"$PID_FILE")
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 1
  # A recycled pid must not be mistaken for our DC.
  [[ $(cat "/proc/$pid/comm" 2>/dev/null) == samba ]] || return 1
  printf '%s' "$pid"
}

ldaps_answers() {
  [[ -f $TLS_DIR/ca.pem ]] || return 1
  LDAPTLS_CACERT="$TLS_DIR/ca.pem" LDAPTLS_REQCERT=demand timeout 5 \
    ldapsearch -LLL -x -H "$LDAPS_URL" -o nettimeout=2 -l 3 -b '' -s base namingContexts >/dev/null 2>&1
}

is_running() { samba_pid >/dev/null && ldaps_answers; }

port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

# Fails when another process (not our DC) listens on Samba's ports; we never kill it.
check_ports_free() {
  local port busy=()
  for port in 389 636 3268 3269; do port_open "$port" && busy+=("$port"); done
  [[ ${#busy[@]} -eq 0 ]] && return 0
  local owner=''
  command -v ss >/dev/null && owner=$(ss -Hltnp "( sport = :636 or sport = :389 )" 2>/dev/null | head -3)
  die "port(s) ${busy[*]} on 127.0.0.1 are held by another process, not the DC in $DIR.
    Stop it, or point MSA_WARDEN_DC_DIR at the folder of the DC that is running.${owner:+
$owner}"
}

ldap_admin() {
  LDAPTLS_CACERT="$TLS_DIR/ca.pem" LDAPTLS_REQCERT=demand \
    "$@" -H "$LDAPS_URL" -x -D "$ADMIN_DN" -y "$DIR/admin-password"
}

# Complex enough for Samba's policy (upper, lower, digit, symbol) and safe unquoted in an env file.
random_password() { printf 'Mw-%s-7q' "$(openssl rand -hex 16)"; }

write_secret() {
  (
    umask 077
    printf '%s' "$2" >"$1"
  )
  chmod 600 "$1"
}

# --- provision -------------------------------------------------------------------------------------

make_certificates() {
  mkdir -p "$TLS_DIR"
  chmod 700 "$TLS_DIR"
  (
    cd "$TLS_DIR"
    umask 077
    openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
      -subj '/O=msa-warden tests/CN=msa-warden test CA' -keyout ca.key -out ca.pem \
      -addext 'basicConstraints=critical,CA:TRUE' -addext 'keyUsage=critical,keyCertSign,cRLSign' 2>/dev/null
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
      -subj '/O=msa-warden tests/CN=localhost' -keyout server.key -out server.csr 2>/dev/null
    # Clients check the name they dialled against subjectAltName (Samba's own certificate has none).
    printf '%s\n' 'basicConstraints=critical,CA:FALSE' 'keyUsage=critical,digitalSignature,keyEncipherment' \
      'extendedKeyUsage=serverAuth' \
      'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1,DNS:dc1.corp.example.test' >server.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 3650 \
      -extfile server.ext -out server.pem 2>/dev/null
    rm -f server.csr server.ext ca.srl
    chmod 644 ca.pem server.pem
    chmod 600 ca.key server.key # Samba refuses a key file others can read
  )
}

do_provision() {
  [[ -n $DIR && $DIR != / ]] || die "refusing to provision into '$DIR'"
  if [[ -e $DIR ]]; then
    [[ -f $MARKER || -z $(ls -A "$DIR") ]] || die "$DIR exists and is not a msa-warden DC folder; not touching it"
    samba_pid >/dev/null && die "the DC in $DIR is running; stop it first"
    rm -rf "$DIR"
  fi
  mkdir -p "$DIR"
  chmod 700 "$DIR"
  : >"$MARKER"
  local admin_password
  admin_password=$(random_password)
  write_secret "$DIR/admin-password" "$admin_password"
  make_certificates
  samba-tool domain provision -s /dev/null --targetdir="$SAMBA_DIR" --realm="$REALM" --domain="$DOMAIN" \
    --host-name=DC1 --server-role=dc --dns-backend=NONE --domain-sid="$DOMAIN_SID" \
    --adminpass="$admin_password" --option="interfaces=lo" --option="bind interfaces only=yes" \
    >"$DIR/provision.log" 2>&1 || {
    tail -20 "$DIR/provision.log" >&2
    die "samba-tool domain provision failed (log: $DIR/provision.log)"
  }
  mkdir -p "$SAMBA_DIR/run" "$SAMBA_DIR/log"
  # Only the LDAP server: no smbd, no DNS, no replication. Every path stays inside DIR.
  local extra
  extra=$(
    cat <<EOF
	server services = ldap
	pid directory = $SAMBA_DIR/run
	ncalrpc dir = $SAMBA_DIR/run/ncalrpc
	winbindd socket directory = $SAMBA_DIR/run/winbindd
	log file = $LOG_FILE
	max log size = 10000
	log level = 1
	tls enabled = yes
	tls keyfile = $TLS_DIR/server.key
	tls certfile = $TLS_DIR/server.pem
	tls cafile = $TLS_DIR/ca.pem
EOF
  )
  awk -v extra="$extra" '
    /^[[:space:]]*server services[[:space:]]*=/ { next }
    { print }
    /^\[global\]/ { print extra }
  ' "$SMB_CONF" >"$SMB_CONF.new"
  mv "$SMB_CONF.new" "$SMB_CONF"
  samba-tool user setexpiry Administrator --noexpiry -s "$SMB_CONF" >>"$DIR/provision.log" 2>&1 ||
    die "samba-tool user setexpiry failed (log: $DIR/provision.log)"
  fixtures_hash >"$PROVISIONED"
}

# --- start / stop ----------------------------------------------------------------------------------

do_start() {
  [[ -f $PROVISIONED ]] || die "$DIR is not provisioned (run: bash scripts/dc/dc.sh up)"
  if samba_pid >/dev/null; then
    ldaps_answers && return 0
    log "samba in $DIR runs but LDAPS does not answer; restarting it"
    do_stop
  fi
  check_ports_free
  mkdir -p "$SAMBA_DIR/run" "$SAMBA_DIR/log"
  rm -f "$PID_FILE"
  samba -D -s "$SMB_CONF" 9>&- || die "samba -D failed; log tail:
$(tail -30 "$LOG_FILE" 2>/dev/null)"
  local deadline=$((SECONDS + 60))
  while ((SECONDS < deadline)); do
    ldaps_answers && return 0
    sleep 0.2
  done
  die "LDAPS on 127.0.0.1:636 did not answer within 60 s; log tail ($LOG_FILE):
$(tail -30 "$LOG_FILE" 2>/dev/null)"
}

do_stop() {
  local pid
  pid=$(samba_pid) || {
    rm -f "$PID_FILE"
    return 0
  }
  kill -TERM "$pid"
  local deadline=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
  kill -0 "$pid" 2>/dev/null && die "samba (pid $pid) did not exit within 30 s"
  # The master is gone; give its children a moment to release the ports.
  deadline=$((SECONDS + 10))
  while port_open 636 && ((SECONDS < deadline)); do sleep 0.2; done
  rm -f "$PID_FILE"
}

# --- seed ------------------------------------------------------------------------------------------

do_seed() {
  is_running || die "the DC in $DIR is not running"
  local files=() raw_files=() f
  while IFS= read -r f; do files+=("$f"); done < <(find "$FIXTURES" -maxdepth 1 -name '*.ldif' ! -name '*.raw.ldif' | LC_ALL=C sort)
  while IFS= read -r f; do raw_files+=("$f"); done < <(find "$FIXTURES" -maxdepth 1 -name '*.raw.ldif' | LC_ALL=C sort)
  [[ ${#files[@]} -gt 0 ]] || die "no fixtures in $FIXTURES"
  for f in "${files[@]}"; do
    step "  $(basename "$f")" seed_file "$f"
  done
  for f in "${raw_files[@]}"; do
    step "  $(basename "$f")" seed_raw_file "$f"
  done
  seed_bot_account
  step "  fixer accounts" seed_fixer_accounts
  rm -f "$DIR/seed-error.log"
  : >"$SEEDED"
}

# One ldapmodify per file: one TLS session and bind for all its entries; stops at the first error.
seed_file() {
  ldap_admin ldapmodify -a -f "$1" >/dev/null 2>"$DIR/seed-error.log" || seed_failed "$(basename "$1")"
}

# *.raw.ldif: states real domains carry but Samba refuses over LDAP (a duplicate SPN from before DCs
# checked), written into the domain partition's file directly, beneath Samba's checks, after the rest.
seed_raw_file() {
  local partition
  partition="$SAMBA_DIR/private/sam.ldb.d/$(printf '%s' "$BASE_DN" | tr '[:lower:]' '[:upper:]').ldb"
  [[ -f $partition ]] || seed_failed "$(basename "$1") (no partition file $partition)"
  ldbmodify -H "tdb://$partition" "$1" >/dev/null 2>"$DIR/seed-error.log" || seed_failed "$(basename "$1")"
}

# A half-seeded directory cannot be seeded again (entries exist): the next `up` starts from scratch.
seed_failed() {
  rm -f "$PROVISIONED"
  die "seeding $1 failed: $(cat "$DIR/seed-error.log"); the next 'up' will reprovision $DIR"
}

# The bot binds as an ordinary domain user: reading needs no admin rights, and tests prove it.
seed_bot_account() {
  local password encoded
  password=$(random_password)
  encoded=$(printf '"%s"' "$password" | iconv -f UTF-8 -t UTF-16LE | base64 -w0)
  ldap_admin ldapmodify -a >/dev/null 2>"$DIR/seed-error.log" <<EOF || seed_failed "the bot account"
dn: $BOT_DN
objectClass: user
sAMAccountName: msa-warden-bot
userPrincipalName: msa-warden-bot@corp.example.test
description: msa-warden's read-only bind account (integration tests)
unicodePwd:: $encoded
userAccountControl: 66048
EOF
  write_secret "$DIR/bot-password" "$password"
}

# An ordinary domain user for fixes; its rights come from seed_fixer_accounts.
add_user() {
  local dn=$1 name=$2 description=$3 secret_file=$4 password encoded
  password=$(random_password)
  encoded=$(printf '"%s"' "$password" | iconv -f UTF-8 -t UTF-16LE | base64 -w0)
  ldap_admin ldapmodify -a >/dev/null 2>"$DIR/seed-error.log" <<EOF || seed_failed "$name"
dn: $dn
objectClass: user
sAMAccountName: $name
userPrincipalName: $name@corp.example.test
description: $description
unicodePwd:: $encoded
userAccountControl: 66048
EOF
  write_secret "$secret_file" "$password"
}

sid_of() {
  ldbsearch -H "$SAMBA_DIR/private/sam.ldb" -b "$1" -s base objectSid 2>/dev/null | sed -n 's/^objectSid: //p'
}

# Grants one ACE and proves it is there: dsacl exits 0 even for a GUID or SID it did not understand.
grant() {
  local object=$1 sddl=$2 sid=$3 guid=$4
  samba-tool dsacl set -H "$SAMBA_DIR/private/sam.ldb" --action=allow --objectdn="$object" --sddl="$sddl" \
    >>"$DIR/seed-error.log" 2>&1 || seed_failed "dsacl set $sddl on $object"
  samba-tool dsacl get -H "$SAMBA_DIR/private/sam.ldb" --objectdn="$object" 2>/dev/null |
    tr '()' '\n\n' | grep -i -- "$guid" | grep -q -- "$sid" ||
    seed_failed "the ACE $sddl is not in the descriptor of $object after dsacl set"
}

seed_fixer_accounts() {
  add_user "$FIXER_DN" msa-warden-fixer "msa-warden's fixer: exactly the rights the README lists" "$DIR/fixer-password"
  add_user "$FIXER_NORIGHTS_DN" msa-warden-fixer-norights "a fixer without rights (tests: refused with 50)" \
    "$DIR/fixer-norights-password"
  local sid group attr
  sid=$(sid_of "$FIXER_DN")
  [[ $sid == S-1-5-21-* ]] || seed_failed "the fixer account's SID (read '$sid')"
  # WriteProperty on `member` of each group (it allows adding too: as sensitive as a Domain Admin).
  for group in "${FIXER_MEMBER_GROUPS[@]}"; do
    grant "$group" "(OA;;WP;$GUID_MEMBER;;$sid)" "$sid" "$GUID_MEMBER"
  done
  # WriteProperty on the attributes the fixes change, inherited by the sMSAs of the test container only
  # (an ACE on OU=Service Accounts would make the fixer a dangerous-acl finding on every fixture).
  for attr in $GUID_USER_ACCOUNT_CONTROL $GUID_SUPPORTED_ENCRYPTION_TYPES $GUID_ALLOWED_TO_DELEGATE_TO \
    $GUID_ALLOWED_TO_ACT_ON_BEHALF; do
    grant "$FIX_TARGETS_DN" "(OA;CIIO;WP;$attr;$GUID_CLASS_MANAGED_SERVICE_ACCOUNT;$sid)" "$sid" "$attr"
  done
  # Clearing TRUSTED_FOR_DELEGATION or msDS-AllowedToDelegateTo needs SeEnableDelegationPrivilege;
  # Samba keeps privileges in privilege.ldb (read at each bind, no restart) and finds them by the
  # objectSid attribute: an entry with only the sid=… DN is silently ignored (measured: still 50).
  ldbadd -H "$SAMBA_DIR/private/privilege.ldb" >/dev/null 2>>"$DIR/seed-error.log" <<EOF ||
dn: sid=$sid
objectClass: privilege
objectSid: $sid
privilege: SeEnableDelegationPrivilege
EOF
    seed_failed "SeEnableDelegationPrivilege for the fixer"
  ldbsearch -H "$SAMBA_DIR/private/privilege.ldb" "(objectSid=$sid)" privilege 2>/dev/null |
    grep -q '^privilege: SeEnableDelegationPrivilege$' ||
    seed_failed "SeEnableDelegationPrivilege is not found by the fixer's objectSid in privilege.ldb"
}

# --- env -------------------------------------------------------------------------------------------

write_env() {
  local env="$DIR/dc.env"
  (
    umask 077
    cat >"$env" <<EOF
LDAP_URL=$LDAPS_URL
LDAP_BIND_DN=$BOT_DN
LDAP_BIND_PASSWORD=$(cat "$DIR/bot-password")
LDAP_BASE_DN=$BASE_DN
LDAP_CA_CERT=$TLS_DIR/ca.pem
LDAP_FIX_BIND_DN=$FIXER_DN
LDAP_FIX_BIND_PASSWORD=$(cat "$DIR/fixer-password")
LDAP_FIX_NORIGHTS_BIND_DN=$FIXER_NORIGHTS_DN
LDAP_FIX_NORIGHTS_BIND_PASSWORD=$(cat "$DIR/fixer-norights-password")
LDAP_ADMIN_BIND_DN=$ADMIN_DN
LDAP_ADMIN_BIND_PASSWORD=$(cat "$DIR/admin-password")
MSA_WARDEN_DC_DIR=$DIR
EOF
  )
  chmod 600 "$env"
}

# --- up --------------------------------------------------------------------------------------------

do_up() {
  step install do_install
  local hash
  hash=$(fixtures_hash)
  if [[ ! -f $PROVISIONED || $(cat "$PROVISIONED") != "$hash" ]]; then
    [[ -f $PROVISIONED ]] && log "fixtures or scripts changed: reprovisioning $DIR"
    do_stop
    check_ports_free
    step provision do_provision
  fi
  if is_running; then
    log "reusing the DC running from $DIR (pid $(samba_pid))"
  else
    step start do_start
  fi
  if [[ ! -f $SEEDED ]]; then step seed do_seed; fi
  write_env
  log "ready: $LDAPS_URL (env: $DIR/dc.env)"
}

# Serialises concurrent callers (several test runs may call `up` at once); the lock file sits
# beside DIR because DIR itself may be wiped.
lock() {
  mkdir -p "$(dirname "$DIR")"
  exec 9>"$DIR.lock"
  flock -w 300 9 || die "another dc.sh holds $DIR.lock for more than 300 s"
}

case "$CMD" in
  install) step install do_install ;;
  up) lock && do_up ;;
  provision) lock && step provision do_provision ;;
  start) lock && step start do_start ;;
  seed) lock && step seed do_seed ;;
  stop) lock && step stop do_stop ;;
  status)
    if is_running; then
      echo "running (pid $(samba_pid), $DIR)"
    else
      echo "not running ($DIR)"
      exit 3
    fi
    ;;
  env)
    [[ -f $DIR/dc.env ]] || die "no $DIR/dc.env yet (run: bash scripts/dc/dc.sh up)"
    cat "$DIR/dc.env"
    ;;
  *)
    echo "usage: $0 <install|up|provision|start|seed|stop|status|env> [DIR]" >&2
    exit 2
    ;;
esac

#!/usr/bin/env bash
# The benchmark of `import-dadashop` (issue #14, item 4). Not a test: test.sh never runs it.
#
#   bench/import.sh              # a few minutes; prints the table and writes it into docs/BENCHMARKS.md
#
# What it does, all on 127.0.0.1:
#   1. builds Dashop.Web (Release);
#   2. starts MariaDB through scripts/services.sh (port DASHOP_MARIA_PORT, 3347 here) and generates a dadashop
#      source with SQL: BENCH_USERS users (default 100,000; MD5 hashes, phones 176xxxxxxxx, half of them active)
#      and BENCH_WEIBO Weibo profiles (default 20,000; three in four linked to a user, one in four unbound);
#   3. imports it with `dotnet Dashop.Web.dll import-dadashop --provider MySql` (Production, default batch) into a
#      new SQLite file, then into a new PostgreSQL database, and runs each import a second time (all present);
#   4. the table goes between the import-bench markers of docs/BENCHMARKS.md (the rest of that file is left alone).
# PostgreSQL: the server named by DASHOP_TEST_POSTGRES if set (e.g. `. /work/devsvc/env`-style shared servers),
# else one started through scripts/services.sh on DASHOP_PG_PORT (5744 here). The database it creates is dropped.
# Everything it started is stopped on exit (trap), also on Ctrl-C.
#
# Knobs (environment): BENCH_USERS (100000), BENCH_WEIBO (20000), BENCH_BATCH (500), BENCH_SKIP_BUILD=1,
#   BENCH_TARGETS ("sqlite postgres"), DASHOP_MARIA_PORT (3347), DASHOP_PG_PORT (5744),
#   BENCH_OUT (bench/out/import-<UTC time>), BENCH_DOC (docs/BENCHMARKS.md; "-" = do not write it).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$ROOT"

USERS=${BENCH_USERS:-100000}
WEIBO=${BENCH_WEIBO:-20000}
BATCH=${BENCH_BATCH:-500}
TARGETS=" ${BENCH_TARGETS:-sqlite postgres} "
export DASHOP_MARIA_PORT=${DASHOP_MARIA_PORT:-3347}
export DASHOP_PG_PORT=${DASHOP_PG_PORT:-5744}
OUT=${BENCH_OUT:-$ROOT/bench/out/import-$(date -u +%Y%m%dT%H%M%SZ)}
DOC=${BENCH_DOC:-$ROOT/docs/BENCHMARKS.md}
APP_DLL=$ROOT/Dashop.Web/bin/Release/net10.0/Dashop.Web.dll

log() { printf '[import-bench] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
((USERS > 0 && WEIBO >= 0 && WEIBO <= USERS)) || die "need 0 < BENCH_WEIBO <= BENCH_USERS"

mkdir -p "$OUT"
# shellcheck source=../scripts/services.sh
. "$ROOT/scripts/services.sh"

DATA="" PG_DB="" PG_SERVER=${DASHOP_TEST_POSTGRES:-}
cleanup() {
    local rc=$?
    trap - EXIT INT TERM HUP
    if [[ -n $PG_DB && -n $PG_SERVER ]]; then
        psql_admin "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1 || true
    fi
    [[ -n $DATA ]] && { dashop_stop_services "$DATA" || true; }
    log "done (rc $rc); output in $OUT"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# "Host=H;Port=P;Username=U" -> psql on database postgres
psql_admin() {
    local host port user
    host=$(grep -o 'Host=[^;]*' <<<"$PG_SERVER" | cut -d= -f2)
    port=$(grep -o 'Port=[^;]*' <<<"$PG_SERVER" | cut -d= -f2)
    user=$(grep -o 'Username=[^;]*' <<<"$PG_SERVER" | cut -d= -f2)
    psql -h "${host:-127.0.0.1}" -p "${port:-5432}" -U "${user:-postgres}" -d postgres -v ON_ERROR_STOP=1 -qAtc "$1"
}

services=(mariadb)
[[ $TARGETS == *" postgres "* && -z $PG_SERVER ]] && services+=(postgres)
dashop_install_packages "${services[@]}"
if [[ ${BENCH_SKIP_BUILD:-0} != 1 ]]; then
    log "building (Release)"
    dotnet build Dashop.Web/Dashop.Web.csproj -c Release -nologo -v q >"$OUT/build.log" 2>&1 || { tail -n 30 "$OUT/build.log" >&2; die "build failed"; }
fi
[[ -f $APP_DLL ]] || die "$APP_DLL missing (build first)"

DATA=$(mktemp -d /tmp/dashop-import-bench.XXXXXX)
dashop_start_services "$DATA" "${services[@]}"
[[ -n $PG_SERVER ]] || PG_SERVER=$DASHOP_TEST_POSTGRES
SOCK=$DATA/maria/maria.sock

# ------------------------------------------------------------------------------------------------
# The source: the tutorial's two tables, generated with SQL (MariaDB's sequence engine)
# ------------------------------------------------------------------------------------------------
log "generating $USERS users and $WEIBO Weibo profiles in MariaDB"
t0=$(date +%s.%N)
mariadb --socket="$SOCK" -uroot <<SQL
CREATE DATABASE dadashop CHARACTER SET utf8mb4;
USE dadashop;
CREATE TABLE user_user_profile (
  id integer AUTO_INCREMENT NOT NULL PRIMARY KEY,
  created_time datetime(6) NOT NULL, updated_time datetime(6) NOT NULL,
  username varchar(11) NOT NULL UNIQUE, password varchar(32) NOT NULL, email varchar(254) NOT NULL,
  phone varchar(11) NOT NULL, is_active bool NOT NULL);
CREATE TABLE user_weibo_profile (
  id integer AUTO_INCREMENT NOT NULL PRIMARY KEY,
  created_time datetime(6) NOT NULL, updated_time datetime(6) NOT NULL,
  wuid varchar(10) NOT NULL UNIQUE, access_token varchar(32) NOT NULL, user_profile_id integer NULL UNIQUE,
  FOREIGN KEY (user_profile_id) REFERENCES user_user_profile (id));
INSERT INTO user_user_profile (id, created_time, updated_time, username, password, email, phone, is_active)
  SELECT seq, TIMESTAMP '2021-01-01 08:00:00' + INTERVAL seq MINUTE, TIMESTAMP '2021-01-01 08:00:00' + INTERVAL seq MINUTE,
         CONCAT('user', seq), MD5(CONCAT('password', seq)), CONCAT('user', seq, '@example.com'),
         CONCAT('139', LPAD(seq, 8, '0')), seq % 2
  FROM seq_1_to_${USERS};
INSERT INTO user_weibo_profile (id, created_time, updated_time, wuid, access_token, user_profile_id)
  SELECT seq, TIMESTAMP '2022-01-01 08:00:00', TIMESTAMP '2022-01-01 08:00:00', CAST(5000000000 + seq AS CHAR), MD5(seq),
         IF(seq % 4 = 0, NULL, seq)
  FROM seq_1_to_${WEIBO};
SQL
log "source ready in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s"
SOURCE="Server=127.0.0.1;Port=$DASHOP_MARIA_PORT;Database=dadashop;User ID=dashop;Password=dashop"

# ------------------------------------------------------------------------------------------------
# The imports
# ------------------------------------------------------------------------------------------------
ROWS=()
run_import() { # NAME PROVIDER CONNECTION DATA_PATH
    local name=$1 provider=$2 connection=$3 data=$4 report=$OUT/$1.json t0 t1 rc=0
    mkdir -p "$data"
    t0=$(date +%s.%N)
    env ASPNETCORE_ENVIRONMENT=Production Jwt__SigningKey="bench-$(head -c 24 /dev/urandom | base64)" \
        App__DataPath="$data" App__AllowHttp=true Database__Provider="$provider" ConnectionStrings__Dashop="$connection" \
        Logging__LogLevel__Default=Warning \
        dotnet "$APP_DLL" import-dadashop --provider MySql --connection "$SOURCE" --batch "$BATCH" --report "$report" \
        >"$OUT/$name.out" 2>"$OUT/$name.err" || rc=$?
    t1=$(date +%s.%N)
    ((rc == 0)) || { tail -n 20 "$OUT/$name.err" >&2; die "$name: import-dadashop exited with $rc"; }
    local wall import users weibo present skipped
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
    # The report is small, indented JSON: read the numbers without a JSON tool.
    json_number() { tr -d ' \n' <"$report" | { grep -o "$1" || true; } | head -n1 | grep -o '[0-9.]*$' || true; }
    import=$(json_number '"elapsed_seconds":[0-9.]*')
    users=$(json_number '"users":{[^}]*"imported":[0-9]*')
    weibo=$(json_number '"weibo_profiles":{[^}]*"imported":[0-9]*')
    present=$(json_number '^{"dry_run":[a-z]*,"imported":[0-9]*,"present":[0-9]*')
    skipped=$({ grep -o '"legacy_id"' "$report" || true; } | wc -l)
    local rate
    rate=$(awk -v n="$((USERS + WEIBO))" -v s="$import" 'BEGIN { printf "%d", (s > 0 ? n / s : 0) }')
    ROWS+=("| $name | $users | $weibo | $present | $skipped | $import | $rate | $wall |")
    log "$name: users $users, Weibo $weibo, present $present, skipped $skipped; import ${import} s ($rate rows/s), process ${wall} s"
}

if [[ $TARGETS == *" sqlite "* ]]; then
    run_import sqlite Sqlite "Data Source=$OUT/sqlite/dashop.db" "$OUT/sqlite"
    run_import sqlite-rerun Sqlite "Data Source=$OUT/sqlite/dashop.db" "$OUT/sqlite"
    du -h "$OUT/sqlite/dashop.db" >&2
fi
if [[ $TARGETS == *" postgres "* ]]; then
    PG_DB=dashop_import_bench_$$
    run_import postgres Postgres "$PG_SERVER;Database=$PG_DB" "$OUT/postgres"
    run_import postgres-rerun Postgres "$PG_SERVER;Database=$PG_DB" "$OUT/postgres"
fi

# ------------------------------------------------------------------------------------------------
# Report
# ------------------------------------------------------------------------------------------------
TABLE=$OUT/table.md
{
    echo "Measured $(date -u '+%Y-%m-%d %H:%M') UTC on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'); commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . 2>/dev/null || echo +changes); load average before the run $(cut -d' ' -f1-3 /proc/loadavg)."
    echo "Source: MariaDB $(mariadb --socket="$SOCK" -uroot -Nse 'SELECT VERSION()'), $USERS users and $WEIBO Weibo profiles; batch $BATCH; generated by \`bench/import.sh\`."
    echo
    echo "| target | users imported | Weibo profiles imported | present | skipped | import s | rows/s | process s |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|"
    printf '%s\n' "${ROWS[@]}"
} >"$TABLE"
cat "$TABLE"

if [[ $DOC != - ]]; then
    if ! grep -q '<!-- import-bench:begin -->' "$DOC"; then
        printf '\n<!-- import-bench:begin -->\n<!-- import-bench:end -->\n' >>"$DOC"
    fi
    awk -v table="$TABLE" '
        /<!-- import-bench:begin -->/ { print; while ((getline line < table) > 0) print line; skip = 1; next }
        /<!-- import-bench:end -->/ { skip = 0 }
        !skip { print }' "$DOC" >"$DOC.tmp" && mv "$DOC.tmp" "$DOC"
    log "table written into $DOC"
fi

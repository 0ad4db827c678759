#!/usr/bin/env bash
# The benchmark of POST /v1/users/sms/code (issue #7, item 5). Not a test: test.sh never runs it.
#
#   bench/run.sh                 # about 9 minutes; writes bench/out/<time>/ and the table in docs/BENCHMARKS.md
#
# What it does, all on 127.0.0.1:
#   1. builds Dashop.Web, bench/FakeRonglian and bench/Measure (Release);
#   2. measures the password hash (Measure hash: PBKDF2-HMAC-SHA512, 210,000 iterations);
#   3. starts Redis and RabbitMQ through scripts/services.sh, the fake Ronglian, and the app in Production;
#   4. wrk: distinct phones and one phone (the 10111 cooldown path) at each of BENCH_CONNECTIONS, then
#      distinct phones at 100 connections with the provider answering in BENCH_SLOW_DELAY_MS;
#      after each run it waits until every accepted SMS reached the fake (or BENCH_DRAIN_TIMEOUT) and joins
#      wrk's send times with the fake's arrival times;
#   5. registrations through POST /v1/users (Measure register, phones 17690...: outside the wrk runs' 177...), then the app is stopped;
#   5b. the app on Redis + RabbitMQ + PostgreSQL: distinct phones, 100 connections;
#   5c. the cost of telemetry, back to back on the same Redis + RabbitMQ: three fresh apps, warmed alike, the same load
#      (distinct phones, 100 connections, BENCH_DURATION): OpenTelemetry exporting over OTLP/HTTP to a sink in the fake
#      Ronglian (counted), on with no exporter (/metrics only), and off (Telemetry__Enabled=false); the table gives app
#      CPU per request of each and the % against off. Alone: BENCH_ONLY=telemetry BENCH_DOC=- bench/run.sh (about 6 min);
#   5d. nginx: one instance as a deployment behind a proxy runs (PostgreSQL, quorum queues, nginx its known proxy)
#      measured direct, then a second instance and nginx (round robin, config, pid, logs and temp files in
#      OUT/nginx) in front of both, measured through nginx: distinct phones, 100 connections each;
#   5e. /login flooded with wrong passwords from ever-new client addresses (X-Forwarded-For, 50 connections) while
#      sms/code is measured at BENCH_FLOOD_SMS_CONNECTIONS (4), first without the flood (the control), then from 10 s
#      into it: the password-hash bulkhead must keep its p99 low (issue 12);
#   6. the app with the embedded defaults (in-process cache, in-memory bus): distinct phones, 100 connections;
#   6b. the floor (issue 28; BENCH_ONLY=floor, about 9 minutes): Dashop and bench/Floor (only the essential work of
#      sms/code, no Dashop code) one after the other on the same services and machine, each fresh and warmed alike
#      (BENCH_FLOOR_WARMUP, 60 s at 100 connections, sampled every 5 s for the time to steady state), then the same
#      load: Redis + RabbitMQ, then embedded (in-process state, in-memory bus with a bounded backlog); on the embedded
#      apps also the cheap requests (GET /v1/tokens/status with a real token, /login, /register, /healthz/live on
#      Dashop; GET / on the floor), 50 connections each; report.sh gives every figure as a ratio to its floor;
#   6c. the soak (BENCH_ONLY=soak, BENCH_SOAK_DURATION 300 s): the embedded app under 20 connections of distinct
#      phones, caps lifted, RSS sampled every 10 s; the per-phone state is the RSS growth over the phones after the
#      first minute; every SMS must reach the fake;
#   7. the table goes between the bench markers of docs/BENCHMARKS.md (the rest of that file is left alone).
# Everything it started is stopped on exit (trap), also on Ctrl-C.
#
# Knobs (environment): BENCH_DURATION (20 s), BENCH_CONNECTIONS ("10 50 100"), BENCH_THREADS (2),
#   BENCH_WARMUP (10 s), BENCH_FRESH_WARMUP (30 s), BENCH_SLOW_DELAY_MS (500), BENCH_SLOW_DURATION (10 s), BENCH_DRAIN_TIMEOUT (120 s),
#   BENCH_REGISTRATIONS (100), BENCH_APP_PORT (5780), BENCH_FAKE_PORT (5781), BENCH_SMTP_PORT (5782, must be closed),
#   BENCH_NGINX_PORT (5783), BENCH_APP2_PORT (5784, the second instance behind nginx), BENCH_FLOOD_SMS_CONNECTIONS (4),
#   DASHOP_REDIS_PORT (6410), DASHOP_RABBIT_PORT (5703), DASHOP_RABBIT_DIST_PORT (25703), DASHOP_PG_PORT (5734),
#   BENCH_OUT (bench/out/<UTC time>), BENCH_DOC (docs/BENCHMARKS.md; "-" = do not write it),
#   BENCH_SKIP_BUILD=1, BENCH_ONLY ("servers postgres telemetry nginx flood embedded registration hash", any subset; also
#   "floor" and "soak", which the default leaves out), BENCH_FLOOR_WARMUP (60 s), BENCH_SOAK_DURATION (300 s),
#   BENCH_FLOOR_MODES ("servers embedded": the pairs the floor step measures), BENCH_APP_BIN (the app's folder),
#   BENCH_COUNTERS=1 (dotnet-counters samples of the app during the 100-connection runs, if the tool is installed).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$ROOT"
T0=$SECONDS

DURATION=${BENCH_DURATION:-20}
CONNECTIONS=${BENCH_CONNECTIONS:-"10 50 100"}
THREADS=${BENCH_THREADS:-2}
WARMUP=${BENCH_WARMUP:-10}
# The embedded and PostgreSQL apps are measured right after their start, with no earlier runs to warm them:
# tiered compilation still took 15-20% of the CPU 10 s into the load, so they get a longer warm-up.
FRESH_WARMUP=${BENCH_FRESH_WARMUP:-30}
# The telemetry step compares CPU per request within a few percent: after 30 s of full load an app with telemetry on was
# still compiling its hot paths to tier 1 (the JIT was a fifth of its CPU), so each of its apps warms for 90 s.
TELEMETRY_WARMUP=${BENCH_TELEMETRY_WARMUP:-90}
# The floor step compares Dashop with bench/Floor: each fresh, warmed alike, its warm-up sampled for the time to steady state.
FLOOR_WARMUP=${BENCH_FLOOR_WARMUP:-60}
SOAK_DURATION=${BENCH_SOAK_DURATION:-300}
FLOOR_MODES=" ${BENCH_FLOOR_MODES:-servers embedded} " # which pairs of the floor step run
SLOW_DELAY_MS=${BENCH_SLOW_DELAY_MS:-500}
SLOW_DURATION=${BENCH_SLOW_DURATION:-10}
DRAIN_TIMEOUT=${BENCH_DRAIN_TIMEOUT:-120}
REGISTRATIONS=${BENCH_REGISTRATIONS:-100}
APP_PORT=${BENCH_APP_PORT:-5780}
FAKE_PORT=${BENCH_FAKE_PORT:-5781}
SMTP_PORT=${BENCH_SMTP_PORT:-5782}
NGINX_PORT=${BENCH_NGINX_PORT:-5783}
APP2_PORT=${BENCH_APP2_PORT:-5784}
# sms/code connections while /login is flooded: a light closed loop, so the figure shows the flood's effect, not sms/code's own queueing
FLOOD_SMS_CONNECTIONS=${BENCH_FLOOD_SMS_CONNECTIONS:-4}
ONLY=" ${BENCH_ONLY:-servers postgres telemetry nginx flood embedded registration hash} "
export DASHOP_REDIS_PORT=${DASHOP_REDIS_PORT:-6410}
export DASHOP_RABBIT_PORT=${DASHOP_RABBIT_PORT:-5703}
export DASHOP_RABBIT_DIST_PORT=${DASHOP_RABBIT_DIST_PORT:-25703}
export DASHOP_PG_PORT=${DASHOP_PG_PORT:-5734}
OUT=${BENCH_OUT:-$ROOT/bench/out/$(date -u +%Y%m%dT%H%M%SZ)}
DOC=${BENCH_DOC:-$ROOT/docs/BENCHMARKS.md}
CODE_TTL_S=300 # Sms:CodeTtlSeconds (the default; an SMS arriving later than this after its request is "expired")

APP=http://127.0.0.1:$APP_PORT
APP2=http://127.0.0.1:$APP2_PORT
NGINX=http://127.0.0.1:$NGINX_PORT
TARGET=$APP # what wrk drives: the app, or nginx in front of two instances
FAKE=http://127.0.0.1:$FAKE_PORT
APP_BIN=${BENCH_APP_BIN:-$ROOT/Dashop.Web/bin/Release/net10.0} # BENCH_APP_BIN: e.g. a ReadyToRun publish (then BENCH_SKIP_BUILD=1)
FAKE_DLL=$ROOT/bench/FakeRonglian/bin/Release/net10.0/FakeRonglian.dll
MEASURE_DLL=$ROOT/bench/Measure/bin/Release/net10.0/Measure.dll
FLOOR_DLL=$ROOT/bench/Floor/bin/Release/net10.0/Floor.dll
SID=8aaf0708bench000account00sid0001
TOKEN=bench-auth-token-not-a-secret-01
APP_ID=8aaf0708bench000app0000id0000001
TEMPLATE_ID=1

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log() { printf '[bench %3ds] %s\n' $((SECONDS - T0)) "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
want() { [[ $ONLY == *" $1 "* ]]; }

mkdir -p "$OUT"
RESULTS=$OUT/results.tsv
: >"$RESULTS"
: >"$OUT/extra.txt"

# shellcheck source=../scripts/services.sh
. "$ROOT/scripts/services.sh"

# ------------------------------------------------------------------------------------------------
# Processes we start, and their cleanup
# ------------------------------------------------------------------------------------------------
DATA="" APP_PID="" APP2_PID="" NGINX_PID="" FAKE_PID="" COUNTERS_PID="" NGINX_DB=""

stop_pid() { # PID NAME: TERM, wait up to 20 s, then KILL; only if it is still the process we started
    local pid=$1 name=$2 i
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || return 0
    for i in $(seq 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
        log "$name ($pid) still running after 20 s: KILL"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM HUP
    stop_pid "$COUNTERS_PID" dotnet-counters
    declare -F stop_nginx >/dev/null && stop_nginx
    stop_pid "$APP_PID" app
    stop_pid "$APP2_PID" app2
    stop_pid "$FAKE_PID" fake-ronglian
    [[ -n $DATA ]] && { dashop_stop_services "$DATA" || true; }
    log "done (rc $rc); output in $OUT"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_http() { # URL SECONDS PID: until URL answers at all (any HTTP status)
    local url=$1 limit=$2 pid=$3 i
    for i in $(seq $((limit * 5))); do
        kill -0 "$pid" 2>/dev/null || return 1
        curl -s -o /dev/null --max-time 2 "$url" && return 0
        sleep 0.2
    done
    return 1
}

# ------------------------------------------------------------------------------------------------
# Build
# ------------------------------------------------------------------------------------------------
packages=(redis rabbitmq wrk)
if want postgres || want nginx; then packages+=(postgres); fi
if want nginx; then packages+=(nginx); fi
dashop_install_packages "${packages[@]}"
for p in $APP_PORT $FAKE_PORT $SMTP_PORT $NGINX_PORT $APP2_PORT; do
    port_open "$p" && die "port $p on 127.0.0.1 is in use (set BENCH_APP_PORT / BENCH_FAKE_PORT / BENCH_SMTP_PORT / BENCH_NGINX_PORT / BENCH_APP2_PORT)"
done
if [[ ${BENCH_SKIP_BUILD:-0} != 1 ]]; then
    log "building (Release)"
    for proj in Dashop.Web/Dashop.Web.csproj bench/FakeRonglian/FakeRonglian.csproj bench/Measure/Measure.csproj bench/Floor/Floor.csproj; do
        dotnet build "$proj" -c Release -nologo -v q >"$OUT/build.log" 2>&1 || { tail -n 30 "$OUT/build.log" >&2; die "build of $proj failed"; }
    done
fi
for f in "$APP_BIN/Dashop.Web.dll" "$FAKE_DLL" "$MEASURE_DLL" "$FLOOR_DLL"; do [[ -f $f ]] || die "$f missing (build first)"; done

# ------------------------------------------------------------------------------------------------
# Machine
# ------------------------------------------------------------------------------------------------
CPU_MODEL=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
MEM_GB=$(awk '/^MemTotal/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)
NPROC=$(nproc)
HZ=$(getconf CLK_TCK)
{
    echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "machine=$NPROC cores, $CPU_MODEL, $MEM_GB GiB"
    echo "commit=$(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo '+changes')"
    echo "dotnet=$(dotnet --list-runtimes 2>/dev/null | awk '/Microsoft.AspNetCore.App/ { v = $2 } END { print v }')"
    echo "wrk=$(wrk --version 2>&1 | awk 'NR == 1 { print $2 }')"
} >"$OUT/machine.txt"

# ------------------------------------------------------------------------------------------------
# CPU accounting: how much of the machine did processes other than ours use during a run?
# ------------------------------------------------------------------------------------------------
machine_busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }
pid_cpu() { # PID...: utime + stime in ticks (0 for a gone pid)
    local t=0 p v
    for p in "$@"; do
        [[ -n $p && -r /proc/$p/stat ]] || continue
        v=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$p/stat" 2>/dev/null) || v=0
        t=$((t + ${v:-0}))
    done
    echo "$t"
}
children_cpu() { # ticks used by reaped children of this shell (wrk): cutime + cstime of $$
    # (not `times`: in a command substitution it runs in a forked subshell, which has no children, so it said 0)
    awk '{ sub(/^.*\) /, ""); print $14 + $15 }' "/proc/$$/stat"
}
our_pids() {
    local p=""
    [[ -n ${DATA:-} && -f $DATA/redis/redis.pid ]] && p+=" $(tr -dc 0-9 <"$DATA/redis/redis.pid")"
    [[ -n ${DATA:-} && -f $DATA/rmq/rabbit.pid ]] && p+=" $(tr -dc 0-9 <"$DATA/rmq/rabbit.pid")"
    if [[ -n ${DATA:-} && -f $DATA/pg/data/postmaster.pid ]]; then # the postmaster and its backends
        local pm
        pm=$(head -n1 "$DATA/pg/data/postmaster.pid" | tr -dc 0-9)
        p+=" $pm $(pgrep -P "$pm" | tr '\n' ' ')"
    fi
    [[ -n $NGINX_PID ]] && p+=" $NGINX_PID $(pgrep -P "$NGINX_PID" | tr '\n' ' ')" # the master and its worker
    echo "$APP_PID $APP2_PID $FAKE_PID $COUNTERS_PID$p"
}
loadavg() { cut -d' ' -f1 /proc/loadavg; }

# ------------------------------------------------------------------------------------------------
# The app and the fake
# ------------------------------------------------------------------------------------------------
start_fake() {
    log "starting the fake Ronglian on :$FAKE_PORT"
    dotnet "$FAKE_DLL" --port "$FAKE_PORT" --out "$OUT" --account-sid "$SID" --auth-token "$TOKEN" \
        --app-id "$APP_ID" --template-id "$TEMPLATE_ID" </dev/null >"$OUT/fake.log" 2>&1 &
    FAKE_PID=$!
    wait_http "$FAKE/stats" 30 "$FAKE_PID" || { tail -n 20 "$OUT/fake.log" >&2; die "the fake Ronglian did not start"; }
}

start_app() { # servers|postgres|nginx|embedded [LABEL [NAME=VALUE ...]]
    # LABEL (default: the mode) names the log, the data folder and, when it is not the mode, its own cache prefix (so
    # that its phones meet no cooldown of an earlier app on the same Redis); NAME=VALUE are added to the environment.
    # LABEL "second" starts another instance of the mode on APP2_PORT (APP2_PID), as the nginx run does.
    local mode=$1 label=${2:-$1}
    shift
    (($# > 0)) && shift
    local url=$APP name=$label cache_prefix=bench: second=""
    if [[ $label == second ]]; then url=$APP2 name=$mode-2 label=$mode second=1; fi
    [[ $label == "$mode" ]] || cache_prefix="bench-$label:"
    local data_path=$OUT/app-data-$name
    mkdir -p "$data_path"
    local env=(
        ASPNETCORE_ENVIRONMENT=Production
        ASPNETCORE_URLS="$url"
        App__DataPath="$data_path"
        App__PublicBaseUrl="$url"
        App__AllowHttp=true
        Jwt__SigningKey="$(head -c 48 /dev/urandom | base64 | tr -d '\n')"
        Sms__Provider=Ronglian
        Sms__Ronglian__BaseUrl="$FAKE"
        Sms__Ronglian__AccountSid="$SID"
        Sms__Ronglian__AuthToken="$TOKEN"
        Sms__Ronglian__AppId="$APP_ID"
        Sms__Ronglian__TemplateId="$TEMPLATE_ID"
        Sms__MaxPerIpPerHour=1000000000
        Sms__MaxPerPhonePerDay=1000000
        Sms__MaxPerHour=1000000000
        RateLimits__PasswordAttemptsPerMinutePerIp=1000000
        Email__Provider=Smtp
        Smtp__Host=127.0.0.1
        Smtp__Port="$SMTP_PORT"
        Smtp__Security=None
        Email__MaxSendAttempts=1
        Logging__LogLevel__Default=Warning
        Logging__LogLevel__Microsoft.AspNetCore=Warning
        Cache__InstanceName="$cache_prefix"
        Messaging__Prefix=bench
    )
    if [[ $mode == servers || $mode == postgres || $mode == nginx ]]; then
        env+=(ConnectionStrings__Redis="$DASHOP_TEST_REDIS" ConnectionStrings__RabbitMq="$DASHOP_TEST_RABBITMQ")
    fi
    if [[ $mode == postgres ]]; then
        # a new database each run (the app creates it and applies its migrations)
        env+=(Database__Provider=Postgres ConnectionStrings__Dashop="$DASHOP_TEST_POSTGRES;Database=dashop_bench_$(date -u +%H%M%S)")
    fi
    if [[ $mode == nginx ]]; then
        # both instances on one new database; their own key space and queues (quorum: the other runs declared
        # classic ones, and a queue's type cannot change); nginx is the proxy whose X-Forwarded-For they believe
        env+=(Database__Provider=Postgres ConnectionStrings__Dashop="$DASHOP_TEST_POSTGRES;Database=$NGINX_DB"
            Cache__InstanceName=benchn: Messaging__Prefix=benchq Messaging__QueueType=quorum
            ForwardedHeaders__KnownProxies=127.0.0.1 App__PublicBaseUrl="$NGINX")
    fi
    env+=("$@")
    log "starting the app ($name) on ${url##*:}${*:+ with $*}"
    (
        cd "$APP_BIN"
        exec env -u ConnectionStrings__Redis -u ConnectionStrings__RabbitMq -u DOTNET_ENVIRONMENT \
            -u OTEL_EXPORTER_OTLP_ENDPOINT -u OTEL_EXPORTER_OTLP_PROTOCOL -u Telemetry__Enabled "${env[@]}" \
            dotnet Dashop.Web.dll
    ) </dev/null >"$OUT/app-$name.log" 2>&1 &
    local pid=$!
    if [[ -n $second ]]; then APP2_PID=$pid; else APP_PID=$pid; fi
    wait_http "$url/" 60 "$pid" || { tail -n 30 "$OUT/app-$name.log" >&2; die "the app ($name) did not start"; }
    # the subshell exec'd dotnet, so the pid is the app itself
    [[ $(cat "/proc/$pid/comm" 2>/dev/null) == dotnet ]] || die "unexpected app process $(cat "/proc/$pid/comm" 2>/dev/null)"
}

start_floor() { # rabbitmq|memory redis|memory LABEL: bench/Floor on APP_PORT, as APP_PID (so run_case measures it like the app)
    local bus=$1 store=$2 label=$3
    local data_path=$OUT/floor-data-$label
    mkdir -p "$data_path"
    local extra=()
    [[ $store == redis ]] && extra+=(--redis "$DASHOP_TEST_REDIS")
    [[ $bus == rabbitmq ]] && extra+=(--rabbitmq "$DASHOP_TEST_RABBITMQ")
    log "starting the floor ($label: bus $bus, store $store) on $APP_PORT"
    dotnet "$FLOOR_DLL" --port "$APP_PORT" --bus "$bus" --store "$store" --db "$data_path/floor.db" --fake "$FAKE" \
        --account-sid "$SID" --auth-token "$TOKEN" --app-id "$APP_ID" --template-id "$TEMPLATE_ID" --prefix "floor-$label" \
        "${extra[@]}" </dev/null >"$OUT/floor-$label.log" 2>&1 &
    APP_PID=$!
    wait_http "$APP/" 60 "$APP_PID" || { tail -n 30 "$OUT/floor-$label.log" >&2; die "the floor ($label) did not start"; }
}

# nginx on NGINX_PORT, round robin over the two instances; everything it writes is in OUT/nginx (no root paths).
start_nginx() {
    local dir=$OUT/nginx user=""
    mkdir -p "$dir"
    ((EUID == 0)) && user="user root;" # as root its workers would otherwise switch to an account that cannot write here
    cat >"$dir/nginx.conf" <<CONF
$user
daemon off;
worker_processes 1;
pid $dir/nginx.pid;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $dir/client_body;
    proxy_temp_path $dir/proxy;
    fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi;
    scgi_temp_path $dir/scgi;
    upstream dashop {
        server 127.0.0.1:$APP_PORT;
        server 127.0.0.1:$APP2_PORT;
        keepalive 64;
    }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location / {
            proxy_pass http://dashop;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$http_host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
        }
    }
}
CONF
    log "starting nginx on :$NGINX_PORT in front of :$APP_PORT and :$APP2_PORT"
    /usr/sbin/nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" </dev/null >"$dir/stdout.log" 2>&1 &
    NGINX_PID=$!
    wait_http "$NGINX/" 30 "$NGINX_PID" || { tail -n 20 "$dir/error.log" >&2; die "nginx did not start"; }
}

stop_nginx() {
    [[ -n $NGINX_PID ]] || return 0
    kill -0 "$NGINX_PID" 2>/dev/null && /usr/sbin/nginx -p "$OUT/nginx" -c "$OUT/nginx/nginx.conf" -e "$OUT/nginx/error.log" -s quit 2>/dev/null || true
    stop_pid "$NGINX_PID" nginx
    NGINX_PID=""
}

stop_app() {
    stop_pid "$COUNTERS_PID" dotnet-counters
    COUNTERS_PID=""
    stop_pid "$APP_PID" app
    stop_pid "$APP2_PID" app2
    APP_PID="" APP2_PID=""
}

fake_stat() { curl -fsS --max-time 5 "$FAKE/stats" | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k { print $2 }'; }

# Waits until the fake holds at least N SMS and then until the count stops moving (in-flight requests wrk
# abandoned at its end may still be accepted). Prints the seconds it waited.
drain() { # N
    local want=$1 t0=$SECONDS got=0 last=-1 still=0
    while ((SECONDS - t0 < DRAIN_TIMEOUT)); do
        got=$(fake_stat received)
        if ((got >= want)); then
            if ((got == last)); then
                still=$((still + 1))
                ((still >= 4)) && break
            else
                still=0
            fi
            last=$got
        fi
        sleep 0.25
    done
    echo $((SECONDS - t0))
}

# ------------------------------------------------------------------------------------------------
# One wrk run
# ------------------------------------------------------------------------------------------------
bench_field() { tr ' ' '\n' <<<"$1" | awk -F= -v k="$2" '$1 == k { print $2 }'; }

run_case() { # NAME BACKEND MODE CONNECTIONS DURATION DELAY_MS RUN_DIGIT
    local name=$1 backend=$2 mode=$3 conns=$4 dur=$5 delay=$6 digit=$7
    log "run $name: $backend, $mode phones, $conns connections, ${dur}s, provider delay ${delay} ms"
    curl -fsS --max-time 5 -X POST "$FAKE/reset?delayMs=$delay" >/dev/null
    local hwm_reset=1
    echo 5 >"/proc/$APP_PID/clear_refs" 2>/dev/null || hwm_reset=0
    [[ -z $APP2_PID ]] || echo 5 >"/proc/$APP2_PID/clear_refs" 2>/dev/null || hwm_reset=0
    local counters_started=0
    if [[ ${BENCH_COUNTERS:-0} == 1 && $conns -ge 100 ]] && command -v dotnet-counters >/dev/null 2>&1; then
        dotnet-counters collect -p "$APP_PID" --format csv -o "$OUT/$name.counters.csv" --refresh-interval 1 \
            --counters System.Runtime,Microsoft.AspNetCore.Hosting,System.Net.Http >/dev/null 2>&1 &
        COUNTERS_PID=$!
        counters_started=1
    fi

    local load0 busy0 ours0 kids0 app0 fake0
    load0=$(loadavg); busy0=$(machine_busy); ours0=$(pid_cpu $(our_pids)); kids0=$(children_cpu); app0=$(pid_cpu "$APP_PID" "$APP2_PID")
    fake0=$(pid_cpu "$FAKE_PID")
    wrk -t"$THREADS" -c"$conns" -d"${dur}s" --timeout 10s --latency -s "$ROOT/bench/sms-code.lua" "$TARGET" \
        -- "$mode" "$digit" "$OUT/$name.sent" >"$OUT/$name.wrk.txt" 2>&1 || die "wrk failed: $(tail -n 5 "$OUT/$name.wrk.txt")"
    local load1 busy1 ours1 kids1 app1 fake1
    load1=$(loadavg); busy1=$(machine_busy); ours1=$(pid_cpu $(our_pids)); kids1=$(children_cpu); app1=$(pid_cpu "$APP_PID" "$APP2_PID")
    fake1=$(pid_cpu "$FAKE_PID")
    if ((counters_started)); then stop_pid "$COUNTERS_PID" dotnet-counters; COUNTERS_PID=""; fi

    local line
    line=$(grep '^BENCH ' "$OUT/$name.wrk.txt") || die "no BENCH line in $OUT/$name.wrk.txt"
    local ok cooldown other http_errors unparsed rps p50 p99 socket_errors timeouts requests
    ok=$(bench_field "$line" ok); cooldown=$(bench_field "$line" cooldown); other=$(bench_field "$line" other)
    http_errors=$(bench_field "$line" http_errors); unparsed=$(bench_field "$line" unparsed)
    rps=$(bench_field "$line" rps); p50=$(bench_field "$line" p50_ms); p99=$(bench_field "$line" p99_ms)
    socket_errors=$(bench_field "$line" socket_errors); timeouts=$(bench_field "$line" timeouts)
    requests=$(bench_field "$line" requests)
    local unexpected
    if [[ $mode == single ]]; then
        # one 200 (the claim) is right; everything else must be 10111
        unexpected=$((other + http_errors + unparsed + socket_errors + timeouts + (ok > 1 ? ok - 1 : 0)))
    else
        unexpected=$((cooldown + other + http_errors + unparsed + socket_errors + timeouts))
    fi
    # other processes' share of the machine during the load, in percent of all cores
    local others_pct
    others_pct=$(awk -v b=$((busy1 - busy0)) -v o=$((ours1 - ours0 + kids1 - kids0)) -v hz="$HZ" -v n="$NPROC" -v d="$dur" \
        'BEGIN { x = (b - o) / (hz * n * d) * 100; if (x < 0) x = 0; printf "%.0f", x }')
    # how the machine was shared during the load, in percent of all cores: app/fake/wrk/Redis+RabbitMQ
    local split
    split=$(awk -v a=$((app1 - app0)) -v f=$((fake1 - fake0)) -v w=$((kids1 - kids0)) -v o=$((ours1 - ours0)) \
        -v hz="$HZ" -v n="$NPROC" -v d="$dur" \
        'BEGIN { t = hz * n * d / 100; s = o - a - f; if (s < 0) s = 0; printf "%.0f/%.0f/%.0f/%.0f", a / t, f / t, w / t, s / t }')

    local drain_s
    drain_s=$(drain "$ok")
    curl -fsS --max-time 30 -X POST "$FAKE/dump?name=$name" >/dev/null
    local rss_kb app_cpu_ms
    # the larger instance's, when there are two
    rss_kb=$(cat "/proc/$APP_PID/status" ${APP2_PID:+"/proc/$APP2_PID/status"} | awk '/^VmHWM/ && $2 > m { m = $2 } END { print m }')
    # the app's own CPU (requests and consumers, load and drain; both instances when there are two) per request
    app_cpu_ms=$(awk -v t=$(($(pid_cpu "$APP_PID" "$APP2_PID") - app0)) -v hz="$HZ" -v n="$requests" 'BEGIN { if (n > 0) printf "%.2f", t * 1000 / hz / n; else print "-" }')

    # Join send times (wrk) with arrival times (fake) by phone.
    local stats
    stats=$(awk -F'\t' -v ttl=$((CODE_TTL_S * 1000000)) -v lat="$OUT/$name.latency-us" '
        FILENAME ~ /\.arrivals\.tsv$/ {
            arrived++
            if (!($1 in sent)) { unmatched++; next }
            if (seen[$1]++) { twice++ }
            d = $3 - sent[$1]; print d > lat; matched++
            if (d > ttl) expired++
            if (first == "" || $3 < first) first = $3
            if (last == "" || $3 > last) last = $3
            next
        }
        { if (!($1 in sent) || $2 < sent[$1]) sent[$1] = $2 }
        END {
            span = (last - first) / 1e6
            printf "arrived=%d matched=%d unmatched=%d twice=%d expired=%d span_s=%.3f\n", arrived, matched, unmatched, twice, expired, span
        }' "$OUT/$name".sent-*.tsv "$OUT/$name.arrivals.tsv")
    touch "$OUT/$name.latency-us"
    local arrived matched unmatched twice expired span_s lp50 lp99 lmax sms_rate missing
    arrived=$(bench_field "$stats" arrived); matched=$(bench_field "$stats" matched); unmatched=$(bench_field "$stats" unmatched)
    twice=$(bench_field "$stats" twice); expired=$(bench_field "$stats" expired); span_s=$(bench_field "$stats" span_s)
    read -r lp50 lp99 lmax < <(sort -n "$OUT/$name.latency-us" | awk '
        { v[NR] = $1 }
        END {
            if (NR == 0) { print "- - -"; exit }
            i50 = int(NR * 0.50 + 0.999999); i99 = int(NR * 0.99 + 0.999999)
            printf "%.0f %.0f %.0f\n", v[i50] / 1000, v[i99] / 1000, v[NR] / 1000
        }')
    sms_rate=$(awk -v n="$matched" -v s="$span_s" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print "-" }')
    missing=$((ok > matched ? ok - matched : 0))
    local rss_mb
    rss_mb=$(awk -v k="$rss_kb" 'BEGIN { printf "%.0f", k / 1024 }')
    ((hwm_reset)) || rss_mb="$rss_mb*"

    printf '%s\n' "name=$name backend=$backend mode=$mode conns=$conns dur=$dur delay=$delay requests=$requests rps=$rps p50=$p50 p99=$p99 ok=$ok cooldown=$cooldown other=$other http_errors=$http_errors unparsed=$unparsed socket_errors=$socket_errors timeouts=$timeouts unexpected=$unexpected arrived=$arrived matched=$matched unmatched=$unmatched twice=$twice missing=$missing expired=$expired lp50=$lp50 lp99=$lp99 lmax=$lmax sms_rate=$sms_rate drain_s=$drain_s app_cpu_ms=$app_cpu_ms rss_mb=$rss_mb load0=$load0 load1=$load1 others_pct=$others_pct split=$split" >>"$RESULTS"
    log "  $rps req/s, p50 $p50 ms, p99 $p99 ms, 200s $ok, unexpected $unexpected; at provider $matched (missing $missing, expired $expired), req->provider p50 $lp50 ms p99 $lp99 ms, ${sms_rate} SMS/s; drain ${drain_s}s; app CPU $app_cpu_ms ms/request; peak RSS ${rss_mb} MB; load $load0->$load1, others ${others_pct}%, CPU app/fake/wrk/servers $split %"
}

warm_up() { # RUN_DIGIT [SECONDS]
    local seconds=${2:-$WARMUP}
    log "warm-up: ${seconds}s, 50 connections"
    curl -fsS --max-time 5 -X POST "$FAKE/reset?delayMs=0" >/dev/null
    wrk -t"$THREADS" -c50 -d"${seconds}s" --timeout 10s -s "$ROOT/bench/sms-code.lua" "$TARGET" -- distinct "$1" >"$OUT/warmup-$1.wrk.txt" 2>&1 || true
    local ok
    ok=$(bench_field "$(grep '^BENCH ' "$OUT/warmup-$1.wrk.txt" || true)" ok)
    drain "${ok:-0}" >/dev/null
}

# A warm-up that also measures how fast the app reaches its steady cost: wrk at 100 connections for SECONDS while the
# app's CPU and the SMS at the fake are sampled every 5 s (the backlog is bounded or drained by the broker, so the SMS
# at the fake follow the requests). Steady cost = CPU per SMS over the last 20 s; time to steady state = the end of the
# first 5 s window from which on no window is more than 15% above it. Appends a "warm" line to results.tsv.
warm_up_sampled() { # NAME RUN_DIGIT SECONDS
    local name=$1 digit=$2 seconds=$3
    log "warm-up: ${seconds}s, 100 connections, sampled (time to steady state)"
    curl -fsS --max-time 5 -X POST "$FAKE/reset?delayMs=0" >/dev/null
    wrk -t"$THREADS" -c100 -d"${seconds}s" --timeout 10s -s "$ROOT/bench/sms-code.lua" "$TARGET" -- distinct "$digit" \
        >"$OUT/warmup-$name.wrk.txt" 2>&1 &
    local wrk_pid=$! t0=$SECONDS
    : >"$OUT/$name.warm.tsv"
    while kill -0 "$wrk_pid" 2>/dev/null; do
        printf '%s\t%s\t%s\n' $((SECONDS - t0)) "$(pid_cpu "$APP_PID")" "$(fake_stat received)" >>"$OUT/$name.warm.tsv"
        sleep 5
    done
    wait "$wrk_pid" || true
    local ok
    ok=$(bench_field "$(grep '^BENCH ' "$OUT/warmup-$name.wrk.txt" || true)" ok)
    drain "${ok:-0}" >/dev/null
    local steady
    steady=$(awk -F'\t' -v hz="$HZ" '
        NR > 1 && $3 > r { t[++n] = $1; c[n] = ($2 - pc) * 1000 / hz / ($3 - r) }
        { pc = $2; r = $3; last = $1 }
        END {
            if (n < 3) { print "steady_ms=- steady_s=-"; exit }
            # the steady cost: the windows of the last 20 s
            s = 0; k = 0
            for (i = 1; i <= n; i++) if (t[i] > last - 20) { s += c[i]; k++ }
            steady = s / k
            at = t[n]
            for (i = n; i >= 1; i--) { if (c[i] > steady * 1.15) break; at = t[i] }
            printf "steady_ms=%.3f steady_s=%d first_ms=%.3f\n", steady, at, c[1]
        }' "$OUT/$name.warm.tsv")
    echo "kind=warm name=$name $steady" >>"$RESULTS"
    log "  $name: $steady"
}

# The cheap requests: GET PATH for DURATION at 50 connections; app CPU per request. Appends a "get" line to results.tsv.
run_get() { # NAME PATH EXPECT [AUTHORIZATION]
    local name=$1 path=$2 expect=$3 auth=${4:-}
    log "run $name: GET $path, 50 connections, ${DURATION}s"
    local load0 app0
    load0=$(loadavg); app0=$(pid_cpu "$APP_PID")
    wrk -t"$THREADS" -c50 -d"${DURATION}s" --timeout 10s --latency -s "$ROOT/bench/get.lua" "$TARGET" -- "$path" "$expect" "$auth" \
        >"$OUT/$name.wrk.txt" 2>&1 || die "wrk failed: $(tail -n 5 "$OUT/$name.wrk.txt")"
    local line requests unexpected app_cpu_ms
    line=$(grep '^BENCH ' "$OUT/$name.wrk.txt") || die "no BENCH line in $OUT/$name.wrk.txt"
    requests=$(bench_field "$line" requests)
    unexpected=$(($(bench_field "$line" other) + $(bench_field "$line" http_errors) + $(bench_field "$line" unparsed) + $(bench_field "$line" socket_errors) + $(bench_field "$line" timeouts)))
    app_cpu_ms=$(awk -v t=$(($(pid_cpu "$APP_PID") - app0)) -v hz="$HZ" -v n="$requests" 'BEGIN { if (n > 0) printf "%.3f", t * 1000 / hz / n; else print "-" }')
    echo "kind=get name=$name path=$path requests=$requests rps=$(bench_field "$line" rps) p99=$(bench_field "$line" p99_ms) unexpected=$unexpected app_cpu_ms=$app_cpu_ms load0=$load0 load1=$(loadavg)" >>"$RESULTS"
    log "  $(bench_field "$line" rps) req/s, p99 $(bench_field "$line" p99_ms) ms, unexpected $unexpected, app CPU $app_cpu_ms ms/request"
}

# A /v1 token for the cheap requests: one account registered through the API (Measure register), then POST /v1/tokens.
bench_token() {
    dotnet "$MEASURE_DLL" register --app "$APP" --fake "$FAKE" --count 1 --concurrency 1 --prefix 17692 >"$OUT/token-register.txt" 2>&1 \
        || { cat "$OUT/token-register.txt" >&2; die "could not register the token's account"; }
    local pw=bench-password-0123 # Measure register's password for its accounts
    curl -fsS --max-time 30 -H 'Content-Type: application/json' -d "{\"username\":\"17692000000\",\"password\":\"${pw}\"}" \
        "$APP/v1/tokens" >"$OUT/token.json" || die "POST /v1/tokens failed"
    sed -n 's/.*"token":"\([^"]*\)".*/\1/p' "$OUT/token.json"
}

# ------------------------------------------------------------------------------------------------
# The runs
# ------------------------------------------------------------------------------------------------
if want hash; then
    log "password hash cost (Measure hash)"
    load0=$(loadavg)
    h=$(dotnet "$MEASURE_DLL" hash --count 12)
    echo "$h load0=$load0 load1=$(loadavg)" | tee -a "$OUT/extra.txt" >&2
fi

if want servers || want registration || want postgres || want telemetry || want nginx || want flood; then
    DATA=$(mktemp -d /tmp/dashop-bench-services.XXXXXX)
    if want postgres || want nginx; then dashop_start_services "$DATA" redis rabbitmq postgres; else dashop_start_services "$DATA" redis rabbitmq; fi
fi
start_fake

if want servers || want registration; then
    start_app servers
    warm_up 0
    if want servers; then
        digit=1
        for c in $CONNECTIONS; do
            run_case "servers-distinct-c$c" "Redis + RabbitMQ" distinct "$c" "$DURATION" 0 $digit
            digit=$((digit + 1))
        done
        for c in $CONNECTIONS; do
            run_case "servers-single-c$c" "Redis + RabbitMQ" single "$c" "$DURATION" 0 $digit
            digit=$((digit + 1))
        done
        run_case "servers-slow-c100" "Redis + RabbitMQ" distinct 100 "$SLOW_DURATION" "$SLOW_DELAY_MS" $digit
    fi
    if want registration; then
        log "registrations through POST /v1/users (Measure register, $REGISTRATIONS accounts)"
        curl -fsS --max-time 5 -X POST "$FAKE/reset?delayMs=0" >/dev/null
        load0=$(loadavg)
        reg=$(dotnet "$MEASURE_DLL" register --app "$APP" --fake "$FAKE" --count "$REGISTRATIONS" --concurrency 4 --prefix 17690) \
            || log "Measure register reported failures"
        echo "$reg load0=$load0 load1=$(loadavg)" | tee -a "$OUT/extra.txt" >&2
    fi
    stop_app
fi

if want postgres; then
    # the same as servers-distinct-c100, with the accounts and delivery rows in PostgreSQL instead of SQLite
    start_app postgres
    warm_up 0 "$FRESH_WARMUP"
    run_case "postgres-distinct-c100" postgres distinct 100 "$DURATION" 0 9
    stop_app
fi

if want telemetry; then
    # Same services, same load, one fresh app each, warmed alike; only the telemetry differs. The phones of each run are
    # new to its app (its own cache prefix), so every answer is a 200 and every SMS goes to the fake.
    digit=1
    for variant in otlp on off; do
        case $variant in
            otlp) telemetry_env=(OTEL_EXPORTER_OTLP_ENDPOINT="$FAKE" OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf) ;;
            on) telemetry_env=() ;;
            off) telemetry_env=(Telemetry__Enabled=false) ;;
        esac
        start_app servers "telemetry-$variant" "${telemetry_env[@]}"
        warm_up 0 "$TELEMETRY_WARMUP"
        run_case "telemetry-$variant-c100" "Redis + RabbitMQ" distinct 100 "$DURATION" 0 $digit
        stop_app # the OTLP exporter flushes on stop: the sink's count below includes it
        if [[ $variant == otlp ]]; then
            otlp_requests=$(fake_stat otlp_requests)
            echo "OTLP requests=$otlp_requests bytes=$(fake_stat otlp_bytes)" >>"$OUT/extra.txt"
            ((otlp_requests > 0)) || die "the OTLP run exported nothing to the sink at $FAKE (see $OUT/app-telemetry-otlp.log)"
        fi
        digit=$((digit + 1))
    done
fi

if want nginx; then
    # The same deployment measured two ways: one instance direct, then two instances through nginx. Both
    # instances share the two cores, so the second row shows the proxy's cost and that nothing breaks, not scaling.
    NGINX_DB=dashop_bench_nginx_$(date -u +%H%M%S)
    start_app nginx
    warm_up 4 "$FRESH_WARMUP"
    run_case "nginx-direct-one-c100" nginx-direct distinct 100 "$DURATION" 0 1
    start_app nginx second
    start_nginx
    TARGET=$NGINX
    warm_up 5 "$FRESH_WARMUP"
    run_case "nginx-two-c100" nginx-two distinct 100 "$DURATION" 0 2
    TARGET=$APP
    stop_nginx
    stop_app
fi

if want flood; then
    # Issue 12's bulkhead under attack: wrong passwords for made-up accounts flood POST /login from ever-new client
    # addresses (named in X-Forwarded-For, which the app believes from 127.0.0.1), so the per-IP limit never bites and
    # every request wants a password hash; meanwhile sms/code is measured at BENCH_FLOOD_SMS_CONNECTIONS (4). Its p99 is the figure.
    start_app servers flood ForwardedHeaders__KnownProxies=127.0.0.1 RateLimits__PasswordAttemptsPerMinutePerIp=10
    warm_up 8 "$FRESH_WARMUP"
    curl -fsS -c "$OUT/flood.cookies" -o "$OUT/flood-login.html" "$APP/login" || die "GET /login failed"
    flood_token=$(grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' "$OUT/flood-login.html" | head -n1 | sed 's/.*value="//; s/"$//')
    flood_cookie=$(awk '(!/^#/ || /^#HttpOnly_/) && NF >= 7 && $6 ~ /\.af$|Antiforgery/ { print $6 "=" $7; exit }' "$OUT/flood.cookies")
    [[ -n $flood_token && -n $flood_cookie ]] || die "no antiforgery cookie or token in GET /login"
    # the control: the same light sms/code load on the same app with no flood, so the flood's own effect is visible
    run_case "login-quiet-c${FLOOD_SMS_CONNECTIONS}" login-quiet distinct "$FLOOD_SMS_CONNECTIONS" "$DURATION" 0 7
    log "flood: POST /login with wrong passwords, 50 connections, for the whole sms/code run"
    wrk -t1 -c50 -d"$((DURATION + 13))s" --timeout 30s -s "$ROOT/bench/login-flood.lua" "$APP" -- "$flood_cookie" "$flood_token" \
        >"$OUT/login-flood.wrk.txt" 2>&1 &
    flood_pid=$!
    # The measurement starts 10 s in, after two rounds of the 5 s hash wait: the flood in its steady state (its
    # "busy" answers spread out, the login path compiled), not the first seconds of a freshly started attack.
    sleep 10
    run_case "login-flood-c${FLOOD_SMS_CONNECTIONS}" login-flood distinct "$FLOOD_SMS_CONNECTIONS" "$DURATION" 0 9
    wait "$flood_pid" || die "the /login flood failed: $(tail -n 5 "$OUT/login-flood.wrk.txt")"
    grep '^FLOOD ' "$OUT/login-flood.wrk.txt" | sed 's/^FLOOD /login flood: /' >>"$OUT/extra.txt"
    stop_app
fi

if [[ -n $DATA ]]; then
    dashop_stop_services "$DATA" || true
    DATA=""
fi

if want embedded; then
    start_app embedded
    warm_up 0 "$FRESH_WARMUP"
    run_case "embedded-distinct-c100" "embedded" distinct 100 "$DURATION" 0 8
    stop_app
fi

if want floor || want soak; then
    # services of their own when the steps above did not start them (the floor's Redis + RabbitMQ rows need them)
    if want floor && [[ -z $DATA && $FLOOR_MODES == *" servers "* ]]; then
        DATA=$(mktemp -d /tmp/dashop-bench-services.XXXXXX)
        dashop_start_services "$DATA" redis rabbitmq
    fi
fi

if want floor; then
    # Dashop and its floor side by side: each fresh, the same warm-up, the same load, on the same services and machine.
  if [[ $FLOOR_MODES == *" servers "* ]]; then
    start_app servers floor-dashop
    warm_up_sampled cmp-dashop-servers 1 "$FLOOR_WARMUP"
    run_case "cmp-dashop-servers-c100" "Redis + RabbitMQ" distinct 100 "$DURATION" 0 2
    stop_app
    start_floor rabbitmq redis servers
    warm_up_sampled cmp-floor-servers 3 "$FLOOR_WARMUP"
    run_case "cmp-floor-servers-c100" floor-servers distinct 100 "$DURATION" 0 4
    stop_app
  fi
  if [[ $FLOOR_MODES == *" embedded "* ]]; then
    start_app embedded floor-embedded
    warm_up_sampled cmp-dashop-embedded 5 "$FLOOR_WARMUP"
    run_case "cmp-dashop-embedded-c100" "embedded" distinct 100 "$DURATION" 0 6
    token=$(bench_token)
    [[ -n $token ]] || die "no token in $OUT/token.json"
    run_get "get-dashop-tokens-status" /v1/tokens/status json200 "$token"
    run_get "get-dashop-login" /login http200
    run_get "get-dashop-register" /register http200
    run_get "get-dashop-healthz-live" /healthz/live http200
    stop_app
    start_floor memory memory embedded
    warm_up_sampled cmp-floor-embedded 7 "$FLOOR_WARMUP"
    run_case "cmp-floor-embedded-c100" floor-embedded distinct 100 "$DURATION" 0 8
    run_get "get-floor-root" / http200
    stop_app
  fi
fi

if [[ -n $DATA ]]; then
    dashop_stop_services "$DATA" || true
    DATA=""
fi

if want soak; then
    # The embedded per-phone state over minutes: 20 connections, distinct phones, RSS every 10 s; nothing may be lost.
    start_app embedded soak
    warm_up 9 "$FRESH_WARMUP"
    curl -fsS --max-time 5 -X POST "$FAKE/reset?delayMs=0" >/dev/null
    log "soak: ${SOAK_DURATION}s, 20 connections, distinct phones, RSS every 10 s"
    wrk -t"$THREADS" -c20 -d"${SOAK_DURATION}s" --timeout 10s -s "$ROOT/bench/sms-code.lua" "$TARGET" -- distinct 0 "$OUT/soak.sent" \
        >"$OUT/soak.wrk.txt" 2>&1 &
    soak_pid=$! t0=$SECONDS
    : >"$OUT/soak.rss.tsv"
    while kill -0 "$soak_pid" 2>/dev/null; do
        printf '%s\t%s\t%s\n' $((SECONDS - t0)) "$(awk '/^VmRSS/ { print $2 }' "/proc/$APP_PID/status")" "$(fake_stat received)" >>"$OUT/soak.rss.tsv"
        sleep 10
    done
    wait "$soak_pid" || die "the soak's wrk failed: $(tail -n 5 "$OUT/soak.wrk.txt")"
    line=$(grep '^BENCH ' "$OUT/soak.wrk.txt") || die "no BENCH line in $OUT/soak.wrk.txt"
    soak_ok=$(bench_field "$line" ok)
    drain "$soak_ok" >/dev/null
    soak_received=$(fake_stat received)
    # per phone: RSS growth from the first minute's end to the last sample, over the SMS delivered meanwhile
    per_phone=$(awk -F'\t' '$1 >= 60 && first == "" { first = $2; r0 = $3 } { last = $2; r1 = $3 }
        END { if (r1 > r0) printf "%.3f", (last - first) / (r1 - r0); else print "-" }' "$OUT/soak.rss.tsv")
    rss_first=$(awk -F'\t' 'NR == 1 { print int($2 / 1024) }' "$OUT/soak.rss.tsv")
    rss_last=$(awk -F'\t' 'END { print int($2 / 1024) }' "$OUT/soak.rss.tsv")
    echo "kind=soak name=soak-embedded-c20 dur=$SOAK_DURATION requests=$(bench_field "$line" requests) ok=$soak_ok received=$soak_received missing=$((soak_ok > soak_received ? soak_ok - soak_received : 0)) per_phone_kb=$per_phone rss_first_mb=$rss_first rss_last_mb=$rss_last" >>"$RESULTS"
    log "  soak: $soak_ok accepted, $soak_received at the fake; RSS $rss_first -> $rss_last MB; ${per_phone} KB a phone"
    stop_app
fi

# ------------------------------------------------------------------------------------------------
# The table
# ------------------------------------------------------------------------------------------------
"$ROOT/bench/report.sh" "$OUT" >"$OUT/table.md"
if [[ $DOC != - ]]; then
    mkdir -p "$(dirname "$DOC")"
    [[ -f $DOC ]] || printf '# Benchmarks\n\n<!-- bench:begin -->\n<!-- bench:end -->\n' >"$DOC"
    grep -q '<!-- bench:begin -->' "$DOC" || printf '\n<!-- bench:begin -->\n<!-- bench:end -->\n' >>"$DOC"
    awk -v table="$OUT/table.md" '
        /<!-- bench:begin -->/ { print; while ((getline l < table) > 0) print l; skip = 1; next }
        /<!-- bench:end -->/ { skip = 0 }
        !skip { print }' "$DOC" >"$DOC.tmp" && mv "$DOC.tmp" "$DOC"
    log "table written to $DOC"
fi
cat "$OUT/table.md"
log "total $((SECONDS - T0)) s"

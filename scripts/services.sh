# shellcheck shell=bash
# Dashop: backing services for tests and benchmarks (Redis, RabbitMQ, PostgreSQL, MariaDB),
# started without systemd, with all data under one throwaway directory.
#
# Source this file; do not execute it:
#   . scripts/services.sh
#   dashop_install_packages                 # apt-get only what is missing
#   dashop_start_services "$DATA_DIR"       # start all five, wait until ready, export DASHOP_TEST_*
#   dashop_stop_services  "$DATA_DIR"       # stop exactly what start started, then rm -rf DATA_DIR
# Both may be limited to some of them (no names = what the tests use, as test.sh does):
#   dashop_install_packages redis rabbitmq wrk          # of: redis rabbitmq postgres mariadb chromium prometheus nginx wrk
#   (no names: redis rabbitmq postgres mariadb chromium prometheus nginx; wrk only when named, as bench/run.sh does;
#   prometheus and nginx are only installed: the tests and bench/run.sh start their own, with config in their temp folder)
#   dashop_start_services "$DATA_DIR" redis rabbitmq     # of: redis rabbitmq postgres mariadb redis-cluster
#   (redis-cluster: its ports, variables and wrappers are described under "Redis Cluster" below)
#
# Ports (override with env vars before calling dashop_start_services):
#   DASHOP_REDIS_PORT (6380), DASHOP_RABBIT_PORT (5673), DASHOP_RABBIT_DIST_PORT (25673),
#   DASHOP_PG_PORT (5433), DASHOP_MARIA_PORT (3317). Other knobs: DASHOP_SERVICES_TIMEOUT (90 s), DASHOP_PG_MAX_CONNECTIONS (300),
#   DASHOP_RABBIT_NODENAME (dashop@localhost on port 5673, else dashop<PORT>@localhost, so that runs on
#   other ports can share the machine's epmd with a run on the default ports).
#
# Exported by dashop_start_services:
#   DASHOP_TEST_REDIS        127.0.0.1:6380
#   DASHOP_TEST_RABBITMQ     amqp://guest:guest@127.0.0.1:5673/
#   DASHOP_TEST_POSTGRES     Host=127.0.0.1;Port=5433;Username=postgres   (no Database: tests create their own)
#   DASHOP_TEST_MARIADB      Server=127.0.0.1;Port=3317;User ID=dashop;Password=dashop   (no Database: likewise; the
#                            source of import-dadashop; user dashop may create databases, loopback only)
#   (each only for a service that was started; the wrappers below likewise)
#   DASHOP_TEST_RABBITMQCTL  DATA_DIR/rabbitmqctl   (wrapper: "$DASHOP_TEST_RABBITMQCTL stop_app" / "start_app")
#   DASHOP_TEST_REDIS_STOP   DATA_DIR/redis-stop    (SHUTDOWN NOSAVE, waits until the port is closed)
#   DASHOP_TEST_REDIS_START  DATA_DIR/redis-start   (same settings, same port, waits for PONG)
#   DASHOP_SERVICES_DATA_DIR DATA_DIR
# Exported by dashop_install_packages: PLAYWRIGHT_CHROMIUM_EXECUTABLE=/usr/bin/chromium, and
#   DASHOP_TEST_PROMETHEUS=/usr/bin/prometheus (when installed): the metrics test starts its own Prometheus
#   (loopback port, data and config in its temp folder) once it knows the app's port, and stops it.

export PLAYWRIGHT_CHROMIUM_EXECUTABLE=/usr/bin/chromium

_DASHOP_RMQ_BIN=/usr/lib/rabbitmq/bin
_DASHOP_MARKER=.dashop-services

_dashop_log() { printf '[services] %s\n' "$*" >&2; }
_dashop_err() { printf '[services] ERROR: %s\n' "$*" >&2; }

# Newest PostgreSQL server bin directory, e.g. /usr/lib/postgresql/15/bin (empty if none).
_dashop_pg_bindir() {
    local f best=""
    for f in /usr/lib/postgresql/*/bin/initdb; do
        [[ -x $f ]] && best=$(printf '%s\n%s\n' "$best" "${f%/initdb}" | sed '/^$/d' | sort -V | tail -n1)
    done
    printf '%s' "$best"
}

# True if something accepts TCP connections on 127.0.0.1:PORT.
_dashop_port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

_dashop_port_owner() {
    if command -v ss >/dev/null 2>&1; then
        ss -Hltnp "sport = :$1" 2>/dev/null | head -n 3
    fi
}

# Process PID exists and is not a zombie (pid 1 in a container may reap exited daemons late).
_dashop_alive() {
    local st
    [[ $1 =~ ^[0-9]+$ ]] || return 1
    st=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    st=${st##*) }
    [[ ${st%% *} != Z ]]
}

# Process PID is alive and its command name is NAME (guards against recycled pids).
_dashop_pid_is() {
    local pid=$1 name=$2 comm
    _dashop_alive "$pid" || return 1
    comm=$(cat "/proc/$pid/comm" 2>/dev/null) || return 1
    [[ $comm == "$name" ]]
}

# Run a command as the postgres user when we are root (PostgreSQL refuses to run as root).
_dashop_as_pg() {
    if [[ $EUID -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

_dashop_tail() { # FILE...: print the tail of each existing log file
    local f
    for f in "$@"; do
        [[ -f $f ]] || continue
        printf -- '----- tail of %s -----\n' "$f" >&2
        tail -n 30 "$f" >&2
    done
}

# --------------------------------------------------------------------------------------------
# Packages
# --------------------------------------------------------------------------------------------
# dashop_install_packages [redis|rabbitmq|postgres|mariadb|chromium|prometheus|nginx|wrk ...]
#   (no names: what the tests use, redis rabbitmq postgres mariadb chromium prometheus nginx; wrk is bench/run.sh's and named there)
dashop_install_packages() {
    export PLAYWRIGHT_CHROMIUM_EXECUTABLE=/usr/bin/chromium
    local what=" ${*:-redis rabbitmq postgres mariadb chromium prometheus nginx} " w
    for w in $what; do
        case $w in redis | rabbitmq | postgres | mariadb | chromium | prometheus | nginx | wrk) ;; *) _dashop_err "dashop_install_packages: unknown '$w'"; return 2 ;; esac
    done
    local missing=() pg_missing=0
    if [[ $what == *" redis "* ]]; then
        command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1 || missing+=(redis-server)
    fi
    [[ $what != *" rabbitmq "* || -x $_DASHOP_RMQ_BIN/rabbitmq-server ]] || missing+=(rabbitmq-server)
    [[ $what != *" postgres "* || -n $(_dashop_pg_bindir) ]] || pg_missing=1
    [[ $what != *" mariadb "* ]] || command -v mariadbd >/dev/null 2>&1 || missing+=(mariadb-server)
    [[ $what != *" chromium "* || -x /usr/bin/chromium ]] || missing+=(chromium)
    [[ $what != *" wrk "* ]] || command -v wrk >/dev/null 2>&1 || missing+=(wrk)
    # Debian's package only; no service is started for it (the metrics test runs its own, see _dashop_export_prometheus).
    [[ $what != *" prometheus "* || -x /usr/bin/prometheus ]] || missing+=(prometheus)
    # Debian's nginx, for the tests and the bench that put it in front of two instances (it is in /usr/sbin,
    # which a non-root PATH may lack). Where a service manager runs, the package also starts the system's nginx on
    # port 80; nothing here uses that one.
    [[ $what != *" nginx "* || -x /usr/sbin/nginx ]] || missing+=(nginx)
    # CJK glyphs for the browser tests' screenshots of the Chinese pages.
    [[ $what != *" chromium "* || -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]] || missing+=(fonts-wqy-microhei)

    if ((${#missing[@]} > 0 || pg_missing)); then
        local sudo=()
        if [[ $EUID -ne 0 ]]; then
            if command -v sudo >/dev/null 2>&1; then
                sudo=(sudo -n)
            else
                _dashop_err "missing packages (${missing[*]} postgresql) and not root / no sudo"
                return 1
            fi
        fi
        local log
        log=$(mktemp /tmp/dashop-apt.XXXXXX.log)
        _dashop_log "apt-get update (log: $log)"
        if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
            apt-get -o DPkg::Lock::Timeout=600 -q update >>"$log" 2>&1; then
            _dashop_err "apt-get update failed"; _dashop_tail "$log"; return 1
        fi
        if ((pg_missing)); then
            if apt-cache show postgresql-15 >/dev/null 2>&1; then
                missing+=(postgresql-15)
            else
                missing+=(postgresql)
            fi
        fi
        _dashop_log "installing: ${missing[*]}"
        local t0=$SECONDS
        if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
            apt-get -o DPkg::Lock::Timeout=600 -q install -y --no-install-recommends "${missing[@]}" >>"$log" 2>&1; then
            _dashop_err "apt-get install failed"; _dashop_tail "$log"; return 1
        fi
        _dashop_log "installed in $((SECONDS - t0)) s"
        rm -f "$log"
        if ((pg_missing)) && [[ -z $(_dashop_pg_bindir) ]]; then
            _dashop_err "PostgreSQL installed but no /usr/lib/postgresql/*/bin/initdb found"; return 1
        fi
        # Chromium smoke test: only after a fresh install (it costs about a second).
        if [[ " ${missing[*]} " == *" chromium "* ]]; then
            local dom
            dom=$(timeout 60 /usr/bin/chromium --headless --no-sandbox --disable-gpu --dump-dom about:blank 2>/dev/null) || true
            if [[ $dom != *"<body>"* ]]; then
                _dashop_log "WARNING: chromium did not start headless (browser tests will fail)"
            fi
        fi
    fi
    [[ $what != *" prometheus "* ]] || _dashop_export_prometheus
    return 0
}

# The Debian package's postinst may start its own server on :9090 where an init system runs; the tests never use
# that one, only the binary.
_dashop_export_prometheus() {
    if [[ -x /usr/bin/prometheus ]]; then
        export DASHOP_TEST_PROMETHEUS=/usr/bin/prometheus
    else
        _dashop_log "WARNING: /usr/bin/prometheus missing (the Prometheus scrape test will fail)"
    fi
}

# --------------------------------------------------------------------------------------------
# Start
# --------------------------------------------------------------------------------------------

# Writes DATA/rmq-env: the environment every RabbitMQ command (server and CLI) must share.
_dashop_write_rmq_env() {
    local data=$1 rport=$2 dport=$3 f="$1/rmq-env"
    {
        printf 'export HOME=%q\n' "$data/rmq/home"
        printf 'export RABBITMQ_NODENAME=%q\n' "$4"
        printf 'export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1\n'
        printf 'export RABBITMQ_NODE_PORT=%q\n' "$rport"
        printf 'export RABBITMQ_DIST_PORT=%q\n' "$dport"
        printf 'export ERL_EPMD_ADDRESS=127.0.0.1\n'
        printf 'export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=%q\n' '-kernel inet_dist_use_interface {127,0,0,1}'
        printf 'export RABBITMQ_MNESIA_BASE=%q\n' "$data/rmq/mnesia"
        printf 'export RABBITMQ_LOG_BASE=%q\n' "$data/rmq/log"
        printf 'export RABBITMQ_PID_FILE=%q\n' "$data/rmq/rabbit.pid"
        printf 'export RABBITMQ_ENABLED_PLUGINS_FILE=%q\n' "$data/rmq/enabled_plugins"
        printf 'export RABBITMQ_CONF_ENV_FILE=%q\n' "$data/rmq/rabbitmq-env.conf"
        printf 'export RABBITMQ_CONFIG_FILE=%q\n' "$data/rmq/rabbitmq.conf"
        printf 'export RABBITMQ_ADVANCED_CONFIG_FILE=%q\n' "$data/rmq/advanced.config"
    } >"$f"
}

# dashop_rabbit_ctl ARGS...: rabbitmqctl against our node (needs DASHOP_SERVICES_DATA_DIR or start first).
dashop_rabbit_ctl() {
    local data=${DASHOP_SERVICES_DATA_DIR:?dashop_rabbit_ctl: services not started}
    (
        # shellcheck disable=SC1091
        . "$data/rmq-env"
        exec "$_DASHOP_RMQ_BIN/rabbitmqctl" "$@"
    )
}

_dashop_write_wrappers() {
    local data=$1 redis_port=$2
    # rabbitmqctl wrapper
    cat >"$data/rabbitmqctl" <<EOF
#!/usr/bin/env bash
# Generated by scripts/services.sh: rabbitmqctl against the Dashop test broker.
. $(printf %q "$data/rmq-env")
exec $(printf %q "$_DASHOP_RMQ_BIN/rabbitmqctl") "\$@"
EOF
    # redis control: start/stop with identical settings on the same port
    cat >"$data/redis-ctl" <<EOF
#!/usr/bin/env bash
# Generated by scripts/services.sh: start|stop|status the Dashop test Redis.
set -u
PORT=$(printf %q "$redis_port")
DIR=$(printf %q "$data/redis")
up() { redis-cli -h 127.0.0.1 -p "\$PORT" ping 2>/dev/null | grep -q PONG; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/\$PORT") 2>/dev/null; }
case "\${1:-}" in
  start)
    up && exit 0
    redis-server --port "\$PORT" --bind 127.0.0.1 --dir "\$DIR" --save '' --appendonly no \\
      --daemonize yes --pidfile "\$DIR/redis.pid" --logfile "\$DIR/redis.log" </dev/null >/dev/null 2>&1
    for _ in \$(seq 100); do up && exit 0; sleep 0.1; done
    echo "redis did not answer PING on port \$PORT within 10 s" >&2; tail -n 20 "\$DIR/redis.log" >&2; exit 1 ;;
  stop)
    redis-cli -h 127.0.0.1 -p "\$PORT" shutdown nosave >/dev/null 2>&1 || true
    for _ in \$(seq 100); do port_open || exit 0; sleep 0.1; done
    echo "redis still listening on port \$PORT after 10 s" >&2; exit 1 ;;
  status) up ;;
  *) echo "usage: \$0 start|stop|status" >&2; exit 2 ;;
esac
EOF
    printf '#!/bin/sh\nexec %q start\n' "$data/redis-ctl" >"$data/redis-start"
    printf '#!/bin/sh\nexec %q stop\n' "$data/redis-ctl" >"$data/redis-stop"
    chmod 755 "$data/rabbitmqctl" "$data/redis-ctl" "$data/redis-start" "$data/redis-stop"
}

# --------------------------------------------------------------------------------------------
# Redis Cluster (3 masters, no replicas): the tests of ConnectionStrings:Redis naming cluster nodes
# --------------------------------------------------------------------------------------------
# Ports: DASHOP_REDIS_CLUSTER_PORTS ("7101 7102 7103"); each node's bus port is its port + 10000.
# Exported by dashop_start_services when redis-cluster is started:
#   DASHOP_TEST_REDIS_CLUSTER        127.0.0.1:7101,127.0.0.1:7102,127.0.0.1:7103
#   DASHOP_TEST_REDIS_CLUSTER_STOP   DATA_DIR/redis-cluster-stop PORT   (one master: SHUTDOWN NOSAVE, waits until closed)
#   DASHOP_TEST_REDIS_CLUSTER_START  DATA_DIR/redis-cluster-start PORT  (that master again: same node id and slots)
# The node timeout is short (DASHOP_REDIS_CLUSTER_NODE_TIMEOUT, 2000 ms) so that a stopped master is seen as failed,
# and a restarted one as back, within seconds.

_dashop_redis_cluster_ports() { printf '%s' "${DASHOP_REDIS_CLUSTER_PORTS:-7101 7102 7103}"; }

_dashop_write_redis_cluster_ctl() {
    local data=$1 timeout=${DASHOP_REDIS_CLUSTER_NODE_TIMEOUT:-2000}
    cat >"$data/redis-cluster-ctl" <<CTL
#!/usr/bin/env bash
# Generated by scripts/services.sh: start|stop one node of the Dashop test Redis Cluster, or create|stop-all.
set -u
DIR=$(printf %q "$data/redis-cluster")
PORTS=$(printf %q "$(_dashop_redis_cluster_ports)")
up() { redis-cli -h 127.0.0.1 -p "\$1" ping 2>/dev/null | grep -q PONG; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/\$1") 2>/dev/null; }
node_start() {
  up "\$1" && return 0
  mkdir -p "\$DIR/\$1"
  redis-server --port "\$1" --bind 127.0.0.1 --dir "\$DIR/\$1" --save '' --appendonly no \\
    --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout $timeout \\
    --daemonize yes --pidfile "\$DIR/\$1/redis.pid" --logfile "\$DIR/\$1/redis.log" </dev/null >/dev/null 2>&1
  for _ in \$(seq 100); do up "\$1" && return 0; sleep 0.1; done
  echo "redis cluster node did not answer PING on port \$1 within 10 s" >&2; tail -n 20 "\$DIR/\$1/redis.log" >&2; return 1
}
node_stop() {
  redis-cli -h 127.0.0.1 -p "\$1" shutdown nosave >/dev/null 2>&1 || true
  for _ in \$(seq 100); do port_open "\$1" || return 0; sleep 0.1; done
  echo "redis cluster node still listening on port \$1 after 10 s" >&2; return 1
}
state_ok() { redis-cli -h 127.0.0.1 -p "\$1" cluster info 2>/dev/null | grep -q '^cluster_state:ok'; }
case "\${1:-}" in
  start) node_start "\${2:?port}" ;;
  stop) node_stop "\${2:?port}" ;;
  create)
    nodes=()
    for p in \$PORTS; do node_start "\$p" || exit 1; nodes+=("127.0.0.1:\$p"); done
    redis-cli --cluster create "\${nodes[@]}" --cluster-replicas 0 --cluster-yes >"\$DIR/create.log" 2>&1 \\
      || { echo "redis-cli --cluster create failed" >&2; tail -n 20 "\$DIR/create.log" >&2; exit 1; }
    for _ in \$(seq 200); do
      ok=1; for p in \$PORTS; do state_ok "\$p" || ok=0; done
      ((ok)) && exit 0; sleep 0.05
    done
    echo "redis cluster not in cluster_state:ok within 10 s" >&2; exit 1 ;;
  stop-all) rc=0; for p in \$PORTS; do node_stop "\$p" || rc=1; done; exit \$rc ;;
  *) echo "usage: \$0 start PORT|stop PORT|create|stop-all" >&2; exit 2 ;;
esac
CTL
    printf '#!/bin/sh\nexec %q start "$1"\n' "$data/redis-cluster-ctl" >"$data/redis-cluster-start"
    printf '#!/bin/sh\nexec %q stop "$1"\n' "$data/redis-cluster-ctl" >"$data/redis-cluster-stop"
    chmod 755 "$data/redis-cluster-ctl" "$data/redis-cluster-start" "$data/redis-cluster-stop"
}

# "name:port" of every port the cluster needs free: each node's port and bus port.
_dashop_redis_cluster_port_list() {
    local p
    for p in $(_dashop_redis_cluster_ports); do printf 'redis-cluster:%s redis-cluster-bus:%s ' "$p" "$((p + 10000))"; done
}

# Starts the nodes and creates the cluster (about a second); exports DASHOP_TEST_REDIS_CLUSTER*.
_dashop_start_redis_cluster() {
    local data=$1 p nodes=""
    rm -rf "${data:?}/redis-cluster" && mkdir -p "$data/redis-cluster" || return 1
    _dashop_write_redis_cluster_ctl "$data"
    if ! "$data/redis-cluster-ctl" create; then
        _dashop_err "Redis Cluster did not start on ports $(_dashop_redis_cluster_ports)"
        _dashop_tail "$data"/redis-cluster/*/redis.log "$data/redis-cluster/create.log"; return 1
    fi
    for p in $(_dashop_redis_cluster_ports); do nodes+="${nodes:+,}127.0.0.1:$p"; done
    export DASHOP_TEST_REDIS_CLUSTER=$nodes
    export DASHOP_TEST_REDIS_CLUSTER_STOP="$data/redis-cluster-stop"
    export DASHOP_TEST_REDIS_CLUSTER_START="$data/redis-cluster-start"
}

# Stops every node this run started (by the pid files under DATA_DIR, so nothing else on those ports is touched).
_dashop_stop_redis_cluster() {
    local data=$1 f pid
    for f in "$data"/redis-cluster/*/redis.pid; do
        [[ -f $f ]] || continue
        pid=$(tr -dc 0-9 <"$f")
        [[ -n $pid ]] && _dashop_kill "$pid" redis-server
    done
    return 0
}

# dashop_start_services DATA_DIR [redis|rabbitmq|postgres|mariadb|redis-cluster ...]   (no names: all five)
dashop_start_services() {
    local data=${1:?usage: dashop_start_services DATA_DIR [redis|rabbitmq|postgres|mariadb|redis-cluster ...]}
    shift
    local services=" ${*:-redis rabbitmq postgres mariadb redis-cluster} " w want_redis=0 want_rabbit=0 want_pg=0 want_maria=0
    local want_cluster=0
    for w in $services; do
        case $w in
            redis) want_redis=1 ;;
            rabbitmq) want_rabbit=1 ;;
            postgres) want_pg=1 ;;
            mariadb) want_maria=1 ;;
            redis-cluster) want_cluster=1 ;;
            *) _dashop_err "dashop_start_services: unknown service '$w'"; return 2 ;;
        esac
    done
    local redis_port=${DASHOP_REDIS_PORT:-6380}
    local rabbit_port=${DASHOP_RABBIT_PORT:-5673}
    local dist_port=${DASHOP_RABBIT_DIST_PORT:-25673}
    local pg_port=${DASHOP_PG_PORT:-5433}
    local maria_port=${DASHOP_MARIA_PORT:-3317}
    local nodename=${DASHOP_RABBIT_NODENAME:-}
    if [[ -z $nodename ]]; then
        nodename=dashop@localhost
        [[ $rabbit_port == 5673 ]] || nodename="dashop${rabbit_port}@localhost"
    fi
    local timeout=${DASHOP_SERVICES_TIMEOUT:-90}
    local t_start=$SECONDS

    if [[ -f $data/services.state ]]; then
        _dashop_err "services already started in $data (run dashop_stop_services first)"; return 1
    fi
    # DATA_DIR becomes ours (dashop_stop_services deletes it), so it must be new or empty.
    if [[ -d $data && ! -f $data/$_DASHOP_MARKER ]] && [[ -n $(ls -A "$data" 2>/dev/null) ]]; then
        _dashop_err "$data is not empty; pass a new or empty directory (it is deleted on stop)"; return 1
    fi
    mkdir -p "$data" && : >"$data/$_DASHOP_MARKER" || return 1

    # Prerequisites.
    local pgbin
    pgbin=$(_dashop_pg_bindir)
    local lacking=0
    if ((want_redis || want_cluster)); then
        command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1 || lacking=1
    fi
    ((want_rabbit)) && [[ ! -x $_DASHOP_RMQ_BIN/rabbitmq-server ]] && lacking=1
    ((want_pg)) && [[ -z $pgbin ]] && lacking=1
    ((want_maria)) && ! command -v mariadbd >/dev/null 2>&1 && lacking=1
    if ((lacking)); then
        _dashop_err "redis-server/redis-cli, rabbitmq-server, PostgreSQL or MariaDB missing: run dashop_install_packages"; return 1
    fi

    # Ports must be free.
    local p name bad=0 ports=()
    ((want_redis)) && ports+=("redis:$redis_port")
    ((want_rabbit)) && ports+=("rabbitmq-amqp:$rabbit_port" "rabbitmq-dist:$dist_port")
    ((want_pg)) && ports+=("postgres:$pg_port")
    ((want_maria)) && ports+=("mariadb:$maria_port")
    # shellcheck disable=SC2207
    ((want_cluster)) && ports+=($(_dashop_redis_cluster_port_list))
    for p in "${ports[@]}"; do
        name=${p%%:*}; p=${p#*:}
        if _dashop_port_open "$p"; then
            _dashop_err "port $p ($name) on 127.0.0.1 is already in use by something else"
            _dashop_port_owner "$p" >&2
            bad=1
        fi
    done
    ((bad)) && { _dashop_err "set DASHOP_REDIS_PORT / DASHOP_RABBIT_PORT / DASHOP_RABBIT_DIST_PORT / DASHOP_PG_PORT / DASHOP_MARIA_PORT / DASHOP_REDIS_CLUSTER_PORTS to free ports"; return 1; }

    # Fresh layout.
    data=$(cd "$data" && pwd -P) || return 1
    rm -rf "${data:?}/redis" "${data:?}/rmq" "${data:?}/pg" "${data:?}/maria" "${data:?}/epmd.log"
    mkdir -p "$data/redis" "$data/rmq/home" "$data/rmq/mnesia" "$data/rmq/log" "$data/pg" "$data/maria" || return 1
    chmod 700 "$data/rmq/home"
    if [[ $EUID -eq 0 ]]; then
        chmod o+x "$data" # postgres user must traverse it (mktemp -d makes 0700)
        chown postgres:postgres "$data/pg" || return 1
    fi
    echo '[].' >"$data/rmq/enabled_plugins"
    : >"$data/rmq/rabbitmq-env.conf"
    : >"$data/rmq/rabbitmq.conf"
    _dashop_write_rmq_env "$data" "$rabbit_port" "$dist_port" "$nodename"
    _dashop_write_wrappers "$data" "$redis_port"
    ((want_redis)) || rm -f "$data/redis-ctl" "$data/redis-start" "$data/redis-stop"
    ((want_rabbit)) || rm -f "$data/rabbitmqctl"

    local state=$data/services.state
    {
        printf 'REDIS_PORT=%q\nRABBIT_PORT=%q\nRABBIT_DIST_PORT=%q\nPG_PORT=%q\nPG_BIN=%q\nMARIA_PORT=%q\n' \
            "$redis_port" "$rabbit_port" "$dist_port" "$pg_port" "$pgbin" "$maria_port"
        printf 'SERVICES=%q\n' "$services"
    } >"$state"

    # epmd: reuse a running one, otherwise start our own (loopback only) and remember its pid.
    local epmd_ours=0 epmd_pid=""
    if ((want_rabbit)) && ! _dashop_port_open 4369; then
        ERL_EPMD_ADDRESS=127.0.0.1 nohup epmd </dev/null >"$data/epmd.log" 2>&1 &
        epmd_pid=$!
        local i
        for i in $(seq 50); do _dashop_port_open 4369 && break; sleep 0.1; done
        if _dashop_pid_is "$epmd_pid" epmd; then
            epmd_ours=1
        else
            epmd_pid="" # lost a race with another epmd: reuse that one
        fi
    fi
    printf 'EPMD_OURS=%q\nEPMD_PID=%q\n' "$epmd_ours" "$epmd_pid" >>"$state"

    # 1) Redis (daemonizes itself).
    local redis_job="" rabbit_job="" pg_job=""
    if ((want_redis)); then
        "$data/redis-ctl" start >/dev/null 2>&1 &
        redis_job=$!
    fi

    # 2) RabbitMQ (wrapper shell stays in the foreground of its own job; beam pid lands in rabbit.pid).
    if ((want_rabbit)); then
        (
            # shellcheck disable=SC1091
            . "$data/rmq-env"
            exec nohup "$_DASHOP_RMQ_BIN/rabbitmq-server"
        ) </dev/null >"$data/rmq/stdout.log" 2>&1 &
        rabbit_job=$!
        printf 'RABBIT_WRAPPER_PID=%q\n' "$rabbit_job" >>"$state"
    fi

    # 3) PostgreSQL: initdb + pg_ctl start -w.
    if ((want_pg)); then
        (
            set -e
            cd / # runuser keeps the cwd, which the postgres user may not be able to read
            _dashop_as_pg "$pgbin/initdb" -D "$data/pg/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 -N
            _dashop_as_pg "$pgbin/pg_ctl" -D "$data/pg/data" -l "$data/pg/pg.log" -w -t 80 \
                -o "-p $pg_port -k $data/pg -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=${DASHOP_PG_MAX_CONNECTIONS:-300}" \
                start
        ) </dev/null >"$data/pg/setup.log" 2>&1 &
        pg_job=$!
        printf 'PG_SETUP_PID=%q\n' "$pg_job" >>"$state"
    fi

    # 4) MariaDB: install the system tables, then the server (the subshell becomes mariadbd: its pid is MARIA_PID).
    local maria_job=""
    if ((want_maria)); then
        (
            set -e
            mariadb-install-db --user=root --datadir="$data/maria/data" --auth-root-authentication-method=normal \
                --skip-test-db >"$data/maria/install.log" 2>&1
            exec mariadbd --user=root --datadir="$data/maria/data" --socket="$data/maria/maria.sock" --port="$maria_port" \
                --bind-address=127.0.0.1 --skip-name-resolve --pid-file="$data/maria/maria.pid" \
                --log-error="$data/maria/maria.err" --innodb-buffer-pool-size=64M --innodb-flush-log-at-trx-commit=2
        ) </dev/null >"$data/maria/stdout.log" 2>&1 &
        maria_job=$!
        printf 'MARIA_PID=%q\n' "$maria_job" >>"$state"
    fi

    local deadline=$((SECONDS + timeout)) rc

    # Wait: Redis.
    if ((want_redis)); then
        rc=0; wait "$redis_job" || rc=$?
        if ((rc != 0)); then
            _dashop_err "Redis did not start on 127.0.0.1:$redis_port"; _dashop_tail "$data/redis/redis.log"; return 1
        fi
    fi

    # Redis Cluster: a second or so, done here while the others boot.
    if ((want_cluster)); then
        _dashop_start_redis_cluster "$data" || return 1
    fi

    # Wait: PostgreSQL.
    if ((want_pg)); then
        while kill -0 "$pg_job" 2>/dev/null; do
            if ((SECONDS >= deadline)); then
                _dashop_err "PostgreSQL not ready within ${timeout}s"; _dashop_tail "$data/pg/setup.log" "$data/pg/pg.log"; return 1
            fi
            sleep 0.2
        done
        rc=0; wait "$pg_job" || rc=$?
        if ((rc != 0)) || ! "$pgbin/pg_isready" -q -h 127.0.0.1 -p "$pg_port"; then
            _dashop_err "PostgreSQL failed to start on 127.0.0.1:$pg_port"; _dashop_tail "$data/pg/setup.log" "$data/pg/pg.log"; return 1
        fi
    fi

    # Wait: MariaDB, then its loopback user (may create databases: each test fixture makes its own).
    if ((want_maria)); then
        until mariadb-admin --socket="$data/maria/maria.sock" -uroot ping >/dev/null 2>&1; do
            if ! kill -0 "$maria_job" 2>/dev/null || ((SECONDS >= deadline)); then
                _dashop_err "MariaDB did not start on 127.0.0.1:$maria_port"
                _dashop_tail "$data/maria/install.log" "$data/maria/maria.err"; return 1
            fi
            sleep 0.2
        done
        if ! mariadb --socket="$data/maria/maria.sock" -uroot -e \
            "CREATE USER 'dashop'@'127.0.0.1' IDENTIFIED BY 'dashop'; GRANT ALL ON *.* TO 'dashop'@'127.0.0.1';" >>"$data/maria/install.log" 2>&1; then
            _dashop_err "MariaDB: could not create the test user"; _dashop_tail "$data/maria/install.log"; return 1
        fi
    fi

    # Wait: RabbitMQ port, then await_startup.
    if ((want_rabbit)); then
        until _dashop_port_open "$rabbit_port"; do
            if ! kill -0 "$rabbit_job" 2>/dev/null; then
                _dashop_err "RabbitMQ exited during startup"
                _dashop_tail "$data/rmq/stdout.log" "$data"/rmq/log/*.log; return 1
            fi
            if ((SECONDS >= deadline)); then
                _dashop_err "RabbitMQ AMQP port 127.0.0.1:$rabbit_port not open within ${timeout}s"
                _dashop_tail "$data/rmq/stdout.log" "$data"/rmq/log/*.log; return 1
            fi
            sleep 0.2
        done
        local left=$((deadline - SECONDS))
        ((left < 5)) && left=5
        if ! "$data/rabbitmqctl" -q await_startup --timeout "$left" >"$data/rmq/await.log" 2>&1; then
            _dashop_err "RabbitMQ did not finish booting (rabbitmqctl await_startup)"
            _dashop_tail "$data/rmq/await.log" "$data/rmq/stdout.log" "$data"/rmq/log/*.log; return 1
        fi
    fi

    export DASHOP_SERVICES_DATA_DIR=$data
    local ready=()
    if ((want_redis)); then
        export DASHOP_TEST_REDIS="127.0.0.1:$redis_port"
        export DASHOP_TEST_REDIS_STOP="$data/redis-stop"
        export DASHOP_TEST_REDIS_START="$data/redis-start"
        ready+=("redis :$redis_port")
    fi
    if ((want_rabbit)); then
        export DASHOP_TEST_RABBITMQ="amqp://guest:guest@127.0.0.1:$rabbit_port/"
        export DASHOP_TEST_RABBITMQCTL="$data/rabbitmqctl"
        ready+=("rabbitmq :$rabbit_port")
    fi
    if ((want_pg)); then
        export DASHOP_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres"
        ready+=("postgres :$pg_port")
    fi
    ((want_cluster)) && ready+=("redis cluster :$(_dashop_redis_cluster_ports)")
    if ((want_maria)); then
        export DASHOP_TEST_MARIADB="Server=127.0.0.1;Port=$maria_port;User ID=dashop;Password=dashop"
        ready+=("mariadb :$maria_port")
    fi
    local joined
    joined=$(printf '%s, ' "${ready[@]}")
    _dashop_log "${joined%, } ready in $((SECONDS - t_start)) s (data: $data)"
    return 0
}

# --------------------------------------------------------------------------------------------
# Stop
# --------------------------------------------------------------------------------------------

# Wait up to N tenths of a second for PID to disappear.
_dashop_wait_gone() {
    local pid=$1 n=$2
    while ((n-- > 0)); do
        _dashop_alive "$pid" || return 0
        sleep 0.1
    done
    return 1
}

# Kill PID (if it is still NAME): TERM, then KILL after 10 s.
_dashop_kill() {
    local pid=$1 name=$2
    _dashop_pid_is "$pid" "$name" || return 0
    kill -TERM "$pid" 2>/dev/null || return 0
    _dashop_wait_gone "$pid" 100 && return 0
    kill -KILL "$pid" 2>/dev/null || true
    _dashop_wait_gone "$pid" 30 || true
}

_dashop_stop_rabbit() {
    local data=$1 pid=""
    [[ -f $data/rmq/rabbit.pid ]] && pid=$(tr -dc 0-9 <"$data/rmq/rabbit.pid")
    if [[ -n $pid ]] && _dashop_pid_is "$pid" beam.smp; then
        "$data/rabbitmqctl" -q stop "$data/rmq/rabbit.pid" --timeout 30 >/dev/null 2>&1 || true
        _dashop_kill "$pid" beam.smp
    fi
    # The wrapper shell exits with beam; if beam never got as far as writing its pid file, TERM the
    # wrapper (its trap stops beam).
    if [[ -n ${RABBIT_WRAPPER_PID:-} ]] && _dashop_alive "$RABBIT_WRAPPER_PID"; then
        _dashop_kill "$RABBIT_WRAPPER_PID" rabbitmq-server
        _dashop_kill "$RABBIT_WRAPPER_PID" nohup
        _dashop_kill "$RABBIT_WRAPPER_PID" bash
    fi
    # Still booting, no pid file yet: find a beam.smp running with our mnesia dir.
    local p
    for p in /proc/[0-9]*; do
        [[ $(cat "$p/comm" 2>/dev/null) == beam.smp ]] || continue
        if tr '\0' ' ' <"$p/cmdline" 2>/dev/null | grep -qF -- "$data/rmq/mnesia"; then
            _dashop_kill "${p#/proc/}" beam.smp
        fi
    done
}

_dashop_stop_pg() {
    local data=$1 pid=""
    if [[ -n ${PG_SETUP_PID:-} ]] && _dashop_alive "$PG_SETUP_PID"; then
        kill -TERM "$PG_SETUP_PID" 2>/dev/null || true
        _dashop_wait_gone "$PG_SETUP_PID" 50 || true
    fi
    [[ -f $data/pg/data/postmaster.pid ]] || return 0
    pid=$(head -n1 "$data/pg/data/postmaster.pid" | tr -dc 0-9)
    if [[ -n ${PG_BIN:-} && -x $PG_BIN/pg_ctl ]]; then
        _dashop_as_pg "$PG_BIN/pg_ctl" -D "$data/pg/data" -m fast -w -t 30 stop >/dev/null 2>&1 || true
    fi
    [[ -n $pid ]] && _dashop_kill "$pid" postgres
    return 0
}

_dashop_stop_maria() {
    local data=$1 pid=${MARIA_PID:-}
    [[ -f $data/maria/maria.pid ]] && pid=$(tr -dc 0-9 <"$data/maria/maria.pid")
    [[ -S $data/maria/maria.sock ]] && mariadb-admin --socket="$data/maria/maria.sock" -uroot shutdown >/dev/null 2>&1
    [[ -n $pid ]] && _dashop_kill "$pid" mariadbd
    # Killed while mariadb-install-db still ran: the subshell is still alive under its own pid.
    [[ -n ${MARIA_PID:-} ]] && _dashop_alive "$MARIA_PID" && kill -TERM "$MARIA_PID" 2>/dev/null
    return 0
}

_dashop_stop_redis() {
    local data=$1 pid=""
    [[ -x $data/redis-ctl ]] && "$data/redis-ctl" stop >/dev/null 2>&1
    [[ -f $data/redis/redis.pid ]] && pid=$(tr -dc 0-9 <"$data/redis/redis.pid")
    [[ -n $pid ]] && _dashop_kill "$pid" redis-server
    return 0
}

# dashop_stop_services DATA_DIR
dashop_stop_services() {
    local data=${1:?usage: dashop_stop_services DATA_DIR}
    [[ -d $data ]] || return 0
    data=$(cd "$data" && pwd -P) || return 0
    if [[ ! -f $data/$_DASHOP_MARKER ]]; then
        _dashop_err "$data was not created by dashop_start_services; not touching it"; return 1
    fi
    local t0=$SECONDS
    (
        cd / || true # runuser keeps the cwd, which the postgres user may not be able to read
        REDIS_PORT="" RABBIT_WRAPPER_PID="" PG_SETUP_PID="" PG_BIN="" EPMD_OURS=0 EPMD_PID="" MARIA_PID=""
        SERVICES=" redis rabbitmq postgres " # state files written before the service list existed
        # shellcheck disable=SC1091
        [[ -f $data/services.state ]] && . "$data/services.state"
        _dashop_stop_rabbit "$data" &
        local rj=$!
        # redis-ctl shuts down whatever listens on the port: only call it for a Redis we started.
        if [[ $SERVICES == *" redis "* ]]; then
            _dashop_stop_redis "$data"
        fi
        _dashop_stop_pg "$data"
        [[ $SERVICES == *" mariadb "* ]] && _dashop_stop_maria "$data"
        [[ $SERVICES == *" redis-cluster "* ]] && _dashop_stop_redis_cluster "$data"
        wait "$rj" || true
        if [[ $EPMD_OURS == 1 && -n $EPMD_PID ]]; then
            _dashop_kill "$EPMD_PID" epmd
        fi
    ) || true
    rm -rf -- "$data"
    if [[ ${DASHOP_SERVICES_DATA_DIR:-} == "$data" ]]; then
        unset DASHOP_SERVICES_DATA_DIR DASHOP_TEST_REDIS DASHOP_TEST_RABBITMQ DASHOP_TEST_POSTGRES DASHOP_TEST_MARIADB \
            DASHOP_TEST_RABBITMQCTL DASHOP_TEST_REDIS_STOP DASHOP_TEST_REDIS_START
        unset DASHOP_TEST_REDIS_CLUSTER DASHOP_TEST_REDIS_CLUSTER_STOP DASHOP_TEST_REDIS_CLUSTER_START
    fi
    _dashop_log "services stopped in $((SECONDS - t0)) s"
    return 0
}

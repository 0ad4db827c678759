#!/usr/bin/env bash
# The project's one test command.
#   ./test.sh                      # everything
#   ./test.sh --filter Name~Sms    # extra arguments go to `dotnet test`
# Installs missing apt packages and the OpenAPI linter (npm, cached in tools/openapi-lint), starts Redis/RabbitMQ/PostgreSQL/MariaDB under a temp dir
# (see scripts/services.sh), runs `dotnet test`, stops the services, then prints
#   N passed, N failed, N skipped
#   test.sh wall time: N s
# and exits with dotnet test's status (non-zero as well if no TRX file was written).
set -euo pipefail

T0=$(date +%s.%N)
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
cd "$ROOT"

export DOTNET_CLI_TELEMETRY_OPTOUT=${DOTNET_CLI_TELEMETRY_OPTOUT:-1}
export DOTNET_NOLOGO=1

# shellcheck source=scripts/services.sh
. "$ROOT/scripts/services.sh"

dashop_install_packages

# The OpenAPI linter of OpenApiTests (Redocly CLI, pinned with its dependencies in tools/openapi-lint/package-lock.json):
# installed once into tools/openapi-lint/node_modules (ignored by git) and kept for later runs; again only when the lock
# file changes. Debian 12's own nodejs (18) is too old for it: the machine's Node.js 20.19+ or 22.12+ is used.
LINT="$ROOT/tools/openapi-lint"
if [[ ! -x $LINT/node_modules/.bin/redocly || $LINT/package-lock.json -nt $LINT/node_modules/.package-lock.json ]]; then
    command -v npm >/dev/null 2>&1 || apt-get install -y --no-install-recommends npm >/dev/null
    (cd "$LINT" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
fi
export DASHOP_TEST_OPENAPI_LINTER="$LINT/node_modules/.bin/redocly"

DATA=$(mktemp -d /tmp/dashop-services.XXXXXX)
cleanup() { dashop_stop_services "$DATA" || true; }
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

dashop_start_services "$DATA"

R=${DASHOP_TEST_RESULTS_DIR:-$ROOT/TestResults}
mkdir -p "$R"
rm -f "$R"/*.trx

rc=0
dotnet test Dashop.sln -c Release --logger "trx;LogFileName=results.trx" --results-directory "$R" "$@" || rc=$?

cleanup
trap - EXIT

# Sum the <Counters .../> of every TRX written by this run (one per test project).
# skipped: VSTest writes executed = passed + failed and leaves notExecuted at 0; other TRX writers
# put skipped tests in notExecuted (and then leave them out of executed), so take the larger of the
# two instead of adding them, which would count such tests twice.
attr() { grep -o " $1=\"[0-9]*\"" <<<"$2" | tr -dc 0-9; }
passed=0 failed=0 skipped=0 ntrx=0
shopt -s nullglob
for trx in "$R"/*.trx; do
    c=$(tr '\n\r' '  ' <"$trx" | grep -o '<Counters [^>]*>' | head -n1) || c=""
    [[ -n $c ]] || { echo "test.sh: no <Counters> element in $trx" >&2; continue; }
    ntrx=$((ntrx + 1))
    t=$(attr total "$c"); e=$(attr executed "$c"); p=$(attr passed "$c"); f=$(attr failed "$c"); n=$(attr notExecuted "$c")
    t=${t:-0} e=${e:-0} p=${p:-0} f=${f:-0} n=${n:-0}
    s=$((t - e)); ((n > s)) && s=$n
    passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
done
shopt -u nullglob

echo "Test results (TRX) and artifacts: $R (screenshots: Dashop.Web.Tests/bin/Release/net10.0/artifacts)"
if ((ntrx == 0)); then
    echo "test.sh: no TRX results file in $R (build failure or test host crash?)" >&2
    ((rc != 0)) || rc=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
echo "test.sh wall time: $(awk -v a="$T0" -v b="$(date +%s.%N)" 'BEGIN { printf "%d", b - a + 0.5 }') s"
exit "$rc"

#!/usr/bin/env bash
# Assize national-scale benchmark (issue 6): ONE command that builds the tools, loads a generated
# national-shaped data set into each backend, runs every scenario next to its physical reference
# on the same machine in the same run, and writes results.json and report.md.
#
#   bash bench/run.sh [--cases 10000] [--backends "sqlite postgres"] [--seconds 10]
#                     [--concurrency "1 10 100"] [--out bench/results/<UTC timestamp>]
#                     [--skip-generate --reuse DIR] [--no-build] [--port 18080]
#                     [--sse-users "gen.adviser.01"] [--sse-subscribers 1000]
#                     [--only "reads writes lists sse"] [--gen-args "--awaiting 20000 --intake 20000"]
#
# See bench/README.md for what each scenario and reference means.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
LIB=$BENCH/lib/results.py
ASSIZE=$ROOT/target/release/assize
BENCH_BIN=$ROOT/target/release/assize-bench

CASES=10000
BACKENDS="sqlite postgres"
DURATION=10 # not SECONDS: that is bash's own clock
LEVELS="1 10 100"
OUT=""
REUSE=""
SKIP_GENERATE=0
BUILD=1
PORT=18080
SEED=2026
SSE_USERS="" # default: the adviser user below
# The generator's users (overridable for trying the script on demo data).
ADVISER_USER=${BENCH_ADVISER_USER:-gen.adviser.01}
POLICE_USER=${BENCH_POLICE_USER:-gen.police.01}
LISTING_USER=${BENCH_LISTING_USER:-gen.listing.national}
SSE_SUBSCRIBERS=1000
SSE_COUNT=200
SSE_RESERVE=${BENCH_SSE_RESERVE:-300} # the last lines of outcomes.jsonl, kept out of record_results for the live test
GEN_ARGS="--awaiting 8000 --intake 5000" # options for `assize generate`: enough one-use hearings for three levels of record_results (the run of docs/performance.md)
ONLY="reads writes lists sse" # groups of scenarios to run (for iterating with --reuse)
STARTUP_TIMEOUT=600 # seconds; a national-size database may take a while to open and migrate
PG_HOST=${ASSIZE_PG_HOST:-127.0.0.1}
PG_PORT=${ASSIZE_PG_PORT:-5432}
PG_USER=${ASSIZE_PG_USER:-postgres}
PG_DB=assize_bench
PG_REF_DB=assize_bench_ref

usage() {
    sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit "${1:-0}"
}

die() {
    echo "bench: $*" >&2
    exit 1
}

while (($#)); do
    case $1 in
        --cases) CASES=$2; shift 2 ;;
        --backends) BACKENDS=$2; shift 2 ;;
        --seconds) DURATION=$2; shift 2 ;;
        --concurrency) LEVELS=$2; shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        --reuse) REUSE=$2; SKIP_GENERATE=1; shift 2 ;;
        --skip-generate) SKIP_GENERATE=1; shift ;;
        --no-build) BUILD=0; shift ;;
        --port) PORT=$2; shift 2 ;;
        --sse-users) SSE_USERS=$2; shift 2 ;;
        --sse-subscribers) SSE_SUBSCRIBERS=$2; shift 2 ;;
        --only) ONLY=$2; shift 2 ;;
        --gen-args) GEN_ARGS=$2; shift 2 ;;
        -h | --help) usage 0 ;;
        *) echo "bench: unknown argument $1" >&2; usage 2 ;;
    esac
done

SSE_USERS=${SSE_USERS:-$ADVISER_USER}
[[ $CASES =~ ^[0-9]+$ || ( -n $REUSE && -z $CASES ) ]] || die "--cases must be a number"
[[ $DURATION =~ ^[0-9]+$ ]] || die "--seconds must be a whole number"
for c in $LEVELS; do [[ $c =~ ^[1-9][0-9]*$ ]] || die "--concurrency: $c is not a positive number"; done
for b in $BACKENDS; do [[ $b == sqlite || $b == postgres ]] || die "unknown backend $b"; done
for g in $ONLY; do [[ " reads writes lists sse " == *" $g "* ]] || die "--only: unknown group $g"; done
if ((SKIP_GENERATE)) && [[ -z $REUSE ]]; then
    die "--skip-generate needs --reuse DIR (the output directory of an earlier run)"
fi
if [[ -n $REUSE ]]; then
    REUSE=$(cd "$REUSE" && pwd) || die "--reuse: no directory $REUSE"
    # The size is the reused data's, not --cases.
    CASES=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1])).get("cases", ""))' "$REUSE/machine.json" 2>/dev/null || true)
fi
OUT=${OUT:-$BENCH/results/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
# The highest level: intake runs there, and it is where the targets are stated (C=100).
MAX_LEVEL=$(tr ' ' '\n' <<<"$LEVELS" | sort -n | tail -n 1)

exec > >(tee -a "$OUT/run.log") 2>&1
log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*"; }

# --- Bookkeeping of commands (for the report), with secrets taken out -------------------------

declare -A SECRETS=() # token value -> placeholder, so commands.txt and the report hold no token

log_cmd() {
    local line s
    line=$(printf '%q ' "$@")
    for s in "${!SECRETS[@]}"; do
        line=${line//"$s"/"${SECRETS[$s]}"}
    done
    printf '%s\n' "${line% }" >>"$OUT/commands.txt"
}

# --- Clean-up: never leave a server (or the poller, or the reference database) behind ---------

SERVER_PID=""
HWM_POLLER=""
cleanup() {
    local rc=$?
    if [[ -n $HWM_POLLER ]]; then kill "$HWM_POLLER" 2>/dev/null || true; fi
    stop_server
    if [[ $BACKENDS == *postgres* ]]; then
        psql_admin -c "DROP DATABASE IF EXISTS $PG_REF_DB WITH (FORCE)" >/dev/null 2>&1 || true
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

stop_server() {
    if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        # Wait so the next backend's server can bind the same port and SQLite is closed cleanly.
        for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}

# psql_on DB ARGS...: psql on database DB of the bench server, quiet, stopping at the first error.
psql_on() {
    local db=$1
    shift
    PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$db" "$@"
}

psql_admin() { psql_on postgres "$@"; }

# --- 1. Tools and the machine -------------------------------------------------------------------

# 1000 live streams need 1000 descriptors in the server and in the client; raised before the
# server starts, since a process keeps the limit it was started with.
if ! ulimit -n 8192 2>/dev/null; then
    log "warning: cannot raise the open-file limit to 8192 (now $(ulimit -n)); the live test may fail"
fi

if ! command -v wrk >/dev/null; then
    if ((EUID == 0)) && command -v apt-get >/dev/null; then
        log "installing wrk (Debian package)"
        apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; } ||
            die "could not install wrk with apt-get"
    else
        die "wrk is missing: install the Debian package (apt-get install wrk) as root"
    fi
fi
for tool in curl python3 awk; do command -v "$tool" >/dev/null || die "$tool is missing"; done
if [[ $BACKENDS == *postgres* ]]; then
    for tool in psql pgbench; do
        command -v "$tool" >/dev/null || die "$tool is missing (Debian: apt-get install postgresql-client)"
    done
    psql_admin -c 'select 1' >/dev/null ||
        die "PostgreSQL does not answer on $PG_HOST:$PG_PORT as $PG_USER (start it: see scripts/test.sh)"
fi

if ((BUILD)); then
    log "building release binaries (cargo build --release -p assize -p assize-bench)"
    log_cmd cargo build --release -p assize -p assize-bench
    (cd "$ROOT" && cargo build --release -p assize -p assize-bench) || die "cargo build failed"
fi
[[ -x $ASSIZE ]] || die "$ASSIZE is missing (run without --no-build)"
HAVE_BENCH_BIN=1
if [[ ! -x $BENCH_BIN ]]; then
    HAVE_BENCH_BIN=0
    log "warning: $BENCH_BIN is missing: lists, live updates and the SQLite insert reference will not be measured"
fi

first_line() { head -n 1 | tr -d '\r'; }
CLK_TCK=$(getconf CLK_TCK)
pg_version=""
pg_settings=()
if [[ $BACKENDS == *postgres* ]]; then
    pg_version=$(psql_admin -At -c 'select version()')
    # Settings that decide the write references; a reader comparing machines needs them.
    for s in shared_buffers synchronous_commit fsync max_connections wal_level; do
        pg_settings+=("pg_$s=$(psql_admin -At -c "show $s")")
    done
fi
python3 "$LIB" machine "$OUT/machine.json" \
    "utc=$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    "git_commit=$(git -C "$ROOT" rev-parse HEAD 2>/dev/null || true)" \
    "git_dirty=$(if [[ -n $(git -C "$ROOT" status --porcelain 2>/dev/null) ]]; then echo yes; else echo no; fi)" \
    "rustc=$(rustc --version 2>/dev/null || true)" \
    "wrk=$(wrk -v 2>&1 | first_line || true)" \
    "psql=$(if command -v psql >/dev/null; then psql --version; fi)" \
    "pgbench=$(if command -v pgbench >/dev/null; then pgbench --version; fi)" \
    "postgres_server=$pg_version" \
    "sqlite3_cli=$(if command -v sqlite3 >/dev/null; then sqlite3 --version | cut -d' ' -f1-2; fi)" \
    "kernel=$(uname -r)" \
    "cpu_model=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')" \
    "nproc=$(nproc)" \
    "mem_total_kib=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)" \
    "clk_tck=$CLK_TCK" \
    "cases=$CASES" "backends=$BACKENDS" "seconds=$DURATION" "concurrency=$LEVELS" \
    "reuse=$REUSE" "out=$OUT" "${pg_settings[@]}"
: >"$OUT/records.jsonl"
: >"$OUT/commands.txt"
log "output in $OUT"

# --- Sampling the server process ----------------------------------------------------------------

# utime + stime in clock ticks (fields 14 and 15 of /proc/PID/stat; the command name in field 2
# may contain spaces, so count from its closing parenthesis).
proc_cpu_ticks() {
    local stat rest
    stat=$(<"/proc/$1/stat")
    rest=${stat##*) }
    local -a f
    read -r -a f <<<"$rest"
    echo $((f[11] + f[12]))
}

# "busy,total" jiffies of all cores from /proc/stat: how loaded the whole machine was (wrk and
# PostgreSQL share it with the server, so a saturated machine explains a flat curve).
machine_cpu() {
    awk '/^cpu / {t = $2+$3+$4+$5+$6+$7+$8+$9; print t-$5-$6 "," t; exit}' /proc/stat
}

vm_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }

# Peak RSS during a scenario: "5" in clear_refs resets VmHWM to the current RSS (Linux >= 4.0).
# Where that is not allowed, poll VmRSS every 100 ms and keep the maximum instead
# (BENCH_HWM_POLL=1 forces the polling, to test it).
HWM_METHOD=""
hwm_begin() {
    if [[ -z ${BENCH_HWM_POLL:-} ]] && echo 5 >"/proc/$SERVER_PID/clear_refs" 2>/dev/null; then
        HWM_METHOD=clear_refs
        return
    fi
    HWM_METHOD=poll_100ms
    local file=$OUT/.hwm
    vm_kb "$SERVER_PID" VmRSS >"$file"
    (
        max=0
        while kill -0 "$SERVER_PID" 2>/dev/null; do
            cur=$(vm_kb "$SERVER_PID" VmRSS || echo 0)
            if ((cur > max)); then max=$cur; echo "$max" >"$file"; fi
            sleep 0.1
        done
    ) &
    HWM_POLLER=$!
}
hwm_end() {
    if [[ $HWM_METHOD == clear_refs ]]; then
        vm_kb "$SERVER_PID" VmHWM
    else
        kill "$HWM_POLLER" 2>/dev/null || true
        wait "$HWM_POLLER" 2>/dev/null || true
        HWM_POLLER=""
        cat "$OUT/.hwm"
    fi
}

# measure SCENARIO CONCURRENCY KIND SAMPLE [record options...] -- COMMAND...
# Runs COMMAND with its output in raw/, sampling the server when SAMPLE=yes, and appends one
# record to records.jsonl. A failing command is recorded (as not measured) and does not stop
# the run: one broken scenario should not cost the others.
measure() {
    local scenario=$1 conc=$2 kind=$3 sample=$4
    shift 4
    local -a opts=()
    while [[ $1 != -- ]]; do opts+=("$1"); shift; done
    shift
    local raw=$RES/raw/$scenario-c$conc.out
    local cpu0="" cpu1="" hwm="" mach0 mach1 t0 t1 rc=0
    log_cmd "$@"
    if [[ $sample == yes ]]; then
        hwm_begin
        cpu0=$(proc_cpu_ticks "$SERVER_PID")
    fi
    mach0=$(machine_cpu)
    t0=$EPOCHREALTIME
    "$@" >"$raw" 2>"$raw.err" || rc=$?
    t1=$EPOCHREALTIME
    mach1=$(machine_cpu)
    if [[ $sample == yes ]]; then
        if kill -0 "$SERVER_PID" 2>/dev/null; then
            cpu1=$(proc_cpu_ticks "$SERVER_PID")
            hwm=$(hwm_end)
        else
            hwm_end >/dev/null || true
            opts+=(--note "the server died during this scenario (see server.log)")
        fi
    fi
    local -a args=(--backend "$BACKEND" --scenario "$scenario" --concurrency "$conc" --kind "$kind"
        --raw "$raw" --rc "$rc" --clk-tck "$CLK_TCK" --mach0 "$mach0" --mach1 "$mach1"
        --wall "$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.6f", b - a}')")
    [[ -n $cpu0 && -n $cpu1 ]] && args+=(--cpu0 "$cpu0" --cpu1 "$cpu1")
    [[ -n $hwm ]] && args+=(--hwm-kb "$hwm" --hwm-method "$HWM_METHOD")
    python3 "$LIB" record "${args[@]}" "${opts[@]}" >>"$OUT/records.jsonl"
    if [[ -n $SERVER_PID ]] && ! kill -0 "$SERVER_PID" 2>/dev/null; then
        SERVER_PID=""
        return 1
    fi
}

# A record that says a scenario could not run, so the report shows why rather than a gap.
not_measured() {
    python3 "$LIB" record --backend "$BACKEND" --scenario "$1" --concurrency "$2" --kind json \
        --rc 1 --note "$3" >>"$OUT/records.jsonl"
}

# --- 2-5. Per backend: database, data, tokens, server -------------------------------------------

fresh_database() {
    if [[ $BACKEND == sqlite ]]; then
        rm -f "$DATA/assize.db" "$DATA/assize.db-wal" "$DATA/assize.db-shm"
    else
        log_cmd psql -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)"
        psql_admin -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)"
        log_cmd psql -c "CREATE DATABASE $PG_DB"
        psql_admin -c "CREATE DATABASE $PG_DB"
    fi
}

generate() {
    local -a cmd=("$ASSIZE" --database-url "$URL" generate --cases "$CASES" --seed "$SEED" --out "$DATA/gen")
    local -a more
    read -r -a more <<<"$GEN_ARGS"
    cmd+=("${more[@]}")
    local -a timer=()
    # /usr/bin/time -v gives the generator's peak memory; bash's time keyword only the wall time.
    if [[ -x /usr/bin/time ]]; then timer=(/usr/bin/time -v -o "$DATA/generate.time"); fi
    log "generating $CASES cases into $BACKEND"
    log_cmd "${cmd[@]}"
    local t0 t1 rc=0
    t0=$EPOCHREALTIME
    "${timer[@]}" "${cmd[@]}" >"$DATA/generate.log" 2>&1 || rc=$?
    t1=$EPOCHREALTIME
    python3 "$LIB" record --backend "$BACKEND" --scenario generate --kind generate \
        --raw "$DATA/generate.time" --summary "$DATA/gen/summary.json" --rc "$rc" \
        --wall "$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.6f", b - a}')" >>"$OUT/records.jsonl"
    ((rc == 0)) || { tail -n 20 "$DATA/generate.log" >&2; return 1; }
}

# After a PostgreSQL load, vacuum before measuring, as an operator would after a migration: a
# freshly loaded page is rewritten the first time it is read (hint bits) until a vacuum has set
# them, and at 1.4 million cases that turned the first reads into a storm of WAL checkpoints
# (docs/performance.md, fifth session). Its wall time is logged; nothing is measured during it.
settle() {
    [[ $BACKEND == postgres ]] || return 0
    log "vacuuming after the load (VACUUM (ANALYZE))"
    log_cmd psql -d "$PG_DB" -c "VACUUM (ANALYZE)"
    local t0=$EPOCHREALTIME
    psql_on "$PG_DB" -c "VACUUM (ANALYZE)" || return 1
    log "vacuumed in $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.1f", b - a}')s"
}

# token VAR USER: a new API token of USER into VAR (not by $(...): the secret must also reach
# SECRETS in this shell, which a command substitution's subshell cannot change). The secret is
# the second line of `token create`'s output.
token() {
    local -n out_var=$1
    local secret
    log_cmd "$ASSIZE" --database-url "$URL" token create --username "$2" --name bench
    secret=$("$ASSIZE" --database-url "$URL" token create --username "$2" --name bench 2>>"$RES/tokens.err" | sed -n 2p) || return 1
    [[ -n $secret ]] || return 1
    SECRETS[$secret]="<token of $2>"
    # shellcheck disable=SC2034 # a nameref: this assigns the caller's variable
    out_var=$secret
}

start_server() {
    local base=http://127.0.0.1:$PORT
    if curl -fsS -o /dev/null --max-time 1 "$base/api/v1/health" 2>/dev/null; then
        die "something already answers on port $PORT (use --port)"
    fi
    log_cmd "$ASSIZE" --database-url "$URL" serve --listen "127.0.0.1:$PORT"
    local t0 t1 rss
    t0=$EPOCHREALTIME
    "$ASSIZE" --database-url "$URL" serve --listen "127.0.0.1:$PORT" >>"$RES/server.log" 2>&1 &
    SERVER_PID=$!
    # Poll every 20 ms: the start-up time is until the API answers, migrations included.
    until curl -fsS -o /dev/null --max-time 2 "$base/api/v1/health" 2>/dev/null; do
        kill -0 "$SERVER_PID" 2>/dev/null || { SERVER_PID=""; tail -n 20 "$RES/server.log" >&2; return 1; }
        if awk -v a="$t0" -v b="$EPOCHREALTIME" -v m="$STARTUP_TIMEOUT" 'BEGIN {exit !(b - a > m)}'; then
            log "server did not answer within ${STARTUP_TIMEOUT}s"
            return 1
        fi
        sleep 0.02
    done
    t1=$EPOCHREALTIME
    rss=$(vm_kb "$SERVER_PID" VmRSS)
    python3 "$LIB" record --backend "$BACKEND" --scenario startup --kind startup --rss-kb "$rss" \
        --wall "$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.6f", b - a}')" \
        --extra "cases=$CASES" >>"$OUT/records.jsonl"
    log "server pid $SERVER_PID up in $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}')s, RSS $((rss / 1024)) MiB"
    BASE=$base
}

# --- 6. Scenarios ---------------------------------------------------------------------------------

threads_for() { if (($1 < 2)); then echo "$1"; else echo 2; fi; }

# run_wrk SCENARIO C LUA PATH [ENV=VALUE...]: wrk with the scenario's Lua and parameters in the
# environment (tokens never on a command line). --timeout 30s: a slow answer is a latency to
# report, not an error that drops out of the percentiles.
wrk_cmd() {
    local c=$1 lua=$2 path=$3
    shift 3
    local t
    t=$(threads_for "$c")
    WRK=(env BENCH_WRK_DIR="$BENCH/wrk" BENCH_THREADS="$t" "$@"
        wrk -t"$t" -c"$c" -d"${DURATION}s" --timeout 30s --latency -s "$BENCH/wrk/$lua" "$BASE$path")
}

reads() {
    local c
    for c in $LEVELS; do
        # static first: the reference is measured right next to what it is compared with.
        wrk_cmd "$c" static.lua /api/v1/health
        measure static "$c" wrk yes -- "${WRK[@]}" || return 1
        if [[ -s $GEN/read_cases.txt ]]; then
            wrk_cmd "$c" read_case.lua / BENCH_LINES="$GEN/read_cases.txt" BENCH_TOKEN="$ADVISER"
            measure read_case "$c" wrk yes -- "${WRK[@]}" || return 1
        else
            not_measured read_case "$c" "no read_cases.txt from the generator"
        fi
        if [[ -s $GEN/search.txt ]]; then
            wrk_cmd "$c" search.lua / BENCH_LINES="$GEN/search.txt" BENCH_TOKEN="$ADVISER"
            measure search "$c" wrk yes -- "${WRK[@]}" || return 1
        else
            not_measured search "$c" "no search.txt from the generator"
        fi
    done
}

# The pools of one-use lines live next to the database they belong to, so a --reuse run does
# not send a line an earlier run already sent (a hearing is resulted once, a case sent in once).
init_pools() {
    mkdir -p "$DATA/pool"
    if [[ ! -e $DATA/pool/outcomes.jsonl && -s $GEN/outcomes.jsonl ]]; then
        head -n "-$SSE_RESERVE" "$GEN/outcomes.jsonl" >"$DATA/pool/outcomes.jsonl"
        tail -n "$SSE_RESERVE" "$GEN/outcomes.jsonl" >"$DATA/pool/sse.jsonl"
    fi
    if [[ ! -e $DATA/pool/intake.jsonl && -s $GEN/intake.jsonl ]]; then
        cp "$GEN/intake.jsonl" "$DATA/pool/intake.jsonl"
    fi
    # A reused database whose reserve was spent: take a fresh reserve from the end of the pool.
    if [[ ! -s $DATA/pool/sse.jsonl && -s $DATA/pool/outcomes.jsonl ]]; then
        tail -n "$SSE_RESERVE" "$DATA/pool/outcomes.jsonl" >"$DATA/pool/sse.jsonl"
        head -n "-$SSE_RESERVE" "$DATA/pool/outcomes.jsonl" >"$DATA/pool/outcomes.tmp"
        mv "$DATA/pool/outcomes.tmp" "$DATA/pool/outcomes.jsonl"
    fi
    touch "$DATA/pool/outcomes.jsonl" "$DATA/pool/intake.jsonl" "$DATA/pool/sse.jsonl"
}

# post_pool SCENARIO C POOL BUDGET TOKEN: send BUDGET lines of POOL once each; lines wrk did not
# get to go back to the pool for the next level.
post_pool() {
    local scenario=$1 c=$2 pool=$3 budget=$4 tok=$5
    local dir=$RES/raw/$scenario-c$c
    mkdir -p "$dir"
    head -n "$budget" "$pool" >"$dir/lines.jsonl"
    tail -n "+$((budget + 1))" "$pool" >"$dir/rest.jsonl"
    python3 "$LIB" to-tsv "$dir/lines.jsonl" "$dir/lines.tsv"
    wrk_cmd "$c" post_lines.lua / BENCH_LINES="$dir/lines.tsv" BENCH_TOKEN="$tok" \
        BENCH_UNSENT="$dir/unsent.txt" BENCH_ERRLOG="$dir/errors"
    : >"$dir/unsent.txt"
    local rc=0
    measure "$scenario" "$c" wrk yes --extra "lines_offered=$budget" -- "${WRK[@]}" || rc=$?
    # Unsent line numbers -> those lines, back in front of the rest of the pool.
    awk 'NR == FNR {keep[$1] = 1; next} FNR in keep' "$dir/unsent.txt" "$dir/lines.jsonl" >"$dir/back.jsonl"
    cat "$dir/back.jsonl" "$dir/rest.jsonl" >"$pool"
    return "$rc"
}

insert_ref() {
    local c=$1
    if [[ $BACKEND == postgres ]]; then
        # pgbench and the server's pool (10) share max_connections; above it pgbench cannot run
        # at C, so it runs at the most it can and the record says so.
        local maxc clients t
        maxc=$(psql_admin -At -c 'show max_connections')
        clients=$c
        if ((c > maxc - 15)); then clients=$((maxc - 15)); fi
        t=$(threads_for "$clients")
        local -a extra=()
        if ((clients != c)); then
            extra=(--note "pgbench ran with $clients clients: max_connections=$maxc leaves no room for $c beside the server's pool")
        fi
        # -l: one line per transaction, for the latency percentiles pgbench does not print.
        local pglog=$RES/raw/insert_ref-c$c.pglog
        measure insert_ref "$c" pgbench no --extra "clients=$clients" --pglog "$pglog" "${extra[@]}" -- \
            pgbench -n -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -c "$clients" -j "$t" -T "$DURATION" \
            -l --log-prefix "$pglog" -f "$RES/insert.sql" "$PG_REF_DB" || return 1
        if ((HAVE_BENCH_BIN)); then
            # Same loop through sqlx as the product: a cross-check of pgbench's C client.
            measure insert_ref_sqlx "$c" json no -- "$BENCH_BIN" pg-insert \
                --url "postgres://$PG_USER@$PG_HOST:$PG_PORT/$PG_REF_DB" --seconds "$DURATION" --concurrency "$c" || return 1
        fi
    elif ((HAVE_BENCH_BIN)); then
        measure insert_ref "$c" json no -- "$BENCH_BIN" sqlite-insert --path "$RES/ref.db" \
            --seconds "$DURATION" --concurrency "$c" || return 1
    else
        not_measured insert_ref "$c" "assize-bench is not built"
    fi
}

writes() {
    if [[ $BACKEND == postgres ]]; then
        local table='CREATE TABLE bench_insert (id bigserial PRIMARY KEY, payload text NOT NULL, created_at timestamptz NOT NULL)'
        log_cmd psql -c "DROP DATABASE IF EXISTS $PG_REF_DB WITH (FORCE)" -c "CREATE DATABASE $PG_REF_DB"
        psql_admin -c "DROP DATABASE IF EXISTS $PG_REF_DB WITH (FORCE)" -c "CREATE DATABASE $PG_REF_DB"
        log_cmd psql -d "$PG_REF_DB" -c "$table"
        psql_on "$PG_REF_DB" -c "$table"
        echo "INSERT INTO bench_insert (payload, created_at) VALUES (repeat('x', 200), now());" >"$RES/insert.sql"
        log_cmd cat "$RES/insert.sql"
        printf '#   %s\n' "$(cat "$RES/insert.sql")" >>"$OUT/commands.txt"
    fi
    local -a levels
    read -r -a levels <<<"$LEVELS"
    local i n left budget
    for i in "${!levels[@]}"; do
        # An equal share of what is left for each remaining level; what a level does not send
        # goes back, so the higher (faster) levels get more.
        n=$(wc -l <"$DATA/pool/outcomes.jsonl")
        left=$((${#levels[@]} - i))
        budget=$(((n + left - 1) / left))
        if ((budget == 0)); then
            not_measured record_results "${levels[i]}" "no outcome lines left in the pool"
        else
            post_pool record_results "${levels[i]}" "$DATA/pool/outcomes.jsonl" "$budget" "$ADVISER" || return 1
        fi
        insert_ref "${levels[i]}" || return 1
    done
    if [[ $BACKEND == postgres ]]; then
        psql_admin -c "DROP DATABASE IF EXISTS $PG_REF_DB WITH (FORCE)"
    fi
    n=$(wc -l <"$DATA/pool/intake.jsonl")
    if [[ -z $POLICE ]]; then
        not_measured intake "$MAX_LEVEL" "no token for $POLICE_USER"
    elif ((n == 0)); then
        not_measured intake "$MAX_LEVEL" "no intake lines left in the pool"
    else
        post_pool intake "$MAX_LEVEL" "$DATA/pool/intake.jsonl" "$n" "$POLICE" || return 1
    fi
}

lists() {
    if ((!HAVE_BENCH_BIN)); then
        not_measured lists 1 "assize-bench is not built"
        return
    fi
    if [[ ! -s $GEN/lists.txt || -z $LISTING ]]; then
        not_measured lists 1 "no lists.txt from the generator or no token for $LISTING_USER"
        return
    fi
    local date c
    date=$(head -n 1 "$GEN/lists.txt" | tr -d '\r')
    tail -n +2 "$GEN/lists.txt" >"$RES/courts.txt"
    for c in 1 2; do
        measure lists "$c" json yes -- "$BENCH_BIN" lists --base "$BASE" "--token=$LISTING" \
            --date "$date" --courts "$RES/courts.txt" --concurrency "$c" || return 1
    done
}

sse() {
    if ((!HAVE_BENCH_BIN)); then
        not_measured sse "$SSE_SUBSCRIBERS" "assize-bench is not built"
        return
    fi
    if [[ ! -s $DATA/pool/sse.jsonl ]]; then
        not_measured sse "$SSE_SUBSCRIBERS" "no outcome lines reserved for the live test"
        return
    fi
    local -a subs=()
    local u tok
    for u in $SSE_USERS; do
        if token tok "$u"; then subs+=("--subscriber-token=$tok"); else log "warning: no token for $u"; fi
    done
    if ((${#subs[@]} == 0)); then
        not_measured sse "$SSE_SUBSCRIBERS" "no subscriber token"
        return
    fi
    # The reserve is spent whatever happens: a line sent once cannot be sent again.
    mv "$DATA/pool/sse.jsonl" "$RES/sse-requests.jsonl"
    local count have
    have=$(wc -l <"$RES/sse-requests.jsonl")
    count=$((have < SSE_COUNT ? have : SSE_COUNT))
    local -a note=()
    if ((count < SSE_COUNT)); then note=(--note "only $count writes: the reserve held $have lines"); fi
    measure sse "$SSE_SUBSCRIBERS" json yes "${note[@]}" -- "$BENCH_BIN" sse --base "$BASE" "${subs[@]}" \
        "--writer-token=$ADVISER" --requests "$RES/sse-requests.jsonl" \
        --subscribers "$SSE_SUBSCRIBERS" --count "$count" --interval-ms 50 || return 1
}

run_backend() {
    RES=$OUT/$BACKEND
    DATA=${REUSE:+$REUSE/$BACKEND}
    DATA=${DATA:-$RES}
    GEN=$DATA/gen
    mkdir -p "$RES/raw" "$DATA"
    if [[ $BACKEND == sqlite ]]; then
        URL=sqlite://$DATA/assize.db
    else
        URL=postgres://$PG_USER@$PG_HOST:$PG_PORT/$PG_DB
    fi
    log "=== $BACKEND ($URL)"
    printf '\n# --- %s\n' "$BACKEND" >>"$OUT/commands.txt"
    if ((SKIP_GENERATE)); then
        [[ -d $GEN ]] || { log "no $GEN to reuse"; return 1; }
        if [[ -f $GEN/summary.json ]]; then
            python3 "$LIB" record --backend "$BACKEND" --scenario generate --kind generate \
                --raw "$DATA/generate.time" --summary "$GEN/summary.json" \
                --note "reused from $DATA" >>"$OUT/records.jsonl"
        fi
    else
        fresh_database
        generate || return 1
        settle || return 1
    fi
    init_pools

    # Tokens before the server starts: on SQLite the CLI and the server would contend for writes.
    ADVISER="" POLICE="" LISTING=""
    token ADVISER "$ADVISER_USER" || { log "no token for $ADVISER_USER"; return 1; }
    token POLICE "$POLICE_USER" || log "warning: no token for $POLICE_USER"
    token LISTING "$LISTING_USER" || log "warning: no token for $LISTING_USER"

    start_server || return 1
    local group
    for group in reads writes lists sse; do
        if [[ " $ONLY " == *" $group "* ]]; then
            "$group" || return 1
        fi
    done
    stop_server
}

failed=""
for BACKEND in $BACKENDS; do
    if ! run_backend; then
        log "warning: $BACKEND stopped early; its remaining scenarios are not measured"
        failed+=" $BACKEND"
    fi
    stop_server
done

# --- 7-8. Results and report ----------------------------------------------------------------------

python3 "$LIB" collect "$OUT"
python3 "$BENCH/report.py" "$OUT"
log "results: $OUT/results.json"
log "report:  $OUT/report.md"
[[ -z $failed ]] || { log "incomplete:$failed"; exit 1; }

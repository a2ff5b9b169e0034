#!/usr/bin/env bash
# The whole test suite of Assize, in one command, on a fresh clone:
#
#   bash scripts/test.sh
#
# Needs: the Rust toolchain (cargo, rustfmt, clippy), a local PostgreSQL cluster (Debian's
# pg_ctlcluster; trust auth for user postgres on 127.0.0.1:5432), python3 with venv and pip, curl,
# Node.js 20 with npm, and apt-get (or Chromium at /usr/bin/chromium) for the browser tests.
#
# Every step runs even when an earlier one failed; the script ends with one line
# `N passed, M failed` and exits non-zero if any step failed. Logs of the served instances and the
# schemathesis reports go to target/test-logs/.
#
# Environment:
#   ASSIZE_ST_MAX_EXAMPLES  schemathesis examples per API operation (default 30)
#   ASSIZE_ST_SEED          schemathesis seed (default 20260101)
#   ASSIZE_PG_HOST/PORT/USER  the PostgreSQL server for the schemathesis runs (127.0.0.1/5432/postgres)
#
# The Rust tests find PostgreSQL at their own default (postgres://postgres@127.0.0.1:5432); this
# script deliberately does not set ASSIZE_TEST_PG_URL.
set -uo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
VENV=$ROOT/target/venv
LOGS=$ROOT/target/test-logs
ST_MAX_EXAMPLES=${ASSIZE_ST_MAX_EXAMPLES:-30}
ST_SEED=${ASSIZE_ST_SEED:-20260101}
PG_HOST=${ASSIZE_PG_HOST:-127.0.0.1}
PG_PORT=${ASSIZE_PG_PORT:-5432}
PG_USER=${ASSIZE_PG_USER:-postgres}
mkdir -p "$LOGS"

# Ctrl-C or a TERM stops the whole suite (after the running step has cleaned up after itself).
trap 'echo "interrupted" >&2; exit 130' INT TERM

passed=0
failed=0
results=()
suite_start=$SECONDS

# Run one step: `step NAME COMMAND...`; record pass/fail and its duration, never abort the script.
# (Not `if "$@"`: that would switch off the `set -e` of the subshell steps below.)
step() {
    local name=$1
    shift
    local start=$SECONDS
    echo
    echo "=== $name"
    "$@"
    local rc=$?
    if [[ $rc -eq 0 ]]; then
        passed=$((passed + 1))
        results+=("PASS  $name ($((SECONDS - start))s)")
    else
        failed=$((failed + 1))
        results+=("FAIL  $name ($((SECONDS - start))s, exit status $rc)")
    fi
}

# --- Prerequisites ------------------------------------------------------------------------------

# Start the local PostgreSQL cluster unless it already answers.
start_postgres() {
    if pg_isready -q -h "$PG_HOST" -p "$PG_PORT"; then
        return 0
    fi
    local version
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true # tolerate "already running"
    for _ in $(seq 1 30); do
        pg_isready -q -h "$PG_HOST" -p "$PG_PORT" && return 0
        sleep 1
    done
    echo "PostgreSQL does not answer on $PG_HOST:$PG_PORT" >&2
    return 1
}

# A Python venv under target/ with the pinned test tools; reinstalled when the pins change.
python_venv() {
    local stamp=$VENV/.requirements-test.txt
    if [[ -x $VENV/bin/schemathesis ]] && cmp -s scripts/requirements-test.txt "$stamp"; then
        return 0
    fi
    python3 -m venv "$VENV" &&
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r scripts/requirements-test.txt &&
        cp scripts/requirements-test.txt "$stamp"
}

# --- Schemathesis against a served instance -----------------------------------------------------

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

psql_admin() {
    psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres "$@"
}

# `schemathesis_run sqlite|postgres`: a fresh database with demo data, an API token for
# london.adviser, `assize serve` on a free port, schemathesis against its OpenAPI document; the
# server is stopped and the database dropped whatever happens (the subshell's EXIT trap).
schemathesis_run() (
    set -euo pipefail
    # (A subshell: these variables, the traps and `set -e` stay inside it.)
    backend=$1
    out=$LOGS/schemathesis-$backend
    db_url="" db_name="" db_file="" server_pid="" st_pid=""
    rm -rf "$out"
    mkdir -p "$out"

    cleanup() {
        if [[ -n $st_pid ]]; then
            kill "$st_pid" 2>/dev/null || true
            wait "$st_pid" 2>/dev/null || true
        fi
        if [[ -n $server_pid ]]; then
            kill "$server_pid" 2>/dev/null || true
            wait "$server_pid" 2>/dev/null || true
        fi
        if [[ -n $db_name ]]; then
            psql_admin -c "DROP DATABASE IF EXISTS $db_name WITH (FORCE)" || true
        fi
        if [[ -n $db_file ]]; then
            rm -f "$db_file" "$db_file-wal" "$db_file-shm"
        fi
    }
    # Clean up on any exit; on Ctrl-C or TERM clean up, then die of the same signal so that the
    # calling script stops too.
    trap cleanup EXIT
    trap 'cleanup; trap - EXIT INT; kill -INT $BASHPID' INT
    trap 'cleanup; trap - EXIT TERM; kill -TERM $BASHPID' TERM

    # The binary (a no-op when the tests already built it).
    cargo build --quiet -p assize --bin assize
    assize=$ROOT/target/debug/assize

    # A fresh database.
    if [[ $backend == postgres ]]; then
        db_name=assize_st_$(python3 -c 'import secrets; print(secrets.token_hex(6))')
        psql_admin -c "CREATE DATABASE $db_name"
        db_url=postgres://$PG_USER@$PG_HOST:$PG_PORT/$db_name
    else
        db_file=$(mktemp -u "${TMPDIR:-/tmp}/assize-st-XXXXXXXX.db")
        db_url=sqlite://$db_file
    fi
    export ASSIZE_DATABASE_URL=$db_url

    # Demo data and an API token (the token is the second line of the command's output).
    "$assize" demo --cases 40 >"$out/demo.txt"
    token=$("$assize" token create --username london.adviser --name schemathesis | sed -n 2p)
    [[ -n $token ]] || { echo "no token from 'assize token create'" >&2; return 1; }

    # Serve in the background and wait for the health endpoint.
    port=$(free_port)
    base=http://127.0.0.1:$port
    RUST_LOG=${RUST_LOG:-warn} "$assize" serve --listen "127.0.0.1:$port" >"$out/server.log" 2>&1 &
    server_pid=$!
    up=""
    for _ in $(seq 1 60); do
        if curl -fsS -o /dev/null "$base/api/v1/health" 2>/dev/null; then
            up=1
            break
        fi
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.5
    done
    [[ -n $up ]] || { echo "assize serve did not come up; its log:" >&2; cat "$out/server.log" >&2; return 1; }

    # Property-based tests of every operation against the document the server itself serves.
    # Run from the log directory: schemathesis keeps a cache of failures (.schemathesis/) in its
    # working directory, which belongs there, fresh each run, rather than in the work tree.
    # In the background with `wait`: schemathesis handles Ctrl-C itself and exits 1, which bash
    # would take as "handled" and go on; `wait` lets the trap above see the interrupt.
    # The live-update streams (`.../live`, Server-Sent Events) never end, so they are excluded;
    # the integration tests (crates/assize/tests/it/live.rs) cover them.
    cd "$out"
    "$VENV/bin/schemathesis" run "$base/api/v1/openapi.json" \
        --header "Authorization: Bearer $token" \
        --exclude-path-regex '/live$' \
        --checks not_a_server_error,response_schema_conformance,content_type_conformance,status_code_conformance \
        --max-examples "$ST_MAX_EXAMPLES" \
        --seed "$ST_SEED" \
        --workers 1 \
        --generation-database none \
        --no-color \
        --report junit,ndjson --report-dir . &
    st_pid=$!
    rc=0
    wait "$st_pid" || rc=$?
    st_pid=""
    return "$rc"
)

# --- The steps ----------------------------------------------------------------------------------

# 0. Prerequisites: PostgreSQL running, the Python tools installed.
step "start PostgreSQL" start_postgres
step "python venv (scripts/requirements-test.txt)" python_venv

# a. Formatting and lints.
step "cargo fmt --check" cargo fmt --all -- --check
step "cargo clippy -D warnings" cargo clippy --workspace --all-targets -- -D warnings

# b. Every test of the workspace; the integration tests on SQLite (the store crate's own tests run
#    both backends themselves). --no-fail-fast: a failing test binary does not hide the others.
step "cargo test --workspace (SQLite)" env ASSIZE_TEST_BACKEND=sqlite cargo test --workspace --no-fail-fast

# c. The integration tests again on PostgreSQL.
step "cargo test -p assize --test it (PostgreSQL)" env ASSIZE_TEST_BACKEND=postgres cargo test -p assize --test it --no-fail-fast

# c2. The web interface in a real browser: Debian's Chromium (installed by the script if missing)
#     through a served demo instance, axe-core on every page; screenshots and the axe report go to
#     target/test-artifacts/ (see scripts/browser-test.sh).
step "browser tests (Chromium, axe-core)" bash scripts/browser-test.sh

# d. Schemathesis against a served instance on each backend.
step "schemathesis (SQLite)" schemathesis_run sqlite
step "schemathesis (PostgreSQL)" schemathesis_run postgres

# e. Summary; the last line is exactly `N passed, M failed`.
echo
echo "=== summary ($((SECONDS - suite_start))s)"
printf '%s\n' "${results[@]}"
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]

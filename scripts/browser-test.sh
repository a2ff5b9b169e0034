#!/usr/bin/env bash
# Browser tests of the web interface: Debian's Chromium, driven by playwright-core, through the
# real server with demo data; axe-core on every page visited.
#
#   bash scripts/browser-test.sh
#
# Steps: installs Debian's `chromium` if /usr/bin/chromium is missing (apt-get; sudo unless
# root), builds the web assets (scripts/assets.sh) and the debug `assize` binary, loads the demo
# data into a fresh SQLite database under target/browser-test/, serves it on a free port and
# runs `node web/tests/browser.mjs` against it. The exit status is the tests' status.
#
# Artefacts: target/test-artifacts/screenshots/*.png (full-page screenshots of the main pages),
# target/test-artifacts/axe.json (every axe-core run: page, URL, violations), the server's log in
# target/browser-test/server.log.
#
# Environment:
#   ASSIZE_BROWSER_TEST_CASES  demo cases to load (default 60)
#   ASSIZE_BROWSER_TEST_ONLY   run only the tests whose name matches this pattern (node --test-name-pattern)
#   ASSIZE_BROWSER_TEST_NO_BUILD  set: use target/debug/assize as it is (while iterating on the tests)
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$ROOT/target/browser-test
ARTIFACTS=$ROOT/target/test-artifacts
CASES=${ASSIZE_BROWSER_TEST_CASES:-60}
server_pid=""
tests_pid=""

cleanup() {
    if [[ -n $tests_pid ]]; then
        kill "$tests_pid" 2>/dev/null || true
        wait "$tests_pid" 2>/dev/null || true
        tests_pid=""
    fi
    if [[ -n $server_pid ]]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        server_pid=""
    fi
}
trap cleanup EXIT
trap 'cleanup; trap - EXIT INT; kill -INT $$' INT
trap 'cleanup; trap - EXIT TERM; kill -TERM $$' TERM

# a. Debian's Chromium (playwright's own browser download does not work here). No fonts come
#    with --no-install-recommends, so DejaVu and Liberation (Arial's metrics) come along.
if [[ ! -x /usr/bin/chromium ]]; then
    echo "installing Debian's chromium"
    SUDO=""
    if [[ $(id -u) -ne 0 ]]; then
        SUDO=sudo
    fi
    packages=(chromium fonts-dejavu-core fonts-liberation)
    export DEBIAN_FRONTEND=noninteractive
    if ! $SUDO apt-get install -y --no-install-recommends "${packages[@]}"; then
        # A fresh machine may have no (or stale) package lists.
        $SUDO apt-get update
        $SUDO apt-get install -y --no-install-recommends "${packages[@]}"
    fi
fi

# b. The web assets (npm ci of web/package-lock.json, Sass, the design systems' files).
bash scripts/assets.sh

# c. The binary (debug; a no-op when the Rust tests already built it).
if [[ -z ${ASSIZE_BROWSER_TEST_NO_BUILD:-} ]]; then
    cargo build --quiet -p assize --bin assize
fi
assize=$ROOT/target/debug/assize

# d. A fresh database with the demo data.
rm -rf "$WORK" "$ARTIFACTS/screenshots" "$ARTIFACTS/axe.json"
mkdir -p "$WORK" "$ARTIFACTS/screenshots"
export ASSIZE_DATABASE_URL=sqlite://$WORK/assize.db
"$assize" demo --cases "$CASES" >"$WORK/demo.txt"

# e. Serve it on a free port; wait for the health endpoint.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
ASSIZE_ASSETS_DIR=$ROOT/target/web-assets RUST_LOG=${RUST_LOG:-warn} \
    "$assize" serve --listen "127.0.0.1:$port" >"$WORK/server.log" 2>&1 &
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
if [[ -z $up ]]; then
    echo "assize serve did not come up; its log:" >&2
    cat "$WORK/server.log" >&2
    exit 1
fi

# f. The tests. In the background with `wait` so that an interrupt reaches the traps above.
node_args=(--test-reporter=spec)
if [[ -n ${ASSIZE_BROWSER_TEST_ONLY:-} ]]; then
    node_args+=(--test-name-pattern="$ASSIZE_BROWSER_TEST_ONLY")
fi
ASSIZE_BASE_URL=$base ASSIZE_ARTIFACTS=$ARTIFACTS \
    node "${node_args[@]}" web/tests/browser.mjs &
tests_pid=$!
rc=0
wait "$tests_pid" || rc=$?
tests_pid=""
if [[ $rc -ne 0 ]]; then
    echo "browser tests failed (exit status $rc); server log: $WORK/server.log" >&2
fi
echo "screenshots: $ARTIFACTS/screenshots/, axe report: $ARTIFACTS/axe.json"
exit "$rc"

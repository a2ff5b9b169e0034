#!/usr/bin/env bash
# Build the web interface's assets into target/web-assets (never committed):
#   - installs the pinned front-end packages of web/package-lock.json (npm ci) when they changed;
#   - compiles web/src/assize.scss (GOV.UK Frontend + MoJ Frontend, system font stack) to CSS;
#   - copies the two design systems' JavaScript and images, and our own web/src/*.js.
# `assize serve` serves this folder at /assets (ASSIZE_ASSETS_DIR to serve another).
# Called by the README's run command and by scripts/test.sh; safe to run repeatedly.
set -euo pipefail
cd "$(dirname "$0")/../web"
OUT=../target/web-assets
stamp=node_modules/.package-lock.json.copy
if ! cmp -s package-lock.json "$stamp" 2>/dev/null; then
    npm ci --no-audit --no-fund --loglevel=error
    cp package-lock.json "$stamp"
fi
mkdir -p "$OUT/images" "$OUT/js"
npx --no-install sass --load-path=. --no-source-map --style=compressed --quiet \
    src/assize.scss "$OUT/assize.css"
cp node_modules/govuk-frontend/dist/govuk/assets/images/* "$OUT/images/"
cp node_modules/@ministryofjustice/frontend/moj/assets/images/* "$OUT/images/"
cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js "$OUT/js/"
cp node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.js "$OUT/js/"
cp node_modules/govuk-frontend/dist/govuk/assets/manifest.json "$OUT/manifest.json"
cp src/*.js "$OUT/js/"
echo "assets built in target/web-assets"

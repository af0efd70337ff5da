#!/usr/bin/env bash
# `make demo`: installs the tools it needs and builds the package and the site (www/dist). It then
# starts the Zoom emulator on 127.0.0.1:8788 and the worker (workerd through `wrangler dev`) on
# 127.0.0.1:8787 and prints the demo page's URL and ready curl lines. It stays in the foreground
# until Ctrl-C, which stops everything it started. DEMO_WORKER_PORT and DEMO_EMULATOR_PORT change
# the ports.
#
# With real credentials in www/.dev.vars (ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET,
# PROXY_API_KEY) the emulator is not started and the worker talks to Zoom.
set -euo pipefail
cd "$(dirname "$0")/.."

worker_port=${DEMO_WORKER_PORT:-8787}
emulator_port=${DEMO_EMULATOR_PORT:-8788}
api_key=demo-key

export WRANGLER_SEND_METRICS=false CLOUDFLARE_CF_FETCH_ENABLED=false WRANGLER_SEND_ERROR_REPORTS=false WRANGLER_HIDE_BANNER=true

scripts/ensure-rust.sh
scripts/ensure-npm.sh
# build-pkg.sh takes about a minute, so it runs only when pkg/ is missing or older than the crate.
# The site is a copy of pkg/, www/demo and www/widget, cheap enough to assemble every time.
if [[ ! -f pkg/index.workerd.js || -n "$(find src Cargo.toml Cargo.lock -newer pkg/index.workerd.js -print -quit)" ]]; then
  scripts/build-pkg.sh
else
  node scripts/build-site.mjs
fi

pids=()
stop() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}
trap stop EXIT
trap 'exit 130' INT TERM

wait_for() {
  local url=$1
  for _ in $(seq 1 100); do
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then
      return 0
    fi
    sleep 0.2
  done
  echo "demo: $url did not come up within 20 s" >&2
  return 1
}

dev_args=(dev --config www/wrangler.toml --ip 127.0.0.1 --port "$worker_port" --show-interactive-dev-session=false)
if [[ -f www/.dev.vars ]]; then
  mode="Zoom (credentials from www/.dev.vars)"
  api_key=$(sed -n 's/^PROXY_API_KEY=//p' www/.dev.vars | tr -d '"' | head -n 1)
else
  mode="the emulator on http://127.0.0.1:$emulator_port"
  node tests/emulator/server.mjs --port "$emulator_port" &
  pids+=($!)
  wait_for "http://127.0.0.1:$emulator_port/__emulator/stats"
  dev_args+=(
    --var "ZOOM_ACCOUNT_ID:demo-account" --var "ZOOM_CLIENT_ID:demo-client" --var "ZOOM_CLIENT_SECRET:demo-client-secret"
    --var "ZOOM_OAUTH_HOST:http://127.0.0.1:$emulator_port" --var "ZOOM_API_HOST:http://127.0.0.1:$emulator_port"
    --var "PROXY_API_KEY:$api_key" --var "ALLOWED_ORIGINS:http://127.0.0.1:$worker_port"
    --var "ZOOM_WEBHOOK_SECRET_TOKEN:demo-webhook-secret" --var "SINK_SIGNING_SECRET:demo-sink-signing-secret"
    --var "SUMMARY_SINK_URL:http://127.0.0.1:$emulator_port/__emulator/sink"
  )
fi

node_modules/.bin/wrangler "${dev_args[@]}" &
pids+=($!)
wait_for "http://127.0.0.1:$worker_port/healthz"

base="http://127.0.0.1:$worker_port"
cat <<TEXT

zoom-summary-doctor demo: the worker on $base talks to $mode.

  Page:     $base/  (open it in a browser; the Live panel takes the API key $api_key)
  Docs:     $base/problems/missing_scope

  Health:   curl -s $base/healthz
  Success:  curl -s -H 'Authorization: Bearer $api_key' $base/v1/summaries/demo-user/demo-summary
  Failure:  curl -s -H 'Authorization: Bearer $api_key' $base/v1/summaries/demo-user/scenario-missing_scope
  Failure:  curl -s -i -H 'Authorization: Bearer $api_key' $base/v1/summaries/demo-user/scenario-rate_limited_daily
  Diagnose: curl -s -H 'Authorization: Bearer $api_key' $base/v1/diagnose

  Webhook:  node tests/emulator/sender.mjs --url $base/v1/webhooks/zoom --kind genuine --repeat 3
  Refused:  node tests/emulator/sender.mjs --url $base/v1/webhooks/zoom --kind tampered
  Failed:   curl -s -H 'Authorization: Bearer $api_key' $base/v1/deliveries/failed

Other scenarios: curl -s http://127.0.0.1:$emulator_port/__emulator/stats lists them and the sink's
deliveries (emulator mode).
Press Ctrl-C to stop.
TEXT

wait -n "${pids[@]}"

#!/usr/bin/env bash
# Smoke test after a deploy: the API answers /api/health (alive) and /api/ready (PostgreSQL, Redis
# and migrations OK) through its own name, and the SPA (with /api through CloudFront) when given.
#
#   infra/ops/scripts/smoke-test.sh https://api.financegrowth.co.ke [https://financegrowth.co.ke]
set -euo pipefail

api_url="${1:?usage: smoke-test.sh <api base url> [<app url>]}"
app_url="${2:-}"
attempts="${SMOKE_TEST_ATTEMPTS:-30}"

check() {
  local url="$1"
  local expect="$2"
  for ((attempt = 1; attempt <= attempts; attempt++)); do
    local code
    code="$(curl --silent --output /tmp/smoke-body --write-out '%{http_code}' --max-time 10 "$url" || echo 000)"
    if [[ "$code" == "$expect" ]]; then
      echo "ok   $url -> $code"
      return 0
    fi
    echo "wait $url -> $code (attempt $attempt/$attempts)"
    sleep 10
  done
  echo "FAIL $url: last status $code, body:" >&2
  head -c 2000 /tmp/smoke-body >&2 || true
  return 1
}

check "$api_url/api/health" 200
check "$api_url/api/ready" 200
if [[ -n "$app_url" ]]; then
  check "$app_url/" 200
  check "$app_url/api/health" 200
  # A client-side route is served by the SPA, not a 404.
  check "$app_url/settings" 200
fi
echo "smoke test passed"

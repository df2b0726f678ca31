#!/usr/bin/env bash
# Lighthouse (mobile, simulated slow 4G, Debian's chromium) on the pages of a running server.
# Usage: make run once, then serve as production does (DEBUG=false ALLOWED_HOSTS=127.0.0.1 scripts/serve)
# in another terminal, then bench/lighthouse.sh [base-url]
set -euo pipefail
cd "$(dirname "$0")"
BASE=${1:-http://127.0.0.1:8000}
[ -x node_modules/.bin/lighthouse ] || npm ci --no-audit --no-fund --silent
export CHROME_PATH=/usr/bin/chromium
out=../test-artifacts/lighthouse
mkdir -p "$out"
product=$(curl -s "$BASE/api/products?page_size=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["slug"])')
batch=$(curl -s "$BASE/epcis/events?EQ_bizStep=commissioning&perPage=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["epcisBody"]["queryResults"]["resultsBody"]["eventList"][0]["quantityList"][0]["epcClass"].rsplit("/", 1)[1])')
for page in "/" "/tim-kiem/?q=che+shan+tuyet" "/san-pham/$product/" "/gio-hang/" "/don-hang/" "/truy-xuat/$batch/"; do
  name=$(echo "$page" | tr -c 'a-z0-9' '-' | sed 's/^-*//; s/-*$//'); name=${name:-home}
  node_modules/.bin/lighthouse "$BASE$page" --quiet --form-factor=mobile --only-categories=performance,accessibility,best-practices,seo \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync" \
    --output=json --output-path="$out/$name.json" >/dev/null
  python3 - "$out/$name.json" "$page" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
scores = {k: round(v["score"] * 100) for k, v in report["categories"].items()}
audits = report["audits"]
weight = audits["total-byte-weight"]["numericValue"] / 1024
items = audits["network-requests"]["details"]["items"]
non_image = sum(i.get("transferSize", 0) for i in items if i.get("resourceType") != "Image") / 1024
print(f"{sys.argv[2]:40} perf {scores['performance']:3} a11y {scores['accessibility']:3} "
      f"bp {scores['best-practices']:3} seo {scores['seo']:3} | LCP {audits['largest-contentful-paint']['displayValue']:>7} "
      f"| {weight:6.1f} KB total, {non_image:5.1f} KB before images")
PY
done

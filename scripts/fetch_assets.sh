#!/usr/bin/env bash
# Put the third-party static files the app serves itself (it never reaches a CDN) into
# dashboard/web/assets/: plotly's world topojson and Bootstrap's stylesheet, both taken from
# the npm registry with `npm pack`. Idempotent: does nothing when they are already there.
set -euo pipefail
cd "$(dirname "$0")/.."
PLOTLY_JS=3.3.1   # the last plotly.js line whose package ships dist/topojson/*.json
BOOTSTRAP=5.3.8
assets=dashboard/web/assets
[ -s "$assets/topojson/world_110m.json" ] && [ -s "$assets/vendor/bootstrap.min.css" ] && exit 0
command -v npm >/dev/null || { echo "fetch_assets: npm is needed to fetch the map and style assets" >&2; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
( cd "$tmp" && npm pack --silent "plotly.js@$PLOTLY_JS" "bootstrap@$BOOTSTRAP" >/dev/null )
mkdir -p "$assets/topojson" "$assets/vendor"
tar -xzf "$tmp/plotly.js-$PLOTLY_JS.tgz" -C "$tmp" package/dist/topojson
cp "$tmp"/package/dist/topojson/world_*.json "$assets/topojson/"
tar -xzf "$tmp/bootstrap-$BOOTSTRAP.tgz" -C "$tmp" package/dist/css/bootstrap.min.css
cp "$tmp/package/dist/css/bootstrap.min.css" "$assets/vendor/"
echo "fetch_assets: topojson and bootstrap.min.css are in $assets"

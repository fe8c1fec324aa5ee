#!/usr/bin/env bash
# Build sendplan's front-end assets from GOV.UK Frontend.
#
# Needs Node.js >= 20.19 and npm (build time only). The output is committed,
# so running the app (`make run`) needs no Node step. Re-run this script after
# editing static/src/*.scss or bumping the versions in scripts/govuk/package.json.
#
#   scripts/govuk/package.json (+ package-lock.json)  pinned govuk-frontend + sass
#   scripts/govuk/node_modules/                        npm install target (git-ignored)
#
# Outputs (commit these):
#   static/css/sendplan.css               compiled from static/src/sendplan.scss (compressed)
#   static/govuk/govuk-frontend.min.js    GOV.UK Frontend ES module (initAll, ...)
#   static/govuk/assets/images/favicon.svg  sendplan favicon (from static/src/favicon.svg)
#
# Deliberately NOT copied: GDS Transport fonts, the GOV.UK crown / crest /
# logotype images and GOV.UK favicons (sendplan is not a GOV.UK service).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PKG_DIR="$ROOT/scripts/govuk"
NODE_MODULES="$PKG_DIR/node_modules"
GOVUK_DIST="$NODE_MODULES/govuk-frontend/dist/govuk"
SRC_DIR="$ROOT/static/src"
CSS_OUT="$ROOT/static/css/sendplan.css"
GOVUK_OUT="$ROOT/static/govuk"

die() { echo "build_govuk_frontend: $*" >&2; exit 1; }

command -v node >/dev/null 2>&1 || die "node is not installed (need Node.js >= 20.19)"
command -v npm >/dev/null 2>&1 || die "npm is not installed"

node -e '
  const [maj, min] = process.versions.node.split(".").map(Number);
  if (maj < 20 || (maj === 20 && min < 19)) {
    console.error("build_govuk_frontend: Node.js >= 20.19 required (found " + process.versions.node + ")");
    process.exit(1);
  }
'

echo "==> Installing pinned npm packages into scripts/govuk/node_modules"
cd "$PKG_DIR"
if [[ -f package-lock.json ]]; then
  npm ci --no-audit --no-fund --omit=optional --loglevel=error
else
  npm install --no-audit --no-fund --omit=optional --loglevel=error
fi

pkg_version() {
  node -p "JSON.parse(require('fs').readFileSync('$NODE_MODULES/$1/package.json', 'utf8')).version"
}
GOVUK_VERSION="$(pkg_version govuk-frontend)"
SASS_VERSION="$(pkg_version sass)"
echo "    govuk-frontend $GOVUK_VERSION, sass $SASS_VERSION"

echo "==> Compiling static/src/sendplan.scss -> static/css/sendplan.css"
mkdir -p "$(dirname "$CSS_OUT")"
"$NODE_MODULES/.bin/sass" \
  --load-path="$NODE_MODULES" \
  --style=compressed \
  --no-source-map \
  --quiet-deps \
  "$SRC_DIR/sendplan.scss" "$CSS_OUT"

# Guard against the things this build must never ship.
if grep -q "GDS Transport" "$CSS_OUT"; then
  die "compiled CSS still references GDS Transport"
fi
if grep -q "@font-face" "$CSS_OUT"; then
  die "compiled CSS contains @font-face rules"
fi

echo "==> Copying GOV.UK Frontend JavaScript"
rm -rf "$GOVUK_OUT"
mkdir -p "$GOVUK_OUT/assets/images"
# Drop the sourceMappingURL comment: the .map is not shipped, and Django's
# ManifestStaticFilesStorage fails collectstatic on references to missing files.
sed -e 's#//\# sourceMappingURL=[^ ]*$##' \
  "$GOVUK_DIST/govuk-frontend.min.js" > "$GOVUK_OUT/govuk-frontend.min.js"
grep -q "sourceMappingURL" "$GOVUK_OUT/govuk-frontend.min.js" \
  && die "failed to strip sourceMappingURL from govuk-frontend.min.js"

echo "==> Copying assets"
# GOV.UK Frontend's own images are all GOV.UK branding (crown favicons, crest,
# touch icons) and its fonts are GDS Transport: none are used. The CSS
# references no images (see static/src/_asset-urls.scss), so the only asset is
# sendplan's own favicon.
cp "$SRC_DIR/favicon.svg" "$GOVUK_OUT/assets/images/favicon.svg"

# Every url() in the CSS must point at a file we ship.
missing=0
while IFS= read -r url; do
  path="${url#/static/}"
  if [[ ! -f "$ROOT/static/$path" ]]; then
    echo "build_govuk_frontend: CSS references missing file $url" >&2
    missing=1
  fi
done < <(grep -o 'url([^)]*)' "$CSS_OUT" | sed -e 's/^url(//' -e 's/)$//' -e 's/^["'\'']//' -e 's/["'\'']$//' | grep '^/static/' | sort -u)
[[ "$missing" -eq 0 ]] || die "missing assets"

cat > "$GOVUK_OUT/VERSION" <<EOF
govuk-frontend $GOVUK_VERSION
sass $SASS_VERSION
Built by scripts/build_govuk_frontend.sh - do not edit files in static/govuk/ by hand.
EOF

echo "==> Done"
ls -l "$CSS_OUT" "$GOVUK_OUT/govuk-frontend.min.js" "$GOVUK_OUT/assets/images/"

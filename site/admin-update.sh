#!/usr/bin/env bash
# Copies Decap CMS's single JavaScript bundle and its licence texts from
# node_modules (npm ci, at the version package-lock.json pins) into
# site/static/admin/, and writes NOTICE with the version and the bundle's
# SHA-256. go build embeds site/static/, so ect ships the editor with no
# npm and no CDN. To move to another Decap release:
#
#   npm install --save-exact decap-cms@X.Y.Z && site/admin-update.sh
#   go test ./internal/cms/    # TestVendoredDecap: the files match the lock
#
# and read the release notes for config.yml changes (internal/cms writes it).
set -euo pipefail
cd "$(dirname "$0")/.."
src=node_modules/decap-cms
dst=site/static/admin
if [ ! -f "$src/package.json" ]; then
	echo "admin-update: no $src: run npm ci first" >&2
	exit 1
fi
version=$(node -p 'require("./node_modules/decap-cms/package.json").version')
locked=$(node -p 'require("./package-lock.json").packages["node_modules/decap-cms"].version')
if [ "$version" != "$locked" ]; then
	echo "admin-update: node_modules has decap-cms $version but package-lock.json pins $locked: run npm ci" >&2
	exit 1
fi
mkdir -p "$dst"
cp "$src/dist/decap-cms.js" "$dst/decap-cms.js"
cp "$src/dist/decap-cms.js.LICENSE.txt" "$dst/decap-cms.js.LICENSE.txt"
# decap-cms's npm package carries no LICENSE file of its own; its sister
# packages, from the same repository, carry the project's MIT licence.
cp node_modules/decap-cms-lib-auth/LICENSE "$dst/LICENSE"
sum=$(sha256sum "$dst/decap-cms.js" | cut -d' ' -f1)
cat >"$dst/NOTICE" <<NOTICE
Decap CMS $version (npm decap-cms, https://decapcms.org), MIT licence (LICENSE).
decap-cms.js is dist/decap-cms.js from that package, unchanged.
sha256 $sum  decap-cms.js
Third-party notices for the code bundled into it: decap-cms.js.LICENSE.txt.
Only this one bundle is shipped: the package's lazily loaded chunks (CodeMirror
language modes for the code widget, a WebP encoder for image uploads) are not,
because the editor's configuration uses neither.
Updated by site/admin-update.sh; checked by TestVendoredDecap (internal/cms).
NOTICE
echo "admin-update: decap-cms $version copied into $dst (sha256 $sum)"

#!/usr/bin/env bash
# Installs ect $ECT_VERSION into $ECT_DIR from its GitHub release: the
# binary for this runner (ect-OS-ARCH, .exe on Windows), checked against
# the release's SHA256SUMS before it is put anywhere; a binary that does
# not match is refused and nothing is installed. A cached ect in $ECT_DIR
# is used as it is. Writes installed=true to GITHUB_OUTPUT, and $ECT_DIR to
# GITHUB_PATH, when ect is there; installed=false when the ref has no
# release (no SHA256SUMS), for the action to build it from source.
# ECTDOCS_DOWNLOAD_BASE replaces the download address (for the tests).
set -euo pipefail

fail() {
	echo "::error::ectdocs: $*" >&2
	exit 1
}
installed() {
	echo "$ECT_DIR" >>"$GITHUB_PATH"
	echo "installed=true" >>"$GITHUB_OUTPUT"
	echo "ect $ECT_VERSION: $1" >&2
	exit 0
}
not_installed() {
	echo "installed=false" >>"$GITHUB_OUTPUT"
	echo "$1" >&2
	exit 0
}

: "${ECT_DIR:?ECT_DIR is not set}"
version=${ECT_VERSION:-}
if [ -z "$version" ]; then
	not_installed "ectdocs: the action is used from a checkout: ect is built from it"
fi
if ! [[ $version =~ ^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$ ]] || [[ $version == *..* ]]; then
	fail "version \"$version\" is not a tag, branch or commit of ectdocs"
fi

case "${RUNNER_OS:-}" in
Linux) os=linux ;;
macOS) os=darwin ;;
Windows) os=windows ;;
*) fail "no ect is released for the runner system \"${RUNNER_OS:-}\"" ;;
esac
case "${RUNNER_ARCH:-}" in
X64) arch=amd64 ;;
ARM64) arch=arm64 ;;
*) fail "no ect is released for the runner architecture \"${RUNNER_ARCH:-}\"" ;;
esac
exe=""
if [ "$os" = windows ]; then exe=.exe; fi
asset="ect-$os-$arch$exe"
bin="$ECT_DIR/ect$exe"

if [ -f "$bin" ] && [ -x "$bin" ]; then
	installed "cached in $ECT_DIR"
fi

sha256() {
	if command -v sha256sum >/dev/null; then
		sha256sum "$1" | cut -d' ' -f1
	else
		shasum -a 256 "$1" | cut -d' ' -f1
	fi
}

base=${ECTDOCS_DOWNLOAD_BASE:-https://github.com/ectdocs/ectdocs/releases/download}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

code=$(curl -sSL --retry 3 -o "$tmp/SHA256SUMS" -w '%{http_code}' "$base/$version/SHA256SUMS") || fail "could not download $base/$version/SHA256SUMS"
case "$code" in
200) ;;
404) not_installed "ectdocs: $version has no release (no SHA256SUMS): ect is built from source" ;;
*) fail "$base/$version/SHA256SUMS: HTTP $code" ;;
esac
code=$(curl -sSL --retry 3 -o "$tmp/$asset" -w '%{http_code}' "$base/$version/$asset") || fail "could not download $base/$version/$asset"
if [ "$code" != 200 ]; then
	fail "the release $version has no $asset (HTTP $code): no ect for $RUNNER_OS $RUNNER_ARCH"
fi

want=$(awk -v a="$asset" '$2 == a || $2 == "*" a { print $1 }' "$tmp/SHA256SUMS")
if ! [[ $want =~ ^[0-9a-f]{64}$ ]]; then
	fail "the release's SHA256SUMS lists no checksum for $asset: refused"
fi
have=$(sha256 "$tmp/$asset")
if [ "$have" != "$want" ]; then
	fail "$asset does not match the release's SHA256SUMS (sha256 $have, listed $want): refused, nothing installed"
fi

mkdir -p "$ECT_DIR"
cp "$tmp/$asset" "$ECT_DIR/.ect-download$exe"
chmod 755 "$ECT_DIR/.ect-download$exe"
mv -f "$ECT_DIR/.ect-download$exe" "$bin"
installed "installed from the release, sha256 $have"

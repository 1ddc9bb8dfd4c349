#!/usr/bin/env bash
# Builds ect for each TARGET (OS/ARCH; default: the four released) into
# $DIST (default dist/) as ect-OS-ARCH (.exe for Windows), the names the
# action's install script downloads, and writes $DIST/SHA256SUMS of them.
# The build is reproducible: no cgo, no file paths (-trimpath), no build
# ID (-buildid=), so the same source gives the same bytes wherever it is
# built (release_test.go checks it). Built in a Git checkout at a tag, ect
# says that tag and commit (ect version): -buildvcs=auto, whatever GOFLAGS
# says.
#
#   .github/release/build.sh [OS/ARCH...]
set -euo pipefail

source=$(cd "$(dirname "$0")/../.." && pwd)
dist=${DIST:-$source/dist}
if [ $# -eq 0 ]; then
	set -- linux/amd64 linux/arm64 darwin/arm64 windows/amd64
fi
mkdir -p "$dist"
dist=$(cd "$dist" && pwd)

assets=()
for target in "$@"; do
	if ! [[ $target =~ ^(linux|darwin|windows)/(amd64|arm64)$ ]]; then
		echo "build.sh: \"$target\" is not a target: give OS/ARCH, e.g. linux/amd64" >&2
		exit 2
	fi
	os=${target%/*}
	arch=${target#*/}
	exe=""
	if [ "$os" = windows ]; then exe=.exe; fi
	asset="ect-$os-$arch$exe"
	echo "building $asset" >&2
	(cd "$source" && CGO_ENABLED=0 GOOS=$os GOARCH=$arch go build -trimpath -buildvcs=auto -ldflags=-buildid= -o "$dist/$asset" ./cmd/ect)
	assets+=("$asset")
done

cd "$dist"
if command -v sha256sum >/dev/null; then
	sha256sum "${assets[@]}" >SHA256SUMS
else
	shasum -a 256 "${assets[@]}" >SHA256SUMS
fi
cat SHA256SUMS

#!/usr/bin/env bash
# Works out which ect the action installs, and where: the version input, or
# else the ref the action is used at (github.action_ref, or the last part
# of the runner's folder for the action, .../_actions/OWNER/REPO/REF, as
# github.action_ref can be empty in a composite action). Empty when the
# action is used from a checkout (uses: ./): ect is then built from it.
# Writes version=, dir= and cacheable= to GITHUB_OUTPUT.
set -euo pipefail

version=${ECT_VERSION:-${ECT_ACTION_REF:-}}
if [ -z "$version" ]; then
	case "${GITHUB_ACTION_PATH:-}" in
	*/_actions/*/*/*) version=$(basename "$GITHUB_ACTION_PATH") ;;
	esac
fi
if [ -n "$version" ]; then
	if ! [[ $version =~ ^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$ ]] || [[ $version == *..* ]]; then
		echo "::error::ectdocs: version \"$version\" is not a tag, branch or commit of ectdocs (e.g. v1.4.0)" >&2
		exit 2
	fi
fi

# A release tag or a whole commit hash names one ect for good: it is
# cached. A branch moves, and the source of a checkout changes.
cacheable=false
if [[ $version =~ ^v[0-9]+\.[0-9]+\.[0-9]+ ]] || [[ $version =~ ^[0-9a-f]{40}$ ]]; then
	cacheable=true
fi
folder=${version//\//_}
dir="${RUNNER_TOOL_CACHE:-${RUNNER_TEMP:-${TMPDIR:-/tmp}}}/ectdocs/${folder:-source}/${RUNNER_OS:-unknown}-${RUNNER_ARCH:-unknown}"
{
	echo "version=$version"
	echo "dir=$dir"
	echo "cacheable=$cacheable"
} >>"$GITHUB_OUTPUT"

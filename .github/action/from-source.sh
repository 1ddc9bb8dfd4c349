#!/usr/bin/env bash
# Builds ect when there is no release to install: go install of ectdocs at
# $ECT_VERSION (a commit or a branch), or, when the action is used from a
# checkout (uses: ./), go build of that checkout. Puts it in $ECT_DIR and
# $ECT_DIR on GITHUB_PATH.
set -euo pipefail

: "${ECT_DIR:?ECT_DIR is not set}"
mkdir -p "$ECT_DIR"
if [ -n "${ECT_VERSION:-}" ]; then
	if ! [[ $ECT_VERSION =~ ^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$ ]] || [[ $ECT_VERSION == *..* ]]; then
		echo "::error::ectdocs: version \"$ECT_VERSION\" is not a tag, branch or commit of ectdocs" >&2
		exit 1
	fi
	GOBIN="$ECT_DIR" go install "github.com/ectdocs/ectdocs/cmd/ect@$ECT_VERSION"
else
	exe=""
	if [ "${RUNNER_OS:-}" = Windows ]; then exe=.exe; fi
	(cd "$GITHUB_ACTION_PATH" && go build -o "$ECT_DIR/ect$exe" ./cmd/ect)
fi
echo "$ECT_DIR" >>"$GITHUB_PATH"

#!/usr/bin/env bash
# Runs ect with the action's inputs, which come only through the
# environment (ECT_COMMAND, ECT_AUDIENCE, ECT_SINCE, ECT_ON, ECT_RECORDS,
# ECT_FORMAT, ECT_ARGS): each is checked and passed as one argument, never
# read as shell. ECT_ARGS holds more arguments, one a line.
set -euo pipefail
set -f

refuse() {
	echo "::error::ectdocs: $*" >&2
	exit 2
}

command=${ECT_COMMAND:-}
case "$command" in
validate | build | status | remind | qa | export | pdf | codeowners | version) ;;
*) refuse "command \"$command\" is not one the action runs: validate, build, status, remind, qa, export, pdf, codeowners or version" ;;
esac
argv=("$command")

format=${ECT_FORMAT:-}
if [ -z "$format" ] && [ "$command" = validate ]; then format=github; fi
if [ -n "$format" ]; then
	[[ $format =~ ^[a-z]+$ ]] || refuse "format \"$format\" is not a format name (text, github, json...)"
	argv+=(--format "$format")
fi
if [ -n "${ECT_SINCE:-}" ]; then
	[[ $ECT_SINCE =~ ^[A-Za-z0-9_][A-Za-z0-9._/~^@{}-]*$ ]] || refuse "since \"$ECT_SINCE\" is not a commit or branch (e.g. origin/main)"
	argv+=(--since "$ECT_SINCE")
fi
if [ -n "${ECT_ON:-}" ]; then
	[[ $ECT_ON =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]] || refuse "on \"$ECT_ON\" is not a date, YYYY-MM-DD"
	argv+=(--on "$ECT_ON")
fi
if [ -n "${ECT_AUDIENCE:-}" ]; then
	[[ $ECT_AUDIENCE =~ ^(ab|school:[0-9]{6}|ect:[0-9]{7})$ ]] || refuse "audience \"$ECT_AUDIENCE\" is not ab, school:URN or ect:TRN"
	argv+=(--audience "$ECT_AUDIENCE")
fi
while IFS= read -r line; do
	line=${line%$'\r'}
	line="${line#"${line%%[![:space:]]*}"}"
	line="${line%"${line##*[![:space:]]}"}"
	if [ -n "$line" ]; then argv+=("$line"); fi
done <<<"${ECT_ARGS:-}"
# The records folder last (none for version, or when records is empty:
# e.g. with --demo in args).
records=${ECT_RECORDS:-}
if [ "$command" != version ] && [ -n "$records" ]; then
	[[ $records != -* ]] || refuse "records \"$records\" is not a folder name"
	argv+=("$records")
fi

printf 'ect' >&2
printf ' %q' "${argv[@]}" >&2
printf '\n' >&2
exec ect "${argv[@]}"

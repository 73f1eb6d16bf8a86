#!/usr/bin/env bash
# The GitHub Action's step (../../action.yml): `sa-token-hardener --check` over the files, as
# pull-request annotations or a SARIF file, with the command of this checkout (../sa-token-hardener).
#
# Two ways to fail, told apart: "not hardened" (the command exits 1 with a report) is a finding,
# and sets the not-hardened output; anything else (bad inputs or options, an unreadable file, a
# command that cannot start, exit 1 without a report) "could not run": the step fails with its own
# message, and writes neither not-hardened nor a SARIF file.
#
# Whatever reaches the log is escaped per the workflow-command rules: a file name or a message
# never becomes a command of its own, and the command's standard error is printed with workflow
# commands stopped, so a line starting with "::" in it is only text.
set -euo pipefail
shopt -s globstar nullglob

here=$(cd -P "$(dirname "${BASH_SOURCE[0]}")" && pwd)
launcher=$here/../sa-token-hardener

# Workflow-command data escapes %, CR and LF (the properties written here are constants).
escape_data() {
  local text=${1//%/%25}
  text=${text//$'\r'/%0D}
  printf '%s' "${text//$'\n'/%0A}"
}
could_not_run() {
  printf '::error title=sa-token-hardener could not run::%s\n' "$(escape_data "$1")"
  exit 2
}
# Prints text with workflow commands stopped, so none of it is read as a command.
print_as_text() {
  local token
  token=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  echo "::stop-commands::$token"
  cat "$1"
  echo "::$token::"
}

format=${INPUT_FORMAT:-github}
case $format in github | sarif) ;; *) could_not_run "format must be github or sarif, not \"$format\"" ;; esac
fail_on_findings=${INPUT_FAIL_ON_FINDINGS:-true}
case $fail_on_findings in true | false) ;; *) could_not_run "fail-on-findings must be true or false, not \"$fail_on_findings\"" ;; esac
no_token=${INPUT_NO_TOKEN:-false}
case $no_token in true | false) ;; *) could_not_run "no-token must be true or false, not \"$no_token\"" ;; esac
sarif_file=${INPUT_SARIF_FILE:-sa-token-hardener.sarif}
case $sarif_file in '' | *$'\n'* | *$'\r'*) could_not_run "sarif-file must be one path on one line" ;; esac

arguments=(--check --format "$format")
if [ -n "${INPUT_CONFIG:-}" ]; then arguments+=(--config "$INPUT_CONFIG"); fi
option() { if [ -n "$2" ]; then arguments+=("$1" "$2"); fi; }
option --service-account "${INPUT_SERVICE_ACCOUNT:-}"
option --expiration "${INPUT_EXPIRATION:-}"
option --mount-path "${INPUT_MOUNT_PATH:-}"
option --default-mode "${INPUT_DEFAULT_MODE:-}"
option --audience "${INPUT_AUDIENCE:-}"
option --volume-name "${INPUT_VOLUME_NAME:-}"
option --containers "${INPUT_CONTAINERS:-}"
if [ "$no_token" = true ]; then arguments+=(--no-token); fi

# The files: a line that names an existing file is that file (spaces and brackets included);
# otherwise its words are paths or bash globs (`**` too), each expanded exactly once, so a file
# a glob found is never taken for a pattern again.
files=()
unmatched=()
declare -A seen=()
matches=()
# Sets matches to the files a glob names: unquoted on purpose, with IFS empty, so it is globbed, never split.
expand() {
  local IFS=
  # shellcheck disable=SC2206
  matches=($1)
}
add_file() {
  local file=$1
  if [ "$file" = - ]; then file=./-; fi # "-" would be standard input
  if [ -z "${seen[$file]+set}" ]; then
    seen[$file]=1
    files+=("$file")
  fi
}
while IFS= read -r line || [ -n "$line" ]; do
  line=${line%$'\r'}
  trimmed=${line#"${line%%[![:space:]]*}"}
  trimmed=${trimmed%"${trimmed##*[![:space:]]}"}
  if [ -z "$trimmed" ]; then continue; fi
  if [ -f "$trimmed" ]; then
    add_file "$trimmed"
    continue
  fi
  IFS=$' \t' read -r -a patterns <<<"$trimmed"
  for pattern in "${patterns[@]}"; do
    if [ -f "$pattern" ]; then
      add_file "$pattern"
      continue
    fi
    if [ -d "$pattern" ]; then could_not_run "$pattern is a folder: name its files, as in ${pattern%/}/**/*.yaml"; fi
    expand "$pattern"
    found=0
    for match in "${matches[@]}"; do
      if [ -f "$match" ]; then
        add_file "$match"
        found=1
      fi
    done
    if [ "$found" -eq 0 ]; then unmatched+=("$pattern"); fi
  done
done <<<"${INPUT_FILES:-}"
for pattern in "${unmatched[@]}"; do
  printf '::error title=sa-token-hardener could not run::no file matches %s\n' "$(escape_data "$pattern")"
done
if [ ${#unmatched[@]} -gt 0 ]; then exit 2; fi
if [ ${#files[@]} -eq 0 ]; then could_not_run "no file to check: the files input is empty"; fi

report=$(mktemp)
errors=$(mktemp)
trap 'rm -f "$report" "$errors"' EXIT
status=0
"$launcher" "${arguments[@]}" -- "${files[@]}" >"$report" 2>"$errors" || status=$?
if [ -s "$errors" ]; then print_as_text "$errors"; fi

# A report is what --check gives: in SARIF a log with a run; as annotations, an error per object.
has_report() {
  if [ "$format" = sarif ]; then grep -q '"runs"' "$report"; else grep -q '^::error ' "$report"; fi
}
if [ "$status" -ne 0 ] && { [ "$status" -ne 1 ] || ! has_report; }; then
  could_not_run "sa-token-hardener exited with status $status$([ "$status" -eq 1 ] && echo ' without a report')"
fi
if [ "$format" = sarif ]; then
  if ! has_report; then could_not_run "sa-token-hardener wrote no SARIF log"; fi
  cp "$report" "$sarif_file"
  echo "sarif-file=$sarif_file" >>"${GITHUB_OUTPUT:-/dev/null}"
else
  cat "$report"
fi
if [ "$status" -eq 1 ]; then
  echo "not-hardened=true" >>"${GITHUB_OUTPUT:-/dev/null}"
  if [ "$fail_on_findings" = true ]; then exit 1; fi
  exit 0
fi
echo "not-hardened=false" >>"${GITHUB_OUTPUT:-/dev/null}"

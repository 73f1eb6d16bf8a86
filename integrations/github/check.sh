#!/usr/bin/env bash
# The GitHub Action's step: runs `sa-token-hardener --check` of the action's own version (through
# npx, or $SA_TOKEN_HARDENER when set) on the files, as annotations or a SARIF file.
set -euo pipefail
shopt -s globstar nullglob

if [ -n "${SA_TOKEN_HARDENER:-}" ]; then
  read -r -a command <<<"$SA_TOKEN_HARDENER"
else
  command=(npx --yes "sa-token-hardener@${SA_TOKEN_HARDENER_VERSION}")
fi

format=${INPUT_FORMAT:-github}
if [ "$format" != github ] && [ "$format" != sarif ]; then
  echo "::error title=sa-token-hardener::format must be github or sarif, not ${format//[$'\r\n%']/ }"
  exit 2
fi
arguments=(--check --format "$format")
[ -n "${INPUT_CONFIG:-}" ] && arguments+=(--config "$INPUT_CONFIG")
option() { if [ -n "$2" ]; then arguments+=("$1" "$2"); fi; }
option --service-account "${INPUT_SERVICE_ACCOUNT:-}"
option --expiration "${INPUT_EXPIRATION:-}"
option --mount-path "${INPUT_MOUNT_PATH:-}"
option --default-mode "${INPUT_DEFAULT_MODE:-}"
option --audience "${INPUT_AUDIENCE:-}"
option --volume-name "${INPUT_VOLUME_NAME:-}"
option --containers "${INPUT_CONTAINERS:-}"
if [ "${INPUT_NO_TOKEN:-false}" = true ]; then arguments+=(--no-token); fi

# Word splitting and globbing of the patterns are wanted here.
files=()
IFS=$' \t\n'
# shellcheck disable=SC2206
for pattern in ${INPUT_FILES:-}; do files+=($pattern); done
if [ ${#files[@]} -eq 0 ]; then
  echo "::error title=sa-token-hardener::no file matches: ${INPUT_FILES//[$'\r\n%']/ }"
  exit 2
fi

status=0
if [ "$format" = sarif ]; then
  "${command[@]}" "${arguments[@]}" -- "${files[@]}" >"${INPUT_SARIF_FILE:-sa-token-hardener.sarif}" || status=$?
  echo "sarif-file=${INPUT_SARIF_FILE:-sa-token-hardener.sarif}" >>"${GITHUB_OUTPUT:-/dev/null}"
else
  "${command[@]}" "${arguments[@]}" -- "${files[@]}" || status=$?
fi
if [ "$status" -eq 1 ]; then
  echo "not-hardened=true" >>"${GITHUB_OUTPUT:-/dev/null}"
  [ "${INPUT_FAIL_ON_FINDINGS:-true}" = true ] && exit 1
  exit 0
fi
echo "not-hardened=false" >>"${GITHUB_OUTPUT:-/dev/null}"
exit "$status"

#!/usr/bin/env bash
# What the Keyscope GitHub Action (action.yml) runs: keyscope lint with SARIF output, its inputs turned into
# command-line flags. Inputs come as environment variables (KEYSCOPE_*); the exit status of the lint is
# written to $GITHUB_OUTPUT as exit-code, and this script itself succeeds unless the inputs are invalid, so that
# the SARIF is uploaded before the action fails. KEYSCOPE_CLI names a keyscope to run instead of the npm
# package (the tests run the one they built).
set -uo pipefail

fail_on=${KEYSCOPE_FAIL_ON:-error}
sarif=${KEYSCOPE_SARIF:-keyscope.sarif}
args=(lint --format sarif --output "$sarif")
case "$fail_on" in
  error) ;;
  warning) args+=(--max-warnings 0) ;;
  never) args+=(--exit-zero) ;;
  *) echo "::error::fail-on must be error, warning or never" >&2; exit 2 ;;
esac
if [ -n "${KEYSCOPE_CONFIG:-}" ]; then args+=(--config "$KEYSCOPE_CONFIG"); fi
# One glob or file per line; blank lines are skipped.
while IFS= read -r glob; do
  if [ -n "$glob" ]; then args+=(--exclude "$glob"); fi
done <<< "${KEYSCOPE_EXCLUDE:-}"
while IFS= read -r file; do
  if [ -n "$file" ]; then args+=(--var-file "$file"); fi
done <<< "${KEYSCOPE_VAR_FILES:-}"
# Paths are separated by spaces or new lines.
read -r -d '' -a paths <<< "${KEYSCOPE_PATHS:-.}"
if [ ${#paths[@]} -eq 0 ]; then paths=(.); fi
args+=("${paths[@]}")

# shellcheck source=run-keyscope.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/run-keyscope.sh"
run_keyscope "$sarif" "${args[@]}"
out=${GITHUB_OUTPUT:-/dev/null}
if [ -f "$sarif" ]; then echo "sarif-file=$sarif" >> "$out"; fi
exit 0

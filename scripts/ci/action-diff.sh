#!/usr/bin/env bash
# What the Keyscope access-diff Action (diff/action.yml) runs: keyscope diff between the pull request's base and
# the checkout, as Markdown. Inputs come as environment variables (KEYSCOPE_*). The report goes to the job
# summary and, on a pull request with comment enabled, to a comment that later runs edit; the exit status of
# the diff is written to $GITHUB_OUTPUT as exit-code. This script succeeds unless its inputs are invalid, so
# that the report is posted before the action fails. KEYSCOPE_CLI names a keyscope to run instead of the npm
# package (the tests run the one they built); KEYSCOPE_GH a gh to run instead of GitHub's CLI.
set -uo pipefail

fail_on=${KEYSCOPE_FAIL_ON:-never}
report=${KEYSCOPE_REPORT:-keyscope-diff.md}
base=${KEYSCOPE_BASE:-}
if [ -z "$base" ]; then
  if [ -z "${KEYSCOPE_BASE_REF:-}" ]; then echo "::error::no base: set the base input, or run on a pull request" >&2; exit 2; fi
  base="origin/$KEYSCOPE_BASE_REF"
fi
args=(diff --base "$base" --format markdown --output "$report")
case "$fail_on" in
  never) ;;
  new-access|any-change) args+=(--fail-on "$fail_on") ;;
  *) echo "::error::fail-on must be new-access, any-change or never" >&2; exit 2 ;;
esac
# Paths are separated by spaces or new lines.
read -r -d '' -a paths <<< "${KEYSCOPE_PATHS:-.}"
if [ ${#paths[@]} -eq 0 ]; then paths=(.); fi
args+=(-- "${paths[@]}")

# shellcheck source=run-keyscope.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/run-keyscope.sh"
run_keyscope "$report" "${args[@]}"
out=${GITHUB_OUTPUT:-/dev/null}
if [ -f "$report" ]; then
  echo "report-file=$report" >> "$out"
  if grep -q '^\*\*New access\*\*' "$report"; then echo "new-access=true" >> "$out"; else echo "new-access=false" >> "$out"; fi
  if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then cat -- "$report" >> "$GITHUB_STEP_SUMMARY"; fi
  if [ "${KEYSCOPE_COMMENT:-true}" = "true" ] && [ -n "${KEYSCOPE_PR:-}" ]; then
    gh=${KEYSCOPE_GH:-gh}
    # Edit the comment an earlier run posted; post one the first time.
    "$gh" pr comment "$KEYSCOPE_PR" --edit-last --body-file "$report" 2>/dev/null || "$gh" pr comment "$KEYSCOPE_PR" --body-file "$report" || echo "::warning::could not comment on pull request $KEYSCOPE_PR (does the job have pull-requests: write?)"
  fi
fi
exit 0

# Sourced by the Actions' scripts (action-lint.sh, action-diff.sh): run_keyscope REPORT ARGS... makes the
# report's folder, runs keyscope ARGS (the npm package at $KEYSCOPE_VERSION, or node $KEYSCOPE_CLI in the
# tests), and writes its exit status to $GITHUB_OUTPUT as exit-code and to $status.
run_keyscope() {
  local report=$1
  shift
  mkdir -p -- "$(dirname -- "$report")"
  local cmd
  if [ -n "${KEYSCOPE_CLI:-}" ]; then
    cmd=(node "$KEYSCOPE_CLI")
  else
    cmd=(npx --yes "keyscope@${KEYSCOPE_VERSION:?the keyscope version to run}")
  fi
  "${cmd[@]}" "$@"
  status=$?
  echo "exit-code=$status" >> "${GITHUB_OUTPUT:-/dev/null}"
}

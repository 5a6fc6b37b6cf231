#!/usr/bin/env bash
# Installs what the editor tests and `npm run demo` need, offline from the npm registry and Debian apt:
# code-server 4.100.3 (VS Code 1.100.3, the newest that runs on Node 20) and Debian's Chromium.
# Idempotent: a second run only checks. code-server lives in .e2e/code-server (gitignored), outside the
# repository's own node_modules, so the project's lockfile stays untouched.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VERSION=4.100.3
CACHE=${KEYSCOPE_CODE_SERVER_DIR:-$ROOT/.e2e/code-server}
CS=$CACHE/node_modules/code-server
MARKER=$CACHE/.installed-$VERSION
APT_PACKAGES=(libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep chromium)

log() { printf '[setup-code-server] %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else log "need root for: $*"; exit 1
  fi
}

# 1. Debian packages: native headers for code-server's addons, ripgrep for search, Chromium for the tests.
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ -f "$MARKER" ] && [ -f "$CS/out/node/entry.js" ]; then
  log "code-server $VERSION already installed in $CACHE"
  exit 0
fi

# 2. code-server from npm, its install scripts skipped (they would download); the steps they stand for follow.
log "npm install code-server@$VERSION into $CACHE"
rm -rf "$CACHE"
mkdir -p "$CACHE"
# A package.json of its own keeps npm from walking up into the repository.
printf '{ "name": "keyscope-e2e-code-server", "private": true }\n' > "$CACHE/package.json"
(cd "$CACHE" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error "code-server@$VERSION")

VS=$CS/lib/vscode
log "VS Code's own dependencies"
(cd "$VS" && npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error)
(cd "$VS" && npm_config_yes=true npm rebuild --loglevel=error kerberos node-pty @parcel/watcher @vscode/spdlog native-watchdog)
mkdir -p "$VS/node_modules/@vscode/ripgrep/bin"
ln -sfn /usr/bin/rg "$VS/node_modules/@vscode/ripgrep/bin/rg"
ln -sfn node_modules "$VS/node_modules.asar"
ln -sfn code-linux.sh "$VS/bin/remote-cli/code-server"
ln -sfn browser-linux.sh "$VS/bin/helpers/browser.sh"
log "built-in extensions' dependencies"
(cd "$VS/extensions" && npm install --omit=dev --no-audit --no-fund --loglevel=error)
# argon2 (password hashing, loaded even with --auth none) is hoisted to the top of the install folder.
(cd "$CACHE" && npm rebuild --loglevel=error argon2)

node "$CS/out/node/entry.js" --version >&2
touch "$MARKER"
log "code-server $VERSION ready: node $CS/out/node/entry.js"

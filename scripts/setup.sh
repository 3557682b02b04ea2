#!/bin/sh
# Create .venv and install the bot (and, with "test", its test tools) into it.
set -eu
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
if [ "${1:-}" = "test" ]; then
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
else
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e .
fi

#!/bin/sh
# Create .venv and install the bot (and, with "test", its test tools) into it.
# A stamp in .venv records what was installed: while pyproject.toml, this script and the venv's Python
# stay the same, a second run installs nothing. `rm -rf .venv` starts afresh.
set -eu
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
extras="" stamp=.venv/.installed
if [ "${1:-}" = "test" ]; then
    extras="[test]" stamp=.venv/.installed-test
fi

fingerprint() {
    { .venv/bin/python -V; cat pyproject.toml scripts/setup.sh; echo "$1"; } | cksum
}

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(fingerprint "$extras")" ]; then
    exit 0
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".$extras"
fingerprint "$extras" > "$stamp"
fingerprint "" > .venv/.installed  # the bot itself is installed either way

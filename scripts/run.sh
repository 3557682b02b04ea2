#!/bin/sh
# Set up and run the bot locally on its embedded defaults (SQLite under instance/, no LINE or Slack).
#   sh scripts/run.sh          chat with the bot in this terminal
#   sh scripts/run.sh serve    run the web app on http://127.0.0.1:5000
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh
if [ "${1:-}" = "serve" ]; then
    exec .venv/bin/python -m bot serve
fi
exec .venv/bin/python -m bot chat

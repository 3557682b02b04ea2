"""Run the command line: `python -m bot ask "質問"`."""

import sys

from bot.cli import main

sys.exit(main())

"""`python -m bot.loadtest [--users 1,10,50] [--duration 20] [--warmup 3] [--setups ...]`."""

import sys

from bot.loadtest.comparison import parse_options, run

if __name__ == "__main__":
    run(parse_options(sys.argv[1:]))

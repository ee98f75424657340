#!/usr/bin/env python3
"""Command line: `python render.py check FILE [--json]` and `python render.py render FILE [-q l|m|h|k] ...`."""
import sys

from cli.main import main

if __name__ == "__main__":
    sys.exit(main())

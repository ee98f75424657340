"""The command line: `render.py check`, `render.py render` and their one-line errors."""

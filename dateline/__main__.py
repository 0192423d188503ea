"""``python -m dateline``: the same command as ``dateline``."""

from dateline.cli import main

main()

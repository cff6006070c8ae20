"""``python -m tipnet`` is the same as the ``tipnet`` command."""

from tipnet.cli import main

main()

"""`python -m foedus` runs the command line."""

from foedus.cli import main

main()

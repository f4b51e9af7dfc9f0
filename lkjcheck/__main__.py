"""`python -m lkjcheck`: the same command as `lkjcheck`, for machines where scripts are not on PATH."""
from lkjcheck.cli import main

main(prog_name="lkjcheck")

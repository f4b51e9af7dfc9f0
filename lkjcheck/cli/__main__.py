"""`python -m lkjcheck.cli`, as the tests and scripts have always called it."""
from lkjcheck.cli import main

main()

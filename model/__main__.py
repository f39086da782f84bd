"""Run the command line interface: ``python -m model ...`` is ``jsdsim ...``."""

import sys

from model.cli import main

if __name__ == "__main__":
    sys.exit(main())

"""Allow `python -m pipeline` as an alias of the `medlink` command."""

import sys

from pipeline.cli import main

sys.exit(main())

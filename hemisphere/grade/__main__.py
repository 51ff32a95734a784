"""``python -m hemisphere.grade``: see :mod:`hemisphere.grade`."""

import sys

from . import main

sys.exit(main())

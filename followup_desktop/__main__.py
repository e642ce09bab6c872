"""``python -m followup_desktop`` does what the ``followup-desktop`` command does."""

import sys

from followup_desktop.app import main

sys.exit(main())

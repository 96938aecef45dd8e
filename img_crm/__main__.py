"""Allow ``python -m img_crm``."""

import sys

from img_crm.cli import main

sys.exit(main())

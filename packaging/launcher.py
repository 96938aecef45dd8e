"""Entry point of the frozen bundle: the same main() as the `img-crm` command."""

import sys

from img_crm.cli import main

if __name__ == "__main__":
    sys.exit(main())

"""``python -m taskpoll``: the same command line as the ``taskpoll`` script."""

from .cli import main

raise SystemExit(main())

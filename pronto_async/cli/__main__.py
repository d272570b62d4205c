"""``python -m pronto_async.cli``: the ``pronto`` command without the console script."""

from ._main import main

raise SystemExit(main())

"""What a process keeps for its whole life, moved out of the garbage collector's
sight once it is made: a full collection then no longer walks it.

Called at each process's entry (the app's start, the reminder dispatcher), after
warming what would otherwise be made by the first requests and stay (the crisis-line
data, the catalogs, the compiled templates, the locale data): frozen at the database's
opening instead, before those existed, a full collection still walked them, and the
app served 35-75 % fewer signed-in pages at 50 connections (measured with the
collector off, and with a freeze after warming: see the closing note of issue 27).
"""

from __future__ import annotations

import gc
from collections.abc import Callable

_settled = False


def settle_heap(*warm_ups: Callable[[], object]) -> None:
    global _settled
    if _settled:
        return
    _settled = True
    for warm in warm_ups:
        warm()
    gc.collect()
    gc.freeze()

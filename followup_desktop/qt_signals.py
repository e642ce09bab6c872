"""``emit()``: emit a Qt signal from Python without slowly breaking the interpreter.

PySide6 6.12.0's ``SignalInstance.emit()`` returns ``True`` without taking a reference to it,
so every emit from Python code drops one reference to ``True``. The process aborts
("bool_dealloc: deallocating True or False") once ``True``'s count reaches zero: about 2,700
emits into a running Follow-Up, i.e. after a couple of weeks of a tray app re-checking every
ten minutes, or sooner with use. 6.11.x is not affected.

:func:`emit` finds out once whether the running PySide has the bug and, if so, gives back the
lost reference after each emit. Code that emits often (the reminder scheduler, every change
announcement) should emit through it.
"""

from __future__ import annotations

import ctypes
import sys
from functools import cache
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

_PROBES = 8


class _Probe(QObject):
    sig = Signal()


@cache
def emit_loses_true() -> bool:
    """Return True when this PySide drops a reference to ``True`` at every emit."""
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(_PROBES):
        probe.sig.emit()
    lost = before - sys.getrefcount(True)
    # Give back what the probe itself lost.
    for _ in range(max(0, lost)):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
    return lost >= _PROBES


def emit(signal: SignalInstance, *args: Any) -> None:
    """``signal.emit(*args)``, giving back the reference to ``True`` PySide 6.12.0 drops."""
    signal.emit(*args)
    if emit_loses_true():
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))

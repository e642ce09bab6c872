"""The Qt binding keeps Python's reference counts straight.

PySide6-Essentials 6.12.0 on Python 3.11 drops a reference to ``None`` on every call of a
method returning void; a painted board makes thousands of such calls a second, and once
``None``'s count reaches zero Python aborts ("none_dealloc"); and every
``SignalInstance.emit()`` drops one to ``True`` ("bool_dealloc" after ~2,700 emits into a
running app). pyproject.toml excludes that release.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QRect, Signal


def test_void_calls_do_not_leak_or_steal_references_to_none():
    rect = QRect()
    before = sys.getrefcount(None)
    for _ in range(1000):
        rect.setWidth(3)
    # Immortal on 3.12+ (a huge constant); on 3.11 a correct binding keeps it steady.
    assert abs(sys.getrefcount(None) - before) < 50


class Sender(QObject):
    sig = Signal(object)


def test_many_emits_keep_true_alive(qapp):
    sender = Sender()
    got: list[object] = []
    sender.sig.connect(got.append)
    before = sys.getrefcount(True)
    for n in range(500):
        sender.sig.emit(n)
    assert len(got) == 500
    assert abs(sys.getrefcount(True) - before) <= 2

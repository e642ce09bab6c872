"""Emitting through ``qt_signals.emit`` keeps ``True`` alive (PySide6 6.12.0 drops a
reference to it at every ``SignalInstance.emit``)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

from followup_desktop.qt_signals import emit, emit_loses_true


class Sender(QObject):
    sig = Signal(object)


def test_many_emits_keep_true_alive(qapp):
    sender = Sender()
    got: list[object] = []
    sender.sig.connect(got.append)
    before = sys.getrefcount(True)

    for n in range(500):
        emit(sender.sig, n)

    assert len(got) == 500
    assert abs(sys.getrefcount(True) - before) <= 2


def test_the_probe_itself_costs_nothing(qapp):
    emit_loses_true.cache_clear()
    before = sys.getrefcount(True)
    emit_loses_true()
    assert abs(sys.getrefcount(True) - before) <= 2


def test_plain_emit_is_what_the_helper_corrects(qapp):
    sender = Sender()
    before = sys.getrefcount(True)
    for n in range(50):
        sender.sig.emit(n)
    lost = before - sys.getrefcount(True)
    if emit_loses_true():
        assert lost >= 49
        for _ in range(lost):  # give them back, for the rest of the test run
            import ctypes

            ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
    else:
        assert lost <= 2

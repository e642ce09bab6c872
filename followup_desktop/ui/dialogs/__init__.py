"""Dialogs: new interview, the archive, and (from other features) the editor and compose."""

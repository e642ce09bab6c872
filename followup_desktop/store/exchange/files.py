"""Writing an export safely and reading an import carefully."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from followup_desktop.core.errors import StoreError, ValidationError

#: An import larger than this is refused before it is read into memory.
MAX_IMPORT_BYTES = 1024 * 1024 * 1024


def write_private(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` (mode 0600: it holds private data), all or nothing.

    A temporary file beside the target is written, flushed to disk and renamed over it, so
    a crash never leaves half an export under the chosen name.

    Raises:
        StoreError: the file cannot be written (no such folder, no space, no permission).
    """
    path = Path(path).expanduser().absolute()
    temp = path.with_name(f".{path.name}.tmp")
    old = os.umask(0o077)
    try:
        with temp.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(temp, 0o600)
        os.replace(temp, path)
    except OSError as exc:
        raise StoreError(f"Could not write {path}: {exc.strerror or exc}.") from exc
    finally:
        os.umask(old)
        with contextlib.suppress(OSError):
            temp.unlink()
    return path


def read_import(path: Path) -> bytes:
    """The bytes of a file to import.

    Raises:
        ValidationError: missing, a folder, unreadable, empty or too large (field ``file``).
    """
    path = Path(path).expanduser()
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise ValidationError("file", f"{path} is a folder, not a file.")
        if size > MAX_IMPORT_BYTES:
            raise ValidationError("file", f"{path.name} is too large to import ({size:,} bytes).")
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise ValidationError("file", f"There is no file {path}.") from exc
    except OSError as exc:
        raise ValidationError("file", f"{path} cannot be read: {exc.strerror or exc}.") from exc
    if not data.strip():
        raise ValidationError("file", f"{path.name} is empty.")
    return data

"""Writing the report to a file: the path checked first (:func:`check_output_path`), then
written atomically (:func:`write_atomic`).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from calculator.inputs.errors import InputError

#: Longest file name (one path component) most file systems allow, in bytes.
MAX_NAME_BYTES = 255


def check_output_path(path: str | os.PathLike, field: str = "--out") -> Path:
    """Check that ``path`` names a ``.pdf`` file (any case) in an existing, writable directory."""
    if "\x00" in str(path):
        raise InputError(field, "a file name cannot contain a NUL character")
    p = Path(path)
    if len(os.fsencode(p.name)) > MAX_NAME_BYTES:
        raise InputError(field, f"the file name is {len(os.fsencode(p.name)):,} bytes long; at most {MAX_NAME_BYTES} bytes are allowed")
    try:
        if str(path) == "" or p.name in ("", ".", ".."):
            raise InputError(field, "must be a file name such as summary.pdf")
        if p.is_dir():
            raise InputError(field, f"{str(path)[:200]} is a directory; give a file name such as summary.pdf")
        if not p.name.lower().endswith(".pdf"):
            raise InputError(field, f"{p.name[:200]} must end in .pdf (the report is a PDF), e.g. summary.pdf")
        parent = p.parent
        if not parent.exists():
            raise InputError(field, f"directory {str(parent)[:200]} does not exist; create it first")
        if not parent.is_dir():
            raise InputError(field, f"{str(parent)[:200]} is not a directory")
        if not os.access(parent, os.W_OK | os.X_OK):
            raise InputError(field, f"directory {str(parent)[:200]} is not writable")
        if p.exists() and not os.access(p, os.W_OK):
            raise InputError(field, f"{str(path)[:200]} exists and is not writable")
    except OSError as exc:
        raise InputError(field, f"cannot use {str(path)[:200]} ({exc.strerror or exc})") from None
    return p


def write_atomic(data: bytes, path: str | os.PathLike, field: str = "--out") -> Path:
    """Write ``data`` to ``path`` atomically: a temporary file in the same directory, then
    ``os.replace``; on any failure the temporary file is removed and ``path`` is untouched.

    Raises
    ------
    InputError
        If the path is not a writable file location (naming ``field``).
    """
    p = check_output_path(path, field)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{p.name[:80]}.", suffix=".tmp", dir=p.parent)
    except OSError as exc:
        raise InputError(field, f"cannot write in {str(p.parent)[:200]} ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, p)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise InputError(field, f"cannot write {str(p)[:200]} ({exc.strerror})") from None
        raise
    return p

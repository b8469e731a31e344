"""Scenario files: reading YAML or JSON text within the size limits (:func:`parse_scenario_text`,
:func:`read_scenario_text`), reading a file from disk without blocking (:func:`read_limited`,
:func:`load_scenario`) and writing a scenario back (:func:`dump_scenario`).

The file format and its readers are in :mod:`calculator.inputs.scenario`.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

from calculator.inputs.errors import InputError
from calculator.inputs.scenario import scenario_from_mapping
from calculator.inputs.scenario_schema import Scenario
from calculator.inputs.scenario_values import MAX_SCENARIO_BYTES, SCENARIO_LIMITS
from calculator.inputs.strict_yaml import load_data


def parse_scenario_text(text: str, *, source: str, fmt: str = "auto") -> Any:
    """YAML or JSON text -> plain data, within :data:`SCENARIO_LIMITS` (one InputError otherwise).

    ``fmt`` is ``json`` for a ``.json`` file (read with the json module), ``yaml`` for YAML,
    ``auto`` to tell from the text (see :func:`calculator.inputs.strict_yaml.load_data`).
    """
    return load_data(text, source=source, limits=SCENARIO_LIMITS, fmt=fmt)


def _format_of(name: str) -> str:
    return {".json": "json", ".yaml": "yaml", ".yml": "yaml"}.get(Path(name).suffix.lower(), "auto")


def read_scenario_text(text: str, *, source: str, region: str | None = None, fmt: str = "auto") -> Scenario:
    """Parse YAML or JSON text (size-capped) into a checked :class:`Scenario`."""
    data = parse_scenario_text(text, source=source, fmt=fmt)
    return scenario_from_mapping(data, source=source, region=region)


def read_limited(path: str | Path, limit: int = MAX_SCENARIO_BYTES, *, field: str = "--scenario") -> bytes:
    """At most ``limit`` bytes of a regular file, never blocking.

    The file is opened with ``O_NONBLOCK`` and checked with ``fstat`` before reading: a
    directory, a named pipe, a device (``/dev/zero``, whose size reads as 0) or a socket is
    refused; at most ``limit + 1`` bytes are read, so a file that grows meanwhile is still
    refused as too large.

    Raises
    ------
    InputError
        Naming ``field`` and the file: cannot be opened, not a regular file, too large.
    """
    where = f"{field} {str(path)[:200]}"
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the name
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not a valid file name"
        raise InputError(where, f"cannot read the file ({why})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = ("a directory" if stat.S_ISDIR(st.st_mode) else "a named pipe" if stat.S_ISFIFO(st.st_mode)
                    else "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else "not a regular file")
            raise InputError(where, f"is {kind}; give a regular YAML or JSON file")
        if st.st_size > limit:
            raise InputError(where, f"is larger than {limit // 1024} KiB ({st.st_size:,} bytes); not read")
        chunks: list[bytes] = []
        got = 0
        while got <= limit:
            chunk = os.read(fd, limit + 1 - got)
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        if got > limit:
            raise InputError(where, f"is larger than {limit // 1024} KiB; not read")
        return b"".join(chunks)
    except OSError as exc:
        raise InputError(where, f"cannot read the file ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def load_scenario(path: str | Path, *, region: str | None = None) -> Scenario:
    """Read a scenario file (YAML or JSON, at most 64 KiB, a regular file)."""
    p = Path(path)
    name = (p.name or str(p))[:200]
    raw = read_limited(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(name, "scenario file must be UTF-8 text (YAML or JSON)") from None
    return read_scenario_text(text, source=name, region=region, fmt=_format_of(name))


def dump_scenario(scenario: Scenario, fmt: str = "yaml") -> str:
    """Write a scenario in the file format (``yaml`` or ``json``)."""
    data = scenario.to_dict()
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False)
    import yaml

    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)

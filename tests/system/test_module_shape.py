"""The shape issue 23 asks of calculator/: no module over 400 lines, and app/ formats nothing
itself (every number a person reads is formatted in calculator/content/; app/ only draws).

The modules are read as text and with :mod:`ast` (nothing is imported), so a failure names the
file, the line and what it does.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAX_MODULE_LINES = 400
#: The content modules whose functions format numbers and units for a reader.
FORMATTING_MODULES = ("calculator.content.numbers", "calculator.content.units")
#: A printf-style number format (``"%.1f"``, ``"%d"``, ``"%,.0f"``): a widget's display format.
PRINTF_NUMBER = re.compile(r"%[-+ 0#,]*[0-9]*(?:\.[0-9]+)?[dfgeEi]")


def too_long(root: Path = ROOT) -> list[str]:
    """``path: N lines`` for every module of calculator/ over :data:`MAX_MODULE_LINES` lines."""
    out = []
    for path in sorted((root / "calculator").rglob("*.py")):
        n = len(path.read_text(encoding="utf-8").splitlines())
        if n > MAX_MODULE_LINES:
            out.append(f"{path.relative_to(root)}: {n} lines")
    return out


def formatting_in(source: str, where: str) -> list[str]:
    """Where ``source`` formats a number itself: a format spec in an f-string (``{x:,.0f}``,
    ``{x:g}``), ``format(x, spec)``, a printf-style number format, or a formatter imported
    from :data:`FORMATTING_MODULES`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.FormattedValue) and node.format_spec is not None:
            found.append(f"{where}:{line}: a format spec in an f-string")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "format":
            found.append(f"{where}:{line}: format()")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and PRINTF_NUMBER.search(node.value):
            found.append(f"{where}:{line}: a printf-style number format {node.value!r}")
        elif isinstance(node, ast.ImportFrom) and node.module in FORMATTING_MODULES:
            found.append(f"{where}:{line}: imports {', '.join(a.name for a in node.names)} from {node.module}")
        elif isinstance(node, ast.Import) and any(a.name in FORMATTING_MODULES for a in node.names):
            found.append(f"{where}:{line}: imports a formatting module")
    return found


def app_formatting(root: Path = ROOT) -> list[str]:
    out = []
    for path in sorted((root / "calculator" / "app").rglob("*.py")):
        out += formatting_in(path.read_text(encoding="utf-8"), str(path.relative_to(root)))
    return out


def test_no_module_of_calculator_is_over_400_lines():
    assert too_long() == []


def test_the_app_formats_no_number_itself():
    assert app_formatting() == []


def test_the_checks_catch_a_long_module_and_formatting(tmp_path):
    (tmp_path / "calculator" / "app").mkdir(parents=True)
    (tmp_path / "calculator" / "app" / "long.py").write_text("x = 1\n" * (MAX_MODULE_LINES + 1))
    assert too_long(tmp_path) == [f"calculator/app/long.py: {MAX_MODULE_LINES + 1} lines"]
    (tmp_path / "calculator" / "app" / "long.py").write_text("x = 1\n" * MAX_MODULE_LINES)
    assert too_long(tmp_path) == []
    cases = {
        "label = f'{price:,.0f} CNY'": "a format spec",
        "label = f'{share:.1%}'": "a format spec",
        "label = format(price, ',')": "format()",
        "st.number_input('Fee', format='%.0f')": "printf-style",
        "from calculator.content.numbers import format_money": "imports format_money",
        "import calculator.content.units": "imports a formatting module",
    }
    for source, what in cases.items():
        found = formatting_in(source, "x.py")
        assert len(found) == 1 and what in found[0], (source, found)
    assert formatting_in("label = f'{name} [{unit}]'; key = f'w_{i}'; share = '50%'", "x.py") == []

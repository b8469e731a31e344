"""Architecture: the layers of calculator/ import only downwards, without cycles.

inputs (0) -> model (1) -> analysis (2) -> content, present (3) -> cli, app (4). A module may import
its own layer and lower ones, never a later one: not at the top, not inside a function, not
under ``if TYPE_CHECKING``. Modules import each other without cycles, and only calculator/app
imports streamlit. The modules are read with :mod:`ast` (nothing is imported), so a failure
names the file, the line and the import.
"""

from __future__ import annotations

import ast
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: layer of each subpackage or top-level module of calculator/
LAYERS = {"inputs": 0, "model": 1, "analysis": 2, "content": 3, "present": 3, "cli": 4, "interrupt": 4, "app": 4}
LAYER_NAMES = {0: "inputs", 1: "model", 2: "analysis", 3: "content/present", 4: "cli/app"}
#: modules outside the layers: the package root (MODEL_VERSION, importable from anywhere) and
#: ``python -m calculator`` (which only calls the command line)
UNLAYERED = {"calculator", "calculator.__main__"}


@dataclass(frozen=True)
class Import:
    importer: str  # module name, e.g. calculator.analysis.psa
    path: str  # relative to the repository, e.g. calculator/analysis/psa.py
    line: int
    target: str  # the module imported, e.g. calculator.present.numbers (or streamlit)
    source: str  # the import statement as written

    def where(self) -> str:
        return f"{self.path}:{self.line}: {self.source}"


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def discover(root: Path = ROOT) -> dict[str, Path]:
    """Every module of calculator/, by name."""
    return {module_name(p, root): p for p in sorted((root / "calculator").rglob("*.py"))}


def layer_of(module: str) -> int | None:
    """The layer of a calculator module; None for the unlayered ones. KeyError for a new
    subpackage that has no layer yet (test_every_module_has_a_layer says so)."""
    if module in UNLAYERED:
        return None
    return LAYERS[module.split(".")[1]]


def _resolve_relative(module: str, is_package: bool, level: int, name: str | None) -> str:
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join(base + ([name] if name else []))


def imports_of(module: str, path: Path, modules: dict[str, Path], root: Path = ROOT) -> list[Import]:
    """All imports of one module, anywhere in it (functions, classes, if-blocks included)."""
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text, filename=str(path))
    rel = path.relative_to(root).as_posix()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = _resolve_relative(module, path.name == "__init__.py", node.level, node.module)
            # ``from calculator.present import numbers`` imports the module calculator.present.numbers
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
        else:
            continue
        source = " ".join((ast.get_source_segment(text, node) or "").split())
        for target in dict.fromkeys(targets):
            found.append(Import(module, rel, node.lineno, target, source))
    return found


def scan(root: Path = ROOT) -> tuple[dict[str, Path], list[Import]]:
    modules = discover(root)
    return modules, [imp for name, path in modules.items() for imp in imports_of(name, path, modules, root)]


def internal_target(target: str, modules: dict[str, Path]) -> str | None:
    """The calculator module an import loads (its longest known prefix), or None if external."""
    parts = target.split(".")
    if parts[0] != "calculator":
        return None
    while parts:
        name = ".".join(parts)
        if name in modules:
            return name
        parts.pop()
    return None


def strongly_connected_components(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm (iterative): the components of the directed graph, each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(sorted(component))
    return components


def upward_imports(modules: dict[str, Path], imports: list[Import]) -> list[str]:
    wrong = []
    for imp in imports:
        target = internal_target(imp.target, modules)
        own = layer_of(imp.importer)
        if target is None or own is None or target in UNLAYERED:
            continue
        other = layer_of(target)
        if other > own:
            wrong.append(f"{imp.where()}  ({LAYER_NAMES[own]}, layer {own}, imports {target}: "
                         f"{LAYER_NAMES[other]}, layer {other})")
    return wrong


def import_cycles(modules: dict[str, Path], imports: list[Import]) -> list[str]:
    graph: dict[str, set[str]] = {name: set() for name in modules}
    first: dict[tuple[str, str], Import] = {}
    for imp in imports:
        target = internal_target(imp.target, modules)
        if target is not None and target != imp.importer:
            graph[imp.importer].add(target)
            first.setdefault((imp.importer, target), imp)
    report = []
    for component in strongly_connected_components(graph):
        if len(component) > 1:
            members = set(component)
            edges = [first[(a, b)].where() for a in component for b in sorted(graph[a] & members)]
            report.append(" <-> ".join(component) + ":\n    " + "\n    ".join(edges))
    return report


def streamlit_outside_app(imports: list[Import]) -> list[str]:
    return [imp.where() for imp in imports
            if imp.target.split(".")[0] == "streamlit" and not imp.importer.startswith("calculator.app")]


def test_the_scanner_sees_the_package():
    modules, imports = scan()
    assert {"calculator.inputs.distributions", "calculator.model.family", "calculator.analysis.evaluate",
            "calculator.present.pdf", "calculator.cli", "calculator.app.main"} <= set(modules)
    # a function-level import is seen (cli imports the PDF report inside cmd_report)
    assert any(i.importer == "calculator.cli" and i.target == "calculator.present.pdf" for i in imports)


def test_every_module_has_a_layer():
    unknown = []
    for name in discover():
        try:
            layer_of(name)
        except KeyError:
            unknown.append(name)
    assert not unknown, f"modules in no layer (add their subpackage to LAYERS in {Path(__file__).name}): {unknown}"


def test_layers_import_only_downwards():
    wrong = upward_imports(*scan())
    assert not wrong, "imports of a later layer:\n  " + "\n  ".join(wrong)


def test_no_import_cycles():
    cycles = import_cycles(*scan())
    assert not cycles, "import cycles:\n  " + "\n  ".join(cycles)


def test_only_the_app_imports_streamlit():
    wrong = streamlit_outside_app(scan()[1])
    assert not wrong, "streamlit imported outside calculator/app:\n  " + "\n  ".join(wrong)


def test_the_checks_catch_violations(tmp_path):
    """The checks on a small made-up package: an upward import inside a function, a relative
    import that closes a cycle, and streamlit in the model are each found, with file and line."""
    files = {
        "calculator/__init__.py": "MODEL_VERSION = '0'\n",
        "calculator/inputs/__init__.py": "",
        "calculator/inputs/a.py": "from calculator.inputs import b\n",
        "calculator/inputs/b.py": "import os\n\nfrom . import a\n",
        "calculator/model/__init__.py": "",
        "calculator/model/core.py": ("from calculator import MODEL_VERSION\nimport streamlit as st\n\n\n"
                                     "def f():\n    from calculator.present import numbers\n"),
        "calculator/present/__init__.py": "",
        "calculator/present/numbers.py": "from calculator.model.core import f\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    modules, imports = scan(tmp_path)
    upward = upward_imports(modules, imports)
    assert len(upward) == 1 and upward[0].startswith(
        "calculator/model/core.py:6: from calculator.present import numbers"), upward
    cycles = import_cycles(modules, imports)
    assert len(cycles) == 2, cycles
    assert cycles[0].startswith("calculator.inputs.a <-> calculator.inputs.b:")
    assert "calculator/inputs/b.py:3: from . import a" in cycles[0]
    assert cycles[1].startswith("calculator.model.core <-> calculator.present.numbers:")
    assert streamlit_outside_app(imports) == ["calculator/model/core.py:2: import streamlit as st"]


def test_pyproject_version_is_the_model_version():
    from calculator import MODEL_VERSION

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["version"] == MODEL_VERSION, "pyproject.toml [project] version must equal calculator.MODEL_VERSION"


#: The only modules of present/ the content layer may import: text tidying (Chinese spacing).
#: Everything that draws (plotly, matplotlib, the PDF, the text report) reads content, never
#: the other way round.
CONTENT_MAY_IMPORT_FROM_PRESENT = {"calculator.present.cjk"}


def content_imports_of_present(modules: dict[str, Path], imports: list[Import]) -> list[str]:
    wrong = []
    for imp in imports:
        target = internal_target(imp.target, modules)
        if (imp.importer.startswith("calculator.content") and target is not None
                and (target == "calculator.present" or target.startswith("calculator.present."))
                and target not in CONTENT_MAY_IMPORT_FROM_PRESENT):
            wrong.append(imp.where())
    return wrong


def test_content_does_not_import_the_renderers():
    wrong = content_imports_of_present(*scan())
    assert not wrong, "content imports a renderer of present/ (move the data or text into content):\n  " + "\n  ".join(wrong)


def test_the_content_check_catches_a_renderer_import(tmp_path):
    files = {
        "calculator/__init__.py": "",
        "calculator/content/__init__.py": "",
        "calculator/content/a.py": "from calculator.present.cjk import tidy\n\n\ndef f():\n    from calculator.present import charts\n",
        "calculator/present/__init__.py": "",
        "calculator/present/cjk.py": "",
        "calculator/present/charts.py": "",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    assert content_imports_of_present(*scan(tmp_path)) == [
        "calculator/content/a.py:5: from calculator.present import charts"]

"""The developer pages stay true: the layout page is the generated one, the README's test command
is the one CI runs, and every measurement names its date and its script."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"


def _make_layout():
    spec = importlib.util.spec_from_file_location("make_layout", ROOT / "docs" / "make_layout.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _readme_commands() -> list[str]:
    """The commands of the README's "Two commands" block."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Two commands\n", 1)[1].split("\n## ", 1)[0]
    block = section.split("```bash\n", 1)[1].split("```", 1)[0]
    return [line.split("#", 1)[0].strip() for line in block.splitlines() if line.split("#", 1)[0].strip()]


def test_layout_page_is_the_generated_one():
    layout = _make_layout()
    assert (ROOT / "docs" / "layout.md").read_text(encoding="utf-8") == layout.page(), (
        "docs/layout.md is out of date: python docs/make_layout.py --write")


def test_layout_describes_no_folder_that_is_gone():
    layout = _make_layout()
    assert [d for d in layout.FOLDERS if not (ROOT / d).is_dir()] == []


def test_readme_names_the_two_commands_and_ci_runs_the_test_command():
    assert _readme_commands() == ["./dev app", "./dev test"]
    ci = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert "./dev test || status=$?" in ci and "./dev lint || status=$?" in ci


def test_every_measurement_names_its_date_and_script():
    text = (ROOT / "docs" / "measurements.md").read_text(encoding="utf-8")
    sections = re.split(r"\n(?=## )", text)[1:]
    assert sections
    for section in sections:
        title = section.splitlines()[0]
        subsections = re.split(r"\n(?=### )", section)
        dated = subsections[1:] or subsections  # a section with dated subsections dates each of them
        for part in dated:
            assert re.search(r"\b20\d\d-\d\d-\d\d\b", part), (title, part.splitlines()[0])
        scripts = re.findall(r"benchmarks/(\w+\.py)|`(bench_\w+\.py)", section)
        named = {a or b for a, b in scripts}
        assert named or "no script" in section, title
        for name in named:
            assert (ROOT / "benchmarks" / name).is_file(), (title, name)


def test_readme_keeps_no_dated_measurement():
    """Dated numbers live in docs/measurements.md; the README points there."""
    text = README.read_text(encoding="utf-8")
    assert not re.search(r"Measured 20\d\d-\d\d-\d\d", text)
    assert "docs/measurements.md" in text and "docs/layout.md" in text

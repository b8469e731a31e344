"""The libyaml reading of strict YAML (``nesting_checked=True``) gives what the pure-Python
reading gives: the same objects of the same types for every YAML file of the calculator, and
the same error, with the same message, for every document it refuses."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from calculator.inputs import strict_yaml
from calculator.inputs.errors import InputError
from calculator.inputs.strict_yaml import load_strict

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted([*ROOT.glob("assumptions/*.yaml"), *ROOT.glob("calculator/content/locales/*.yaml"),
                *ROOT.glob("tests/golden/families/*.yaml")])


def _typed(x):
    """The value with the type of every leaf (so 1 and 1.0, or a date and its text, differ)."""
    if isinstance(x, dict):
        return {_typed(k): _typed(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_typed(v) for v in x]
    return (type(x).__name__, repr(x))


def test_libyaml_is_there() -> None:
    assert yaml.__with_libyaml__ and strict_yaml._FastStrictLoader is not None


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_same_objects_as_pure_python(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert _typed(strict_yaml._load_fast(text)) == _typed(load_strict(text, source=path.name))


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n",                   # alias of a scalar
    "- &a [1, 2]\n- *a\n",                 # alias of a sequence
    "a: &m {k: 1}\nb: {<<: *m}\n",          # merge key through an alias
    "a: 1\nb: 2\na: 3\n",                   # duplicate key
    "? [1, 2]\n: x\n",                      # a list as a key
    "a: [1, 2\n",                           # syntax error
    "a: 'open\n",
    "a:\n\t- 1\n",                          # a tab as indentation
])
def test_same_refusal_as_pure_python(text: str) -> None:
    with pytest.raises(InputError) as slow:
        load_strict(text, source="t.yaml")
    with pytest.raises(InputError) as fast:
        load_strict(text, source="t.yaml", nesting_checked=True)
    assert str(fast.value) == str(slow.value)


@pytest.mark.parametrize("text", [
    "a: 5e-05\nb: .5\nc: 1_000\nd: 0x1F\ne: 2024-01-02\nf: yes\ng: ~\nh: '5'\ni: -.inf\n",
    "a: &x 1\n",                            # an anchor that is never used is not an alias
    "",
    "[1, {a: [2, 3]}, 'x']",
])
def test_same_values_as_pure_python(text: str) -> None:
    assert _typed(load_strict(text, source="t", nesting_checked=True)) == _typed(load_strict(text, source="t"))

"""Command line: ``python -m calculator params|evaluate ...``.

Bad input never shows a traceback: it prints one line on stderr naming the field and what
is allowed, and exits with status 2.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from typing import Sequence

from .assumptions import REGIONS, load_region
from .errors import InputError
from .evaluate import evaluate
from .i18n import LANGS
from .scenario import load_scenario
from .textout import render_params_text, render_text

EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    """ArgumentParser whose errors are one line on stderr and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"{self.prog}: error: {' '.join(message.split())}\n")
        raise SystemExit(EXIT_BAD_INPUT)


def parse_set(items: Sequence[str] | None) -> dict[str, float]:
    """``["fee_upfront=5700", ...]`` -> ``{"fee_upfront": 5700.0}``; names are checked later."""
    out: dict[str, float] = {}
    for item in items or ():
        name, sep, raw = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise InputError("--set", f"expected NAME=VALUE, got {item[:60]!r}")
        try:
            value = float(raw.strip().replace("_", ""))
        except ValueError:
            raise InputError(f"--set {name[:60]}", f"{raw[:60]!r} is not a number") from None
        if not math.isfinite(value):
            raise InputError(f"--set {name[:60]}", "must be a finite number")
        if name in out:
            raise InputError(f"--set {name[:60]}", "given twice")
        out[name] = value
    return out


def add_common(p: argparse.ArgumentParser) -> None:
    """Options shared by every command that evaluates a family."""
    p.add_argument("--region", choices=REGIONS, default=None, help="starting numbers: cn (CNY) or us (USD); default: the scenario's, else cn")
    p.add_argument("--scenario", metavar="FILE", help="family scenario, YAML or JSON (see README)")
    p.add_argument("--set", metavar="NAME=VALUE", action="append", help="set a parameter (repeatable); names: 'params'")
    p.add_argument("--lang", choices=LANGS, default="en", help="language of texts (default en)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m calculator", description="Cord blood storage decision calculator.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("params", help="list every parameter with unit, range, distribution and source")
    p.add_argument("--region", choices=REGIONS, default="cn")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--lang", choices=LANGS, default="en")

    e = sub.add_parser("evaluate", help="evaluate private storage, public donation and no collection")
    add_common(e)
    e.add_argument("--format", choices=("text", "json"), default="text")
    return parser


def load_inputs(args: argparse.Namespace):
    """(scenario or None, region or None, overrides) from the common options, checked."""
    overrides = parse_set(args.set)
    scenario = load_scenario(args.scenario, region=args.region) if args.scenario else None
    return scenario, args.region, overrides


def cmd_params(args: argparse.Namespace) -> int:
    a = load_region(args.region)
    if args.format == "json":
        rows = []
        for prm in a.parameters.values():
            rows.append({
                "name": prm.name, "value": prm.value, "unit": prm.unit, "low": prm.low, "high": prm.high,
                "distribution": prm.distribution.model_dump(by_alias=True),
                "source": " ".join(prm.source.split()), "source_type": prm.source_type, "url": prm.url,
                "reviewed": prm.reviewed.isoformat(), "label": prm.label_in(args.lang),
                "allowed": list(prm.bounds), "file": prm.file,
            })
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        print(render_params_text(args.region, args.lang))
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    scenario, region, overrides = load_inputs(args)
    res = evaluate(scenario, region=region, overrides=overrides)
    if args.format == "json":
        print(json.dumps(res.to_dict(args.lang), indent=2, ensure_ascii=False))
    else:
        print(render_text(res, args.lang))
    return 0


COMMANDS = {"params": cmd_params, "evaluate": cmd_evaluate}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except InputError as exc:
        sys.stderr.write(f"error: {exc.one_line()}\n")
        return EXIT_BAD_INPUT

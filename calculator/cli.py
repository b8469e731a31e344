"""Command line: ``python -m calculator params|evaluate|sensitivity|report ...``.

No input, signal or output encoding shows a traceback. The exit status says what happened:

=====  ==========================================================================
0      done (a report that was written is done, even if its path cannot be printed)
1      an internal error: one line naming the kind of error (please report it)
2      bad input (one line on stderr naming the field and what is allowed), or an
       output that cannot be written (full disk, a bad ``--out`` path)
130    interrupted (Ctrl-C, SIGINT): one line
141    the reader of the output stopped early (``... | head``), as for SIGPIPE
=====  ==========================================================================

Whatever is echoed from the input (a file name, a key, a value) has its control characters
and terminal escape sequences written as escapes (:func:`calculator.inputs.errors.printable`);
an output that cannot encode a character (``PYTHONIOENCODING=ascii``, ``LANG=C``) gets
the character's escape instead of an error.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Sequence

from calculator import interrupt
from calculator.analysis.evaluate import evaluate, evaluate_with_uncertainty
from calculator.analysis.model_inputs import model_inputs
from calculator.analysis.psa import DEFAULT_DRAWS, DEFAULT_SEED, MAX_DRAWS
from calculator.content.i18n import LANGS
from calculator.inputs.assumptions import REGIONS, load_region
from calculator.inputs.errors import InputError, printable
from calculator.inputs.number_text import number_from_text
from calculator.inputs.scenario_files import load_scenario
from calculator.inputs.scenario_values import MAX_SEED
from calculator.present.text import render_params_text, render_text

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130
EXIT_PIPE_CLOSED = 141
#: ``--seed`` runs from 0 to MAX_SEED (calculator.inputs.scenario, shared with the app).

#: Audiences of the PDF report (calculator.present.pdf.AUDIENCES; not imported here so that the
#: other commands do not load fpdf2 and matplotlib).
REPORT_AUDIENCES = ("parent", "counsellor")


class _Parser(argparse.ArgumentParser):
    """ArgumentParser whose errors are one line on stderr and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"{self.prog}: error: {printable(' '.join(message.split()), 500)}\n")
        raise SystemExit(EXIT_BAD_INPUT)


def parse_set(items: Sequence[str] | None) -> dict[str, float]:
    """``["fee_upfront=5700", ...]`` -> ``{"fee_upfront": 5700.0}``; names are checked later."""
    out: dict[str, float] = {}
    for item in items or ():
        name, sep, raw = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise InputError("--set", f"expected NAME=VALUE, got '{printable(item, 60)}'")
        value = number_from_text(raw, f"--set {printable(name, 60)}")
        if name in out:
            raise InputError(f"--set {printable(name, 60)}", "given twice")
        out[name] = value
    return out


def psa_draws(raw: str) -> int:
    """``--psa N``: a whole number of draws from 1 to :data:`calculator.analysis.psa.MAX_DRAWS`."""
    return _whole_number(raw, "--psa", 1, MAX_DRAWS)


def psa_seed(raw: str) -> int:
    """``--seed S``: a whole number from 0 to :data:`MAX_SEED`."""
    return _whole_number(raw, "--seed", 0, MAX_SEED)


def _whole_number(raw: str, option: str, lo: int, hi: int) -> int:
    allowed = f"must be a whole number from {lo:,} to {hi:,}"
    got = f"got '{printable(raw, 40)}'"
    text = raw.strip().replace("_", "")
    try:
        value = int(text)
    except ValueError:
        try:  # 1e4, 6,200 (a decimal comma, 2,5, is refused: the one reading of numbers)
            f = number_from_text(text, option)
        except InputError:
            raise argparse.ArgumentTypeError(f"{allowed} ({got})") from None
        if f != int(f):
            raise argparse.ArgumentTypeError(f"{allowed} ({got})") from None
        value = int(f)
    if not lo <= value <= hi:
        raise argparse.ArgumentTypeError(f"{allowed} ({got})")
    return value


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
    e.add_argument("--psa", metavar="N", type=psa_draws, default=None,
                   help=f"add a probabilistic sensitivity analysis with N draws (1 to {MAX_DRAWS:,})")
    e.add_argument("--seed", metavar="S", type=psa_seed, default=None,
                   help=f"seed of the random draws of --psa (0 to {MAX_SEED:,}; default {DEFAULT_SEED})")

    s = sub.add_parser("sensitivity", help="tornado, two-way grid and thresholds: which numbers move the verdict")
    add_common(s)
    s.add_argument("--format", choices=("text", "json"), default="text")

    r = sub.add_parser("report", help="write the PDF summary (A4; Chinese or English) for a family or a counsellor")
    add_common(r)
    r.add_argument("--audience", choices=REPORT_AUDIENCES, default="parent",
                   help="parent: the family's copy; counsellor: adds the tornado and acceptability curve")
    r.add_argument("--note", metavar="TEXT", default=None,
                   help="counsellor's note, printed literally (at most 1,000 characters and 15 lines)")
    r.add_argument("--out", metavar="FILE.pdf", required=True, help="the PDF to write (its directory must exist)")
    r.add_argument("--psa", metavar="N", type=psa_draws, default=None,
                   help=f"draws of the probabilistic analysis behind the 95%% ranges (default {DEFAULT_DRAWS:,}, as in the app)")
    r.add_argument("--seed", metavar="S", type=psa_seed, default=None,
                   help=f"seed of those draws (default {DEFAULT_SEED}, as in the app)")

    v = sub.add_parser("validate", help="the calculator's figures beside published observations, with their ratio")
    v.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    v.add_argument("--lang", choices=LANGS, default="en", help="language of texts (default en)")
    return parser


def load_inputs(args: argparse.Namespace):
    """(scenario or None, region or None, overrides) from the common options, checked."""
    overrides = parse_set(args.set)
    scenario = load_scenario(args.scenario, region=args.region) if args.scenario is not None else None
    return scenario, args.region, overrides


def cmd_params(args: argparse.Namespace) -> int:
    a = load_region(args.region)
    if args.format == "json":
        rows = []
        for prm in a.parameters.values():
            rows.append({
                "name": prm.name, "value": prm.value, "unit": prm.unit, "low": prm.low, "high": prm.high,
                "distribution": prm.distribution.model_dump(by_alias=True),
                "source": prm.source_in(args.lang), "source_en": prm.source_in("en"), "source_zh": prm.source_in("zh"),
                "source_type": prm.source_type, "url": prm.url,
                "reviewed": prm.reviewed.isoformat(), "label": prm.label_in(args.lang),
                "allowed": list(prm.bounds), "file": prm.file,
            })
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        print(render_params_text(args.region, args.lang))
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    scenario, region, overrides = load_inputs(args)
    if args.seed is not None and args.psa is None:
        raise InputError("--seed", "is used only with --psa N")
    if args.psa is None:
        res = evaluate(scenario, region=region, overrides=overrides)
    else:
        seed = DEFAULT_SEED if args.seed is None else args.seed
        res = evaluate_with_uncertainty(scenario, region=region, overrides=overrides, sensitivity=False,
                                        psa_draws=args.psa, seed=seed)
    if args.format == "json":
        from calculator.present.json_out import results_json

        print(json.dumps(results_json(res, args.lang), indent=2, ensure_ascii=False))
    else:
        text = render_text(res, args.lang)
        if res.psa is not None:
            from calculator.content.uncertainty import psa_section
            from calculator.present.text import blocks_text

            text += "\n\n" + blocks_text(psa_section(res.psa, res.currency, args.lang).blocks, args.lang)
        print(text)
    return 0


def cmd_sensitivity(args: argparse.Namespace) -> int:
    scenario, region, overrides = load_inputs(args)
    inputs = model_inputs(scenario, region=region, overrides=overrides)
    from calculator.analysis.sensitivity import run_sensitivity
    from calculator.content.uncertainty import sensitivity_section
    from calculator.present.json_out import sensitivity_json
    from calculator.present.text import blocks_text

    sens = run_sensitivity(inputs)
    if args.format == "json":
        print(json.dumps(sensitivity_json(inputs, sens), indent=2, ensure_ascii=False))
    else:
        section = sensitivity_section(sens, inputs.assumptions, inputs.assumptions.currency, args.lang)
        print(blocks_text(section.blocks, args.lang))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from calculator.present.pdf import PSA_DRAWS, PSA_SEED, check_output_path, make_report, write_atomic

    check_output_path(args.out)  # fail before the work; written atomically after it
    scenario, region, overrides = load_inputs(args)
    data = make_report(scenario, region=region, overrides=overrides, lang=args.lang, audience=args.audience,
                       note=args.note, psa_draws=args.psa or PSA_DRAWS,
                       seed=PSA_SEED if args.seed is None else args.seed)
    written = write_atomic(data, args.out)
    with contextlib.suppress(OSError, ValueError):  # the report is written: that is what the status says
        print(printable(written, 4096))
        sys.stdout.flush()
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from calculator.analysis.validation import validate
    from calculator.content.validation import validation_json, validation_section, validation_table
    from calculator.present.text import blocks_text, table_markdown

    res = validate()
    if args.format == "json":
        print(json.dumps(validation_json(res, args.lang), indent=2, ensure_ascii=False))
    elif args.format == "markdown":
        print(table_markdown(validation_table(res, args.lang)))
    else:
        print(blocks_text(validation_section(res, args.lang).blocks, args.lang))
    return 0


COMMANDS = {"params": cmd_params, "evaluate": cmd_evaluate, "sensitivity": cmd_sensitivity, "report": cmd_report,
            "validate": cmd_validate}


def _tolerant_output() -> None:
    """Characters the terminal's encoding cannot show (Chinese under ``LANG=C``) are written
    as escapes instead of raising UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(Exception):
                reconfigure(errors="backslashreplace")


def _say(line: str) -> None:
    """One line on stderr, whatever state stderr is in."""
    with contextlib.suppress(Exception):
        sys.stderr.write(line + "\n")
        sys.stderr.flush()


def _quiet_stdout() -> None:
    with contextlib.suppress(Exception):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the exit status (module docstring). Never raises but SystemExit."""
    try:
        _tolerant_output()
        args = build_parser().parse_args(argv)
        status = COMMANDS[args.command](args)
        sys.stdout.flush()  # a full disk or closed pipe shows here, not at interpreter exit
        return status
    except InputError as exc:
        _say(f"error: {exc.one_line()}")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        _say("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # the reader stopped early (``... --format json | head``): stop quietly, no traceback
        # (recipe of the Python docs, "Note on SIGPIPE")
        _quiet_stdout()
        return EXIT_PIPE_CLOSED
    except OSError as exc:
        # writing the output failed (no space left on the device, ...): one line, no traceback
        _quiet_stdout()
        _say(f"error: cannot write the output ({printable(exc.strerror or type(exc).__name__, 200)})")
        return EXIT_BAD_INPUT
    except MemoryError:
        _say("error: out of memory; nothing more was done")
        return EXIT_INTERNAL
    except RecursionError:
        _say("error: internal error (RecursionError); please report the command that was run")
        return EXIT_INTERNAL
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, never a traceback
        if interrupt.by_ctrl_c(exc):  # Ctrl-C inside a library that wrapped it (e.g. in a class being built)
            _say("interrupted")
            return EXIT_INTERRUPTED
        _say(f"error: internal error ({type(exc).__name__}); please report the command that was run")
        return EXIT_INTERNAL



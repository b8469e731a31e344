"""A family's scenario: region, brothers and sisters, carrier status, parameter overrides.

The same format is read from a YAML/JSON file (command line, app upload), built from the
app's form or URL, and written back when a scenario is saved::

    region: cn
    siblings:
      - condition: thalassaemia_major
        weight_kg: 18
        hla_match: unknown
    parents_carriers: beta_thalassaemia
    parameters:
      fee_upfront: 5700
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from calculator.inputs.assumptions import Assumptions, load_region
from calculator.inputs.errors import InputError
from calculator.inputs.strict_yaml import load_strict

Condition = Literal[
    "none",
    "thalassaemia_major",
    "sickle_cell_disease",
    "leukaemia",
    "aplastic_anaemia",
    "immunodeficiency",
    "other_hsct_treatable",
]
HlaMatch = Literal["unknown", "match", "mismatch"]
Carriers = Literal["none", "beta_thalassaemia", "alpha_thalassaemia", "sickle_cell"]
Region = Literal["cn", "us"]

CONDITIONS: tuple[str, ...] = get_args(Condition)
HLA_MATCHES: tuple[str, ...] = get_args(HlaMatch)
CARRIERS: tuple[str, ...] = get_args(Carriers)

#: Recessive blood disorders: a brother or sister with one of these conditions means both
#: parents carry it (obligate carriers), so the newborn has the same 1 in 4 risk. Alpha-
#: thalassaemia carriers are not inferred from a sibling's "thalassaemia_major": most
#: transfusion-dependent thalassaemia in children is beta, and alpha risk depends on genotype.
CARRIERS_OF_CONDITION: dict[str, str] = {
    "thalassaemia_major": "beta_thalassaemia",
    "sickle_cell_disease": "sickle_cell",
}
MALIGNANT_CONDITIONS = frozenset({"leukaemia"})
MAX_SIBLINGS = 10
#: A brother's or sister's weight [kg]: the range of the app, the scenario file and assumptions.
WEIGHT_BOUNDS = (2.0, 150.0)
MAX_SCENARIO_BYTES = 64 * 1024


class Sibling(BaseModel):
    """A brother or sister of the newborn, existing or planned."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    condition: Condition = "none"
    weight_kg: float | None = Field(default=None, ge=WEIGHT_BOUNDS[0], le=WEIGHT_BOUNDS[1], allow_inf_nan=False, strict=True)
    hla_match: HlaMatch = "unknown"


class Scenario(BaseModel):
    """Everything a family or counsellor enters; parameters are overrides of assumptions."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    region: Region = "cn"
    siblings: tuple[Sibling, ...] | None = Field(default=None, max_length=MAX_SIBLINGS)
    parents_carriers: Carriers = "none"
    parameters: dict[str, float] = Field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Plain data in the file format (for saving and sharing)."""
        out: dict[str, Any] = {"region": self.region}
        if self.siblings is not None:
            out["siblings"] = [
                {k: v for k, v in s.model_dump().items() if v is not None} for s in self.siblings
            ]
        out["parents_carriers"] = self.parents_carriers
        if self.parameters:
            out["parameters"] = dict(self.parameters)
        return out


_ALLOWED_TOP = ("region", "siblings", "parents_carriers", "parameters")


def _explain(err: dict, source: str) -> InputError:
    loc = [str(x) for x in err["loc"]]
    field = f"{source}: " + ".".join(loc) if loc else source
    kind = err["type"]
    if kind == "extra_forbidden":
        if len(loc) == 1:
            return InputError(field, f"unknown key; allowed: {', '.join(_ALLOWED_TOP)}")
        return InputError(field, "unknown key; allowed: condition, weight_kg, hla_match")
    if loc and loc[-1] == "condition":
        return InputError(field, f"unknown condition; allowed: {' | '.join(CONDITIONS)}")
    if loc and loc[-1] == "hla_match":
        return InputError(field, f"allowed: {' | '.join(HLA_MATCHES)}")
    if loc and loc[-1] == "parents_carriers":
        return InputError(field, f"allowed: {' | '.join(CARRIERS)}")
    if loc and loc[-1] == "region":
        return InputError(field, "allowed: cn | us")
    if loc and loc[-1] == "weight_kg":
        return InputError(field, f"must be a number of kilograms from {WEIGHT_BOUNDS[0]:g} to {WEIGHT_BOUNDS[1]:g}")
    if loc and loc[0] == "siblings" and kind == "too_long":
        return InputError(field, f"at most {MAX_SIBLINGS} brothers or sisters")
    if loc and loc[0] == "parameters" and len(loc) == 2:
        return InputError(f"{source}: parameters.{loc[1]}", "must be a number")
    return InputError(field, err["msg"])


def check_parameters(
    overrides: dict[str, Any], assumptions: Assumptions, *, source: str
) -> dict[str, float]:
    """Check parameter overrides by name and range; return them as floats.

    Raises
    ------
    InputError
        For an unknown name (``source: parameters.NAME``) or a value outside the bounds.
    """
    out: dict[str, float] = {}
    for name, value in overrides.items():
        field = f"{source}: parameters.{name}" if source != "--set" else f"--set {name}"
        if name not in assumptions:
            raise InputError(field, "unknown parameter; 'python -m calculator params' lists them")
        out[name] = assumptions[name].check_value(value, field)
    return out


def scenario_from_mapping(data: Any, *, source: str = "scenario", region: str | None = None) -> Scenario:
    """Build and check a :class:`Scenario` from plain data (a parsed file or form).

    ``region``, when given, overrides the scenario's own region (the ``--region`` flag).
    """
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(source, f"must be a mapping with keys {', '.join(_ALLOWED_TOP)}")
    data = dict(data)
    if region is not None:
        data["region"] = region
    params = data.get("parameters") or {}
    if not isinstance(params, dict):
        raise InputError(f"{source}: parameters", "must be a mapping of parameter name to number")
    for name, value in params.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise InputError(f"{source}: parameters.{name}", "must be a number")
    try:
        scenario = Scenario.model_validate({**data, "parameters": params})
    except ValidationError as exc:
        raise _explain(exc.errors()[0], source) from None
    assumptions = load_region(scenario.region)
    check_parameters(scenario.parameters, assumptions, source=source)
    if scenario.siblings is not None and "n_siblings" in scenario.parameters:
        raise InputError(
            f"{source}: parameters.n_siblings",
            "cannot be combined with a siblings list; list every brother or sister instead",
        )
    return scenario


def read_scenario_text(text: str, *, source: str, region: str | None = None) -> Scenario:
    """Parse YAML or JSON text (size-capped) into a checked :class:`Scenario`."""
    if len(text.encode("utf-8")) > MAX_SCENARIO_BYTES:
        raise InputError(source, f"scenario is larger than {MAX_SCENARIO_BYTES // 1024} KiB; not read")
    return scenario_from_mapping(load_strict(text, source=source), source=source, region=region)


def load_scenario(path: str | Path, *, region: str | None = None) -> Scenario:
    """Read a scenario file (YAML or JSON, at most 64 KiB)."""
    p = Path(path)
    name = p.name or str(p)
    try:
        size = p.stat().st_size
        if size > MAX_SCENARIO_BYTES:
            raise InputError(name, f"scenario file is larger than {MAX_SCENARIO_BYTES // 1024} KiB; not read")
        raw = p.read_bytes()
    except OSError as exc:
        raise InputError(f"--scenario {path}", f"cannot read the file ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(name, "scenario file must be UTF-8 text (YAML or JSON)") from None
    return read_scenario_text(text, source=name, region=region)


def dump_scenario(scenario: Scenario, fmt: str = "yaml") -> str:
    """Write a scenario in the file format (``yaml`` or ``json``)."""
    data = scenario.to_dict()
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False)
    import yaml

    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)

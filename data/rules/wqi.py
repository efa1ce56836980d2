"""VN_WQI, the Vietnamese water quality index of surface water (Decision 1460/QĐ-TCMT of 12/11/2019).

What is implemented, and how far it is checked (the decision's own text was not at hand; the breakpoints follow two
independent public implementations that agree on the rows used here, see the facts file on VN_WQI):
- group I, pH (10 below 5.5 and above 9, 100 from 6 to 8.5, 50 at 5.5 and at 9, linear between);
- group IV, organic matter and nutrients, from the parameters the city's stations measure: DO (as % of saturation
  at the water's temperature), BOD5, COD and N-NH4 (the N-NH4 mapping — 100 below 0.3 mg/L, then 75 at 0.3 down to
  10 above 5 — is the implementations' and is **not verified**); TOC, N-NO3, N-NO2 and P-PO4 when present;
- group V, microbiology: Coliform (and E. coli when present);
- groups II (pesticides) and III (heavy metals) are not measured by the stations: taken as 100, as the public
  implementations do, so the index may overstate quality where such pollutants occur; TSS and turbidity are not used;
- WQI = (WQI_I/100)·(WQI_II/100)·(WQI_III/100)·[(WQI_IV)²·WQI_V]^(1/3), without group V: ·WQI_IV; there is none
  without pH or with fewer than 3 parameters of group IV (the implementations ask for 3 groups with data: I, IV and
  V here, or I and IV with II and III taken as 100); rounded to an integer.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

Q = (100, 75, 50, 25, 10)
# Breakpoints (mg/L; Coliform and E. coli in MPN/100 mL) with the sub-index at each; beyond the last: 10.
BREAKPOINTS: dict[str, tuple[tuple[float, ...], tuple[float, ...]]] = {
    "bod5": ((4, 6, 15, 25, 50), Q),
    "cod": ((10, 15, 30, 50, 150), Q),
    "toc": ((4, 6, 15, 25, 50), Q),
    "nh4": ((0.3, 0.6, 0.9, 5), (75, 50, 25, 10)),  # below 0.3: 100 (not verified)
    "no3": ((2, 5, 10, 15), (100, 75, 50, 25)),
    "po4": ((0.1, 0.2, 0.3, 0.5, 4), Q),
    "coliform": ((2500, 5000, 7500, 10000), (100, 75, 50, 25)),
    "ecoli": ((20, 50, 100, 200), (100, 75, 50, 25)),
}
GROUP_IV = ("do", "bod5", "cod", "toc", "nh4", "no3", "no2", "po4")
GROUP_V = ("coliform", "ecoli")
DO_PERCENT = ((20, 50, 75, 88, 112, 125, 150, 200), (25, 50, 75, 100, 100, 75, 50, 25))


@dataclass(frozen=True)
class Category:
    key: str
    low: int  # the lowest index of the category
    colour: str


# 91–100 very good … below 10 very heavily polluted (the decision's table 1; RGB from the implementations).
CATEGORIES = (
    Category("very_good", 91, "#3333FF"), Category("good", 76, "#00E400"), Category("medium", 51, "#FFFF00"),
    Category("poor", 26, "#FF7E00"), Category("bad", 10, "#FF0000"), Category("very_bad", 0, "#7E0023"),
)


def category(index: int) -> Category:
    return next(c for c in CATEGORIES if index >= c.low)


def _between(value: float, low: float, high: float, q_low: float, q_high: float) -> float:
    return q_low + (q_high - q_low) * (value - low) / (high - low)


def breakpoint_index(parameter: str, value: float) -> float:
    """A sub-index of group IV or V from its breakpoints: the first breakpoint's sub-index at or below it (100 below
    N-NH4's first), linear between breakpoints, 10 beyond the last."""
    points, qs = BREAKPOINTS[parameter]
    if parameter == "nh4" and value < points[0]:
        return 100.0
    if value <= points[0]:
        return float(qs[0])
    for i in range(len(points) - 1):
        if value <= points[i + 1]:
            return _between(value, points[i], points[i + 1], qs[i], qs[i + 1])
    return 10.0


def no2_index(value: float) -> float:
    return 100.0 if value <= 0.05 else 10.0


def ph_index(ph: float) -> float:
    if ph < 5.5 or ph > 9:
        return 10.0
    if 6 <= ph <= 8.5:
        return 100.0
    return _between(ph, 5.5, 6, 50, 100) if ph < 6 else _between(ph, 8.5, 9, 100, 50)


def do_saturation(temperature_c: float) -> float:
    """DO at saturation (mg/L) at a water temperature."""
    t = temperature_c
    return 14.652 - 0.41022 * t + 0.0079910 * t ** 2 - 0.000077774 * t ** 3


def do_index(do_mg_l: float, temperature_c: float) -> float:
    """DO's sub-index from its % of saturation: 100 from 88 to 112 %, 10 below 20 % and above 200 %."""
    percent = 100 * do_mg_l / do_saturation(temperature_c)
    points, qs = DO_PERCENT
    if percent < points[0] or percent > points[-1]:
        return 10.0
    for i in range(len(points) - 1):
        if percent <= points[i + 1]:
            return _between(percent, points[i], points[i + 1], qs[i], qs[i + 1])
    return 10.0


def sub_index(parameter: str, value: float, temperature_c: float | None = None) -> float | None:
    if parameter == "ph":
        return ph_index(value)
    if parameter == "do":
        return None if temperature_c is None else do_index(value, temperature_c)
    if parameter == "no2":
        return no2_index(value)
    return breakpoint_index(parameter, value) if parameter in BREAKPOINTS else None


def wqi(values: Mapping[str, float | None]) -> int | None:
    """The VN_WQI of one sample (or one day's means) given as parameter → value (the station's codes: ph, do, bod5,
    cod, nh4, coliform, temperature …); None when the data do not allow it."""
    present = {k: float(v) for k, v in values.items() if v is not None and not math.isnan(float(v))}
    temperature = present.get("temperature")
    group_iv = [s for p in GROUP_IV if p in present and (s := sub_index(p, present[p], temperature)) is not None]
    group_v = [sub_index(p, present[p]) for p in GROUP_V if p in present]
    ph = ph_index(present["ph"]) if "ph" in present else None
    if ph is None or len(group_iv) < 3:
        return None
    mean_iv = sum(group_iv) / len(group_iv)
    core = (mean_iv ** 2 * (sum(group_v) / len(group_v))) ** (1 / 3) if group_v else mean_iv
    return int(round((ph / 100) * core))

"""VN_WQI (QĐ 1460/QĐ-TCMT) on hand-made values with answers worked by hand from the breakpoints."""

from __future__ import annotations

import pytest

from data.rules import wqi


@pytest.mark.parametrize(("ph", "index"), [(7.0, 100), (6.0, 100), (8.5, 100), (5.75, 75), (8.75, 75),
                                           (5.5, 50), (9.0, 50), (5.4, 10), (9.1, 10)])
def test_ph(ph, index):
    assert wqi.ph_index(ph) == pytest.approx(index)


@pytest.mark.parametrize(("parameter", "value", "index"), [
    ("bod5", 3, 100), ("bod5", 4, 100), ("bod5", 5, 87.5), ("bod5", 15, 50), ("bod5", 20, 37.5), ("bod5", 60, 10),
    ("cod", 22.5, 62.5), ("cod", 100, 17.5),
    ("nh4", 0.2, 100), ("nh4", 0.3, 75), ("nh4", 0.45, 62.5), ("nh4", 5, 10), ("nh4", 6, 10),
    ("coliform", 2000, 100), ("coliform", 6250, 62.5), ("coliform", 12000, 10),
])
def test_breakpoints(parameter, value, index):
    assert wqi.breakpoint_index(parameter, value) == pytest.approx(index)


def test_dissolved_oxygen_by_saturation():
    saturated = wqi.do_saturation(25.0)
    assert saturated == pytest.approx(8.18, abs=0.01)  # the decision's polynomial (tables give 8.26 at 25 °C)
    assert wqi.do_index(saturated, 25.0) == 100  # 100 % of saturation
    assert wqi.do_index(0.6 * saturated, 25.0) == pytest.approx(50 + 25 * (60 - 50) / 25)  # 60 %: between 50 and 75
    assert wqi.do_index(0.1 * saturated, 25.0) == 10 and wqi.do_index(2.1 * saturated, 25.0) == 10


def test_the_index_of_a_sample_and_when_there_is_none():
    clean = {"ph": 7.2, "do": wqi.do_saturation(28.0), "temperature": 28.0, "bod5": 3, "cod": 8, "nh4": 0.1,
             "coliform": 1500}
    assert wqi.wqi(clean) == 100 and wqi.category(100).key == "very_good"
    # pH 8.75 (75); group IV: DO 100, BOD5 5 → 87.5, COD 22.5 → 62.5, N-NH4 0.45 → 62.5 (mean 78.125);
    # coliform 6,250 → 62.5: 0.75 × (78.125² × 62.5)^(1/3) = 54.4 → 54, "Trung bình".
    river = {**clean, "ph": 8.75, "bod5": 5, "cod": 22.5, "nh4": 0.45, "coliform": 6250}
    assert wqi.wqi(river) == 54 and wqi.category(54).key == "medium"
    # Without coliform: 0.75 × 78.125 = 58.6 → 59.
    assert wqi.wqi({k: v for k, v in river.items() if k != "coliform"}) == 59
    assert wqi.wqi({**river, "ph": None}) is None  # no pH
    assert wqi.wqi({"ph": 7, "bod5": 3, "cod": 8, "coliform": 10}) is None  # 2 of group IV
    # DO needs the water's temperature: without it BOD5, COD and N-NH4 are left (mean 70.83) → 51.
    assert wqi.wqi({**river, "temperature": None}) == 51
    assert wqi.wqi({**river, "temperature": None, "nh4": None}) is None

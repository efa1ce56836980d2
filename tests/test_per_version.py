"""`per_version`: what every open page shows at a data version is computed once, however many ask at once; a
failure is not kept; `.cached(key)` answers only what was computed."""

from __future__ import annotations

import threading

import pytest
from conftest import wait_for

from callbacks._per_version import per_version

CALLERS = 8


class Computation:
    """A view function that counts its calls and takes until every caller has asked."""

    def __init__(self):
        self.calls: list[tuple] = []
        self.asked = 0
        self.lock = threading.Lock()

    def __call__(self, *key):
        with self.lock:
            self.calls.append(key)
        wait_for(lambda: self.asked == CALLERS, 10, "not every caller asked")
        return {"key": key}


def ask_together(view, key: tuple, computation: Computation) -> list:
    """`CALLERS` threads ask `view` for `key` at once; what each got (a result or the exception)."""
    answers: list = [None] * CALLERS

    def ask(index: int) -> None:
        with computation.lock:
            computation.asked += 1
        try:
            answers[index] = view(*key)
        except Exception as exc:
            answers[index] = exc

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(CALLERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    return answers


def test_concurrent_callers_share_one_computation():
    computation = Computation()
    view = per_version()(computation)
    answers = ask_together(view, (7, "vi"), computation)
    assert computation.calls == [(7, "vi")]
    assert all(answer is answers[0] for answer in answers) and answers[0] == {"key": (7, "vi")}
    assert view(7, "vi") is answers[0]  # later callers too
    assert view(8, "vi") == {"key": (8, "vi")} and len(computation.calls) == 2  # another version: computed


def test_a_failure_is_not_kept():
    outcomes = iter([ConnectionError("database unreachable"), "drawn"])

    def view_at(_version):
        outcome = next(outcomes)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    view = per_version()(view_at)
    with pytest.raises(ConnectionError):
        view(3)
    assert view.cached(3) is None
    assert view(3) == "drawn"  # the next call computes again
    assert view.cached(3) == "drawn"


def test_cached_answers_only_what_was_computed():
    calls = []
    view = per_version()(lambda version, lang: calls.append(version) or f"{lang}@{version}")
    assert view.cached(1, "vi") is None
    assert view(1, "vi") == "vi@1"
    assert view.cached(1, "vi") == "vi@1" and view.cached(1, "en") is None
    assert calls == [1]  # cached() never computes


def test_the_oldest_versions_make_room():
    calls = []
    view = per_version(size=2)(lambda version: calls.append(version) or version * 10)
    for version in (1, 2, 3):
        view(version)
    assert view.cached(1) is None and view.cached(2) == 20 and view.cached(3) == 30
    assert view(1) == 10 and calls == [1, 2, 3, 1]


def test_the_view_keeps_its_function():
    def traffic_view(version: int) -> int:
        return version

    view = per_version()(traffic_view)
    assert view.__name__ == "traffic_view" and view.__wrapped__ is traffic_view

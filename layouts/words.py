"""Codes in words: pollutants, who did something (actors), long durations and audit entries as sentences.
Pure: values in, text out in the page's language."""

from __future__ import annotations

import json
import re

from layouts.i18n import t, t_or

# The simulator's duty operators ("sim.truc_ban_2") read as a person-like label with their number.
_SIM_OPERATOR = re.compile(r"^sim\.truc_ban_(\d+)$")


def pollutant_name(code: str | None, lang: str) -> str:
    """"pm25" → "PM2.5" (a code the catalog does not know shows as it is; none shows as a dash)."""
    if not code:
        return "–"
    return t_or(f"pollutant.{code}", lang, code)


def actor_name(actor: str | None, lang: str) -> str:
    """Who acted, readable: a user name as it is, the simulator's operators and the system's own actors
    (alert rules, the command line, a feed such as "open311:citizen-app") in words."""
    if not actor:
        return "–"
    found = _SIM_OPERATOR.match(actor)
    if found:
        return t("actor.sim_operator", lang, n=found.group(1))
    source, _, feed = actor.partition(":")
    if feed and f"actor.{source}" in _known():
        return t("actor.via", lang, source=t(f"actor.{source}", lang), feed=feed)
    return t_or(f"actor.{actor}", lang, actor)


def _known() -> set[str]:
    from layouts.i18n import CATALOG

    return {k for k in CATALOG if k.startswith("actor.")}


def duration(seconds: float, lang: str) -> str:
    """A long span in days and hours ("19 ngày 7 giờ"), hours and minutes under a day, minutes under an hour."""
    seconds = abs(int(seconds))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return t("duration.days_hours", lang, d=days, h=hours)
    if hours:
        return t("duration.hours_minutes", lang, h=hours, m=minutes)
    return t("duration.minutes", lang, m=minutes)


# --- audit entries as sentences -----------------------------------------------------------------------

def _loads(text) -> dict:
    if not isinstance(text, str) or not text:  # none stored (None, or NaN from a frame)
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _target(target: str | None) -> tuple[str, str]:
    kind, _, name = (target or "").partition(":")
    return kind, name


def _status(code, lang: str) -> str:
    return t_or(f"inc.status.{code}", lang, str(code)) if code else "–"


def audit_action(action: str, lang: str) -> str:
    """The action code in words (an action the catalog does not know shows as it is)."""
    return t_or(f"audit.action.{action}", lang, action)


def audit_target(target: str | None, lang: str) -> str:
    """"incident:12" → "Sự cố #12", "user:op1" → "Người dùng op1", "alert:aqi:ST-01" → "Cảnh báo VN_AQI · ST-01"."""
    kind, name = _target(target)
    if kind == "alert":
        rule, _, entity = name.partition(":")
        name = " · ".join(x for x in (t_or(f"alerts.kind.{rule}", lang, rule), entity) if x)
    if f"audit.target.{kind}" in _known_targets():
        return t(f"audit.target.{kind}", lang, name=name)
    return target or ""


def _known_targets() -> set[str]:
    from layouts.i18n import CATALOG

    return {k for k in CATALOG if k.startswith("audit.target.")}


def audit_sentence(row: dict, lang: str) -> str:
    """One audit entry as a sentence: "op1 chuyển sự cố #12 từ Mới sang Đã tiếp nhận"."""
    who = actor_name(row.get("actor"), lang)
    action = row.get("action") or ""
    before, after = _loads(row.get("before")), _loads(row.get("after"))
    kind, name = _target(row.get("target"))
    words = {"who": who, "name": name, "target": row.get("target") or ""}
    if action == "incident.create":
        return t("audit.sentence.incident.create", lang, **words)
    if action == "incident.status":
        text = t("audit.sentence.incident.status", lang, **words, before=_status(before.get("status"), lang),
                 after=_status(after.get("status"), lang))
        if after.get("units"):
            text += t("audit.sentence.units", lang, units=", ".join(after["units"]))
        if after.get("merged_into"):
            text += t("audit.sentence.merged", lang, id=after["merged_into"])
        if after.get("note"):
            text += t("audit.sentence.note", lang, note=after["note"])
        return text
    if action == "user.role":
        return t("audit.sentence.user.role", lang, **words, before=_role(before.get("role"), lang),
                 after=_role(after.get("role"), lang))
    if action == "user.create":
        return t("audit.sentence.user.create", lang, **words, role=_role(after.get("role"), lang))
    if action.startswith("alert."):
        rule, _, entity = name.partition(":")
        return t("audit.sentence.alert", lang, who=who, action=audit_action(action, lang).lower(),
                 rule=t_or(f"alerts.kind.{rule}", lang, rule), entity=entity)
    if action == "threshold.update":
        changes = ", ".join(f"{k}: {before.get(k, '–')} → {v}" for k, v in after.items() if before.get(k) != v)
        return t("audit.sentence.threshold", lang, who=who, rule=t_or(f"alerts.kind.{name}", lang, name),
                 changes=changes or "–")
    if f"audit.sentence.{action}" in _sentences():
        return t(f"audit.sentence.{action}", lang, **words)
    # Another action: the action in words, its target and what changed, never raw JSON.
    changes = ", ".join(f"{k}: {before[k]} → {v}" if k in before else f"{k}: {v}" for k, v in after.items())
    return t("audit.sentence.other", lang, who=who, action=audit_action(action, lang).lower(),
             target=audit_target(row.get("target"), lang), changes=f" ({changes})" if changes else "")


def _role(code, lang: str) -> str:
    return t_or(f"role.{code}", lang, str(code)) if code else "–"


def _sentences() -> set[str]:
    from layouts.i18n import CATALOG

    return {k for k in CATALOG if k.startswith("audit.sentence.")}

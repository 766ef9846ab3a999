"""The ranking widget's buttons (add, move up or down, remove) for browsers without JavaScript: each is a
submit button of the step's form whose `_action` names what to do with which facility."""

from __future__ import annotations

from server.applications.conditions import RawValue, items
from server.applications.definitions import Step


def apply_ranking_action(step: Step, posted: dict[str, RawValue], action: str) -> dict[str, RawValue]:
    field = next((f for f in step.fields if f.type == "facility_ranking"), None)
    if field is None:
        return posted
    verb, _sep, raw_id = action.partition(":")
    if not (raw_id.isascii() and raw_id.isdigit()) and verb != "search":
        return posted
    ids = list(dict.fromkeys(items(posted, field.id)))
    siblings = [s for s in items(posted, f"{field.id}-sibling") if s in ids]
    if verb == "add" and raw_id not in ids:
        ids.append(raw_id)
    elif verb == "remove" and raw_id in ids:
        ids.remove(raw_id)
        siblings = [s for s in siblings if s != raw_id]
    elif verb in {"up", "down"} and raw_id in ids:
        position = ids.index(raw_id)
        target = position - 1 if verb == "up" else position + 1
        if 0 <= target < len(ids):
            ids[position], ids[target] = ids[target], ids[position]
    return {**posted, field.id: ids, f"{field.id}-sibling": siblings}

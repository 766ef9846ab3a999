"""Unterhaltsvorschuss (UVG): DOMAIN.md §4 and field table D.

For a child under 18 who lives with one parent only (single, divorced, widowed or permanently separated)
and gets no or too little maintenance from the other parent. Children aged 12 to 17 need one of the extra
conditions of § 1 Abs. 1a UVG. The law asks for a written application (§ 9 Abs. 1 UVG), so the case waits
for the signed signature page ("paper" signature mode).

- `definition.py`: the steps, fields, conditions, proofs and the quick check;
- `rules.py`: the exclusion rules, the expected amount (computation) and the quick check's assessment;
- `amounts.py` with `amounts.toml`: the monthly amounts per calendar year and age group, checked at import.
"""

from server.applications.catalogue.uvg import rules as rules
from server.applications.catalogue.uvg.definition import DEFINITION

__all__ = ["DEFINITION"]

"""Elterngeld (BEEG) with a month planner for Basiselterngeld, ElterngeldPlus and Partnerschaftsbonus per
parent and Lebensmonat; DOMAIN.md §5 and field table E.

The parent chooses the child and says who the parents are (or that they bring the child up alone), plans
the months in a table (widgets/elterngeld_plan.html; without JavaScript the server checks the plan when the
step is saved, with JavaScript js/widgets/elterngeld-plan.js checks it while the parent plans), states the
income before the birth with payslips or a tax assessment, the weekly hours in months with ElterngeldPlus or
the bonus, maternity pay, and the bank account. Before submitting, a rough estimate of the monthly amount is
shown. In NRW the written form applies: the case waits for the signed signature page; when the other
parent takes months too, they consent first with their own account (consent.py).

* definition.py - the ServiceDefinition (steps, fields, quick check, consent)
* plan.py       - the month plan's rules (pure; mirrored in the browser, parity-tested)
* amount.py     - the estimate of the monthly amount (pure)
* hooks.py      - the registered parsers, rules, computations and the quick check's assessment
"""

from server.applications.catalogue.elterngeld import hooks as _hooks  # noqa: F401 - registers the hooks
from server.applications.catalogue.elterngeld.definition import DEFINITION

__all__ = ["DEFINITION"]

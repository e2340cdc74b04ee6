"""The matching engine: plain data in, plain data out, no Django (docs/modules/matching-engine.md).

``solve`` proposes the allocation; ``rank_order_allocation`` computes the graduatoria on the same
input; ``allocation_report`` gives the figures that compare them; ``violations`` checks any
allocation against every hard constraint; ``explain_unit`` says why each household of higher
priority did not get a unit; ``replacement_candidates`` says which households could take a
unit in place of the proposed one; ``instance_io`` reads and writes the JSON instance format;
``generator.generate`` builds seeded synthetic instances.
"""

from abitare.matching.engine.compiled import InvalidInstance, check_instance
from abitare.matching.engine.explain import Refusal, explain_unit
from abitare.matching.engine.models import Application, Building, Instance, MixLimit, Proposal, Result, Rules, Unit
from abitare.matching.engine.replace import Candidate, replacement_candidates
from abitare.matching.engine.report import AllocationReport, allocation_report, rank_order_allocation
from abitare.matching.engine.solve import solve
from abitare.matching.engine.validate import Violation, violations

__all__ = [
    "AllocationReport",
    "Application",
    "Building",
    "Candidate",
    "Instance",
    "InvalidInstance",
    "MixLimit",
    "Proposal",
    "Refusal",
    "Result",
    "Rules",
    "Unit",
    "Violation",
    "allocation_report",
    "check_instance",
    "explain_unit",
    "rank_order_allocation",
    "replacement_candidates",
    "solve",
    "violations",
]

"""The matching engine: plain data in, plain data out, no Django (docs/modules/matching-engine.md).

``solve`` proposes the allocation under each pathway's regime (graduatoria, rank respecting, fit);
``rank_order_allocation`` computes the graduatoria on the same input; ``allocation_report`` gives
the figures that compare them, ``rank_inversions`` every justified envy and ``compare`` the
proposal beside each regime on one snapshot; ``violations`` checks any
allocation against every hard constraint; ``explain_unit`` says why each household of higher
priority did not get a unit; ``replacement_candidates`` says which households could take a
unit in place of the proposed one; ``instance_io`` reads and writes the JSON instance format;
``generator.generate`` builds seeded synthetic instances.
"""

from abitare.matching.engine.compiled import InvalidInstance, check_instance
from abitare.matching.engine.explain import Refusal, explain_unit
from abitare.matching.engine.models import (
    FIT,
    GRADUATORIA,
    RANK_RESPECTING,
    REGIMES,
    Application,
    Building,
    Instance,
    MixLimit,
    Proposal,
    Result,
    Rules,
    Unit,
)
from abitare.matching.engine.replace import Candidate, replacement_candidates
from abitare.matching.engine.report import (
    AllocationReport,
    Comparison,
    Inversion,
    allocation_report,
    compare,
    rank_inversions,
    rank_order_allocation,
)
from abitare.matching.engine.solve import solve
from abitare.matching.engine.validate import Violation, violations

__all__ = [
    "FIT",
    "GRADUATORIA",
    "RANK_RESPECTING",
    "REGIMES",
    "AllocationReport",
    "Application",
    "Building",
    "Candidate",
    "Comparison",
    "Instance",
    "InvalidInstance",
    "Inversion",
    "MixLimit",
    "Proposal",
    "Refusal",
    "Result",
    "Rules",
    "Unit",
    "Violation",
    "allocation_report",
    "check_instance",
    "compare",
    "explain_unit",
    "rank_inversions",
    "rank_order_allocation",
    "replacement_candidates",
    "solve",
    "violations",
]

"""Applications, rules, matching rounds and offers (docs/modules/matching.md); the optimiser is in ``engine``."""

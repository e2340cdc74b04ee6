"""Applications, rules, matching rounds and offers (DESIGN.md section 2.4); the optimiser is in ``engine``."""

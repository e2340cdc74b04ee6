"""Forms of abitare.tenancies, one module per topic."""

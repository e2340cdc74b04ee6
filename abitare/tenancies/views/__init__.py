"""Views of abitare.tenancies, one module per topic."""

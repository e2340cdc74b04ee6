"""Reads of abitare.tenancies, one module per topic, scoped to the actor's membership."""

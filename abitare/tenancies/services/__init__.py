"""Writes of abitare.tenancies, one module per topic (import from the module, e.g.
``from abitare.tenancies.services.ledger import payment_record``)."""

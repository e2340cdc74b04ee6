"""Pages of the registry, one module per thing the desk works on: people (with their consents,
sensitive records and data-subject rights), households, desk consultations and the import.
Views parse input, call a service or a selector, and render; every read of a person's record
goes to the access log."""

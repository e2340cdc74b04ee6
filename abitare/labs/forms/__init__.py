"""Forms of the labs, one module per audience: public filters and sign-up, volunteers and help
networks, the facilitators' pages. Forms check shape only; the services enforce the rules."""

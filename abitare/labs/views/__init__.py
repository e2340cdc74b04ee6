"""Pages of the labs, one module per topic: public pages and feeds, the facilitators' pages of
labs, places and activities, volunteers and help networks, the network directory."""

"""Pages of matching, one module per thing the coordinator works on; `urls.py` imports them."""

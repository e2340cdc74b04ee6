#!/usr/bin/env python
"""Django's manage.py; ``abitare`` is the same command once installed."""

from abitare.__main__ import main

if __name__ == "__main__":
    main()

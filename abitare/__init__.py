"""Abitare: community welfare and social housing for Italian territories."""

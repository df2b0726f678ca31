"""Believable demo data for `make run`: sellers of the northern highlands and their products."""

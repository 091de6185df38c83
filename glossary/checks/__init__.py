"""Consistency review (``silkterm check``): key terms, forbidden terms, inconsistency, name drift,
numbers, scripts and the termbase self-check, with stored findings and their review state."""

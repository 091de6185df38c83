"""Screens own the workers that call services."""

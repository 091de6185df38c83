"""Widgets display records they are given and post messages upward; they never call services."""

"""The Textual terminal UI, on top of the headless services in :mod:`glossary` and :mod:`tm`."""

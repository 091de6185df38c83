"""Per-language matching keys, computed in one place so lookup, TM matching and checks agree.

Stored text is never rewritten: every key here is only for matching.
"""

from glossary.text.keys import KeyKind, QueryKeys, query_keys, term_keys
from glossary.text.normalize import compact, fold, script_of

__all__ = ["KeyKind", "QueryKeys", "compact", "fold", "query_keys", "script_of", "term_keys"]

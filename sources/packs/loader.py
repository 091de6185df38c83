"""Read and validate a term pack (a folder of YAML files); every error names the file and line.

Run ``python -m sources.packs.loader --check [FOLDER]`` to list every problem in a pack.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from glossary import languages
from glossary.errors import SilktermError, SourceFormatError
from glossary.records import ConceptDraft, TermDraft
from glossary.text.keys import norm_key

_SCHEMA_PATH = Path(__file__).with_name("schema.json")
# libyaml's C parser when PyYAML has it (about 10x faster: first use must stay under 5 s).
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NEEDS_NOTE = {"deprecated", "forbidden"}


@dataclass(frozen=True)
class PackConcept:
    """One concept entry of a pack, where it was read, and its draft."""

    key: str
    draft: ConceptDraft
    path: str
    line: int


@dataclass(frozen=True)
class Pack:
    """A validated term pack."""

    name: str
    version: int
    title: str
    concepts: tuple[PackConcept, ...]


class PackError(SilktermError):
    """A pack has errors; ``errors`` lists every one (the message shows the first and the count)."""

    def __init__(self, errors: list[SourceFormatError]) -> None:
        self.errors = errors
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"{errors[0]}{more}")


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(_SCHEMA_PATH.read_text(encoding="utf-8")))


def _line_of(node: yaml.Node | None, path: list[Any]) -> int | None:
    """1-based line of the YAML node at a JSON-schema path (the deepest node that exists)."""
    line = node.start_mark.line + 1 if node is not None else None
    for step in path:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == step), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        else:
            node = None
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def _read_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise SourceFormatError(str(path), None, f"not UTF-8 ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise SourceFormatError(str(path), None, f"cannot read: {exc.strerror}") from None
    try:
        return yaml.load(raw, Loader=_Loader), yaml.compose(raw, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise SourceFormatError(str(path), line, f"invalid YAML: {exc.problem}") from None


def _terms(spec: dict[str, list[Any]], path: str, line: int | None,
           errors: list[SourceFormatError]) -> tuple[TermDraft, ...]:
    drafts: list[TermDraft] = []
    for lang, items in spec.items():
        try:
            tag = languages.canonical(lang)
        except SilktermError as exc:
            errors.append(SourceFormatError(path, line, str(exc)))
            continue
        preferred = 0
        for i, item in enumerate(items):
            fields = {"text": item} if isinstance(item, str) else dict(item)
            fields.setdefault("status", "preferred" if i == 0 else "admitted")
            fields.setdefault("type", "full")
            preferred += fields["status"] == "preferred"
            if (fields["status"] in _NEEDS_NOTE or fields["type"] == "erroneous") and not fields.get("note"):
                errors.append(SourceFormatError(path, line, f"{tag} term {fields['text']!r} is {fields['status']}"
                                                f"/{fields['type']} but has no note saying why"))
            drafts.append(TermDraft(lang=tag, **fields))
        if preferred > 1:
            errors.append(SourceFormatError(path, line, f"more than one preferred {tag} term"))
    return tuple(drafts)


def _concepts_of(path: Path, errors: list[SourceFormatError]) -> list[PackConcept]:
    data, root = _read_yaml(path)
    problems = sorted(_validator().iter_errors(data if data is not None else {}), key=lambda e: list(e.absolute_path))
    for problem in problems:
        where = "/".join(map(str, problem.absolute_path)) or "(top level)"
        errors.append(SourceFormatError(str(path), _line_of(root, list(problem.absolute_path)),
                                        f"{where}: {problem.message}"))
    if problems:
        return []
    out = []
    for i, entry in enumerate(data["concepts"]):
        line = _line_of(root, ["concepts", i]) or 0
        terms = _terms(entry["terms"], str(path), line, errors)
        draft = ConceptDraft(
            category=entry["category"], terms=terms, subject=entry.get("subject"),
            definition=entry.get("definition"), note=entry.get("note"),
            sources=tuple(entry.get("sources", ())), code=entry.get("code"),
        )
        out.append(PackConcept(entry["key"], draft, str(path), line))
    return out


def _cross_checks(concepts: list[PackConcept], errors: list[SourceFormatError]) -> None:
    keys: dict[str, PackConcept] = {}
    preferred: dict[tuple[str, str], PackConcept] = {}
    for pc in concepts:
        if pc.key in keys:
            first = keys[pc.key]
            errors.append(SourceFormatError(pc.path, pc.line,
                                            f"key {pc.key!r} is also used at {first.path}:{first.line}"))
        keys.setdefault(pc.key, pc)
        for t in pc.draft.terms:
            if t.status != "preferred":
                continue
            slot = (t.lang, norm_key(t.text))
            other = preferred.setdefault(slot, pc)
            if other is not pc:
                errors.append(SourceFormatError(pc.path, pc.line, f"preferred {t.lang} term {t.text!r} is also "
                                                f"preferred in {other.key!r} ({other.path}:{other.line})"))


def load_pack(folder: Path) -> Pack:
    """Read and validate the pack in ``folder``; raise :class:`PackError` listing every problem."""
    folder = Path(folder)
    meta_path = folder / "pack.yaml"
    if not meta_path.is_file():
        raise PackError([SourceFormatError(str(meta_path), None, "missing pack.yaml")])
    errors: list[SourceFormatError] = []
    meta, _ = _read_yaml(meta_path)
    if not isinstance(meta, dict) or not isinstance(meta.get("pack"), str) or not isinstance(meta.get("version"), int):
        errors.append(SourceFormatError(str(meta_path), 1, "needs 'pack' (text) and 'version' (integer)"))
        meta = {"pack": "?", "version": 0}
    concepts: list[PackConcept] = []
    for path in sorted(folder.glob("*.yaml")):
        if path.name != "pack.yaml":
            try:
                concepts += _concepts_of(path, errors)
            except SourceFormatError as exc:
                errors.append(exc)
    _cross_checks(concepts, errors)
    if errors:
        raise PackError(errors)
    return Pack(meta["pack"], meta["version"], meta.get("title", meta["pack"]), tuple(concepts))


def main(argv: list[str] | None = None) -> int:
    """``--check [FOLDER]``: print every problem of a pack, one per line; exit 1 if any."""
    from sources.packs import DEFAULT_PACK

    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "--check":
        args = args[1:]
    folder = Path(args[0]) if args else DEFAULT_PACK
    try:
        pack = load_pack(folder)
    except PackError as exc:
        for err in exc.errors:
            print(err)
        print(f"{len(exc.errors)} error(s)")
        return 1
    except SourceFormatError as exc:
        print(exc)
        return 1
    print(f"{pack.name} v{pack.version}: {len(pack.concepts)} concepts, "
          f"{sum(len(c.draft.terms) for c in pack.concepts)} terms, OK")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

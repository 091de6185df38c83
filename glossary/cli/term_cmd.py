"""``silkterm term …``: create, edit, delete, show, merge and undo, all validated and recorded."""

from __future__ import annotations

import click

from glossary.cli.context import AppContext
from glossary.cli.render import concept_json, concept_panel, console, history_table, print_json
from glossary.errors import ValidationError
from glossary.records import ConceptDraft, TermDraft
from glossary.vocab import Category, Gender, Number, Status, TermType

_STATUS = click.Choice([s.value for s in Status], case_sensitive=False)
_TYPE = click.Choice([t.value for t in TermType], case_sensitive=False)
_GENDER = click.Choice([g.value for g in Gender], case_sensitive=False)
_NUMBER = click.Choice([n.value for n in Number], case_sensitive=False)
_CATEGORY = click.Choice([c.value for c in Category], case_sensitive=False)
_DUP_HELP = "Allow a text that is already preferred in another concept to be preferred here too."


def _echo_done(message: str) -> None:
    click.echo(message, err=True)


def _parse_also(values: tuple[str, ...]) -> list[TermDraft]:
    drafts = []
    for value in values:
        lang, sep, text = value.partition("=")
        if not sep or not text.strip():
            raise ValidationError(f"--also: expected LANG=TEXT, got {value!r}")
        drafts.append(TermDraft(lang=lang.strip(), text=text))
    return drafts


@click.group("term")
def term_group() -> None:
    """Create, edit and review concepts and their terms (every change is recorded and undoable)."""


@term_group.command("add")
@click.argument("text")
@click.option("--lang", required=True, help="Language of TEXT (en, zh-Hans, zh-Hant, ru ...).")
@click.option("--concept", "concept_id", type=int, help="Add to this concept (default: create a new concept).")
@click.option("--category", type=_CATEGORY, help="Category of the new concept (required without --concept).")
@click.option("--status", type=_STATUS, help="Term status (default: preferred for a new concept, admitted otherwise).")
@click.option("--type", "type_", type=_TYPE, default="full", show_default=True, help="Term type.")
@click.option("--note", help="Note on the term.")
@click.option("--source", help="Where the term comes from.")
@click.option("--gender", type=_GENDER, help="Grammatical gender (Russian).")
@click.option("--number", type=_NUMBER, help="Grammatical number (Russian).")
@click.option("--also", multiple=True, metavar="LANG=TEXT", help="More preferred terms for a new concept.")
@click.option("--definition", help="Definition of the new concept.")
@click.option("--subject", help="Subject field of the new concept.")
@click.option("--allow-duplicate", is_flag=True, help=_DUP_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print the resulting concept as JSON.")
@click.pass_obj
def term_add(app: AppContext, text: str, lang: str, concept_id: int | None, category: str | None, status: str | None,
             type_: str, note: str | None, source: str | None, gender: str | None, number: str | None,
             also: tuple[str, ...], definition: str | None, subject: str | None, allow_duplicate: bool,
             as_json: bool) -> None:
    """Add TEXT as a term: to an existing concept (--concept) or as a new concept (--category).

    \b
    Examples:
      silkterm term add "Astana International Forum" --lang en --category event \\
          --also zh-Hans=阿斯塔纳国际论坛 --also ru="Астанинский международный форум"
      silkterm term add "Нурсултан" --lang ru --concept 31 --status superseded --note "name 2019–2022"
    """
    draft = TermDraft(lang=lang, text=text, status=status or ("admitted" if concept_id else "preferred"),
                      type=type_, note=note, source=source, gender=gender, number=number)
    if concept_id is not None:
        if also or category or definition or subject:
            raise ValidationError("--also, --category, --definition and --subject are for a new concept only")
        app.service.add_term(concept_id, draft, allow_duplicate=allow_duplicate)
        concept = app.service.get_concept(concept_id)
    else:
        if not category:
            raise ValidationError("--category is required to create a new concept (or give --concept ID)")
        concept = app.service.add_concept(
            ConceptDraft(category=category, terms=(draft, *_parse_also(also)), definition=definition, subject=subject),
            allow_duplicate=allow_duplicate,
        )
    _show(concept, as_json)


@term_group.command("edit")
@click.argument("term_id", type=int)
@click.option("--text", help="New text.")
@click.option("--lang", help="New language tag.")
@click.option("--status", type=_STATUS)
@click.option("--type", "type_", type=_TYPE)
@click.option("--note")
@click.option("--source")
@click.option("--gender", type=_GENDER)
@click.option("--number", type=_NUMBER)
@click.option("--allow-duplicate", is_flag=True, help=_DUP_HELP)
@click.pass_obj
def term_edit(app: AppContext, term_id: int, allow_duplicate: bool, type_: str | None, **fields: str | None) -> None:
    """Change fields of term TERM_ID (ids are shown by `silkterm term show`).

    \b
    Example:
      silkterm term edit 118 --note "official Turkmen spelling" --type variant
    """
    changes = {k: v for k, v in {**fields, "type": type_}.items() if v is not None}
    if not changes:
        raise ValidationError("nothing to change: give at least one of --text, --lang, --status, --type, --note ...")
    t = app.service.edit_term(term_id, allow_duplicate=allow_duplicate, **changes)
    _echo_done(f"term {t.id} updated")
    _show(app.service.get_concept(t.concept_id), False)


@term_group.command("edit-concept")
@click.argument("concept_id", type=int)
@click.option("--category", type=_CATEGORY)
@click.option("--subject")
@click.option("--definition")
@click.option("--note")
@click.option("--code", help="External code (ISO 3166-1 alpha-2 for states).")
@click.option("--source", "sources", multiple=True, help="Replace the source list (repeatable).")
@click.pass_obj
def term_edit_concept(app: AppContext, concept_id: int, sources: tuple[str, ...], **fields: str | None) -> None:
    """Change the concept-level fields of CONCEPT_ID.

    \b
    Example:
      silkterm term edit-concept 12 --definition "Signed in Astana on 17 June 2025."
    """
    changes: dict = {k: v for k, v in fields.items() if v is not None}
    if sources:
        changes["sources"] = list(sources)
    if not changes:
        raise ValidationError("nothing to change: give --category, --subject, --definition, --note, --code or --source")
    _show(app.service.update_concept(concept_id, **changes), False)


@term_group.command("delete")
@click.argument("term_id", type=int, required=False)
@click.option("--concept", "concept_id", type=int, help="Delete this whole concept instead of one term.")
@click.pass_obj
def term_delete(app: AppContext, term_id: int | None, concept_id: int | None) -> None:
    """Delete term TERM_ID, or a whole concept with --concept (undo with `silkterm term undo`).

    \b
    Examples:
      silkterm term delete 245
      silkterm term delete --concept 31
    """
    if (term_id is None) == (concept_id is None):
        raise ValidationError("give either TERM_ID or --concept ID")
    if concept_id is not None:
        app.service.delete_concept(concept_id)
        _echo_done(f"concept {concept_id} deleted")
    else:
        gone = app.service.delete_term(term_id)  # type: ignore[arg-type]
        _echo_done(f"term {gone.id} ({gone.text}) deleted from concept {gone.concept_id}")


@term_group.command("show")
@click.argument("concept_id", type=int)
@click.option("--history", "with_history", is_flag=True, help="Also show the concept's change history.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def term_show(app: AppContext, concept_id: int, with_history: bool, as_json: bool) -> None:
    """Show concept CONCEPT_ID with every term, its status, type and id.

    \b
    Example:
      silkterm term show 12 --history
    """
    concept = app.service.get_concept(concept_id)
    if as_json:
        data = concept_json(concept)
        if with_history:
            data["history"] = [c.__dict__ for c in app.service.history(concept_id)]
        print_json(data)
        return
    _show(concept, False)
    if with_history:
        console().print(history_table(app.service.history(concept_id)))


@term_group.command("set-status")
@click.argument("term_id", type=int)
@click.argument("status", type=_STATUS)
@click.option("--allow-duplicate", is_flag=True, help=_DUP_HELP)
@click.pass_obj
def term_set_status(app: AppContext, term_id: int, status: str, allow_duplicate: bool) -> None:
    """Set the status of TERM_ID: preferred, admitted, deprecated, superseded or forbidden.

    \b
    Example:
      silkterm term set-status 245 deprecated
    """
    t = app.service.set_status(term_id, status, allow_duplicate=allow_duplicate)
    _echo_done(f"term {t.id} ({t.text}) is now {t.status}")


@term_group.command("add-variant")
@click.argument("concept_id", type=int)
@click.argument("lang")
@click.argument("text")
@click.option("--type", "type_", type=_TYPE, default="variant", show_default=True)
@click.option("--status", type=_STATUS, default="admitted", show_default=True)
@click.option("--note")
@click.pass_obj
def term_add_variant(app: AppContext, concept_id: int, lang: str, text: str, type_: str, status: str,
                     note: str | None) -> None:
    """Record TEXT as a spelling variant of CONCEPT_ID in LANG.

    \b
    Example:
      silkterm term add-variant 40 en "Zhaparov" --status deprecated --note "Russian-style romanization"
    """
    t = app.service.add_variant(concept_id, lang, text, type=type_, status=status, note=note)
    _echo_done(f"added {t.lang} {t.type} {t.text!r} ({t.status}) as term {t.id}")


@term_group.command("merge")
@click.argument("target_id", type=int)
@click.argument("source_id", type=int)
@click.pass_obj
def term_merge(app: AppContext, target_id: int, source_id: int) -> None:
    """Merge concept SOURCE_ID into TARGET_ID; its terms move over and SOURCE_ID is deleted.

    A moved preferred term becomes admitted where TARGET_ID already has a preferred term.

    \b
    Example:
      silkterm term merge 12 230
    """
    concept = app.service.merge(target_id, source_id)
    _echo_done(f"concept {source_id} merged into {target_id}")
    _show(concept, False)


@term_group.command("undo")
@click.pass_obj
def term_undo(app: AppContext) -> None:
    """Revert the last change (one whole command: an edit, a merge, a delete, a pack load).

    \b
    Example:
      silkterm term undo
    """
    result = app.service.undo()
    _echo_done(f"undone: {result.description} ({result.changes} change(s) by {result.author})")


@term_group.command("history")
@click.argument("concept_id", type=int, required=False)
@click.option("--limit", default=30, show_default=True, type=click.IntRange(1, 10000))
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def term_history(app: AppContext, concept_id: int | None, limit: int, as_json: bool) -> None:
    """Show recorded changes, newest first (of one concept if CONCEPT_ID is given).

    \b
    Example:
      silkterm term history 12
    """
    changes = app.service.history(concept_id, limit)
    if as_json:
        print_json([c.__dict__ for c in changes])
    else:
        console().print(history_table(changes))


def _show(concept, as_json: bool) -> None:  # type: ignore[no-untyped-def]
    if as_json:
        print_json(concept_json(concept))
    else:
        for renderable in concept_panel(concept):
            console().print(renderable)

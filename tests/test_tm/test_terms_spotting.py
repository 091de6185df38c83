"""Term spotting from the in-memory termbase finds exactly what a lookup of every run's keys finds.

The reference below is the straightforward method (every run of up to eight words or sixteen
Chinese characters turned into its keys, each looked up in ``term_key``); the spotter prunes runs
and reads the termbase once. They must agree on the bundled pack's terms in English, Chinese and
Russian (inflected), on the seed documents, and after the termbase changes.
"""

from __future__ import annotations

import random
import re

import pymorphy3
import pytest
from sqlalchemy.orm import Session

from glossary import languages
from glossary.records import ConceptDraft
from glossary.text.keys import norm_key
from glossary.text.normalize import english_fold, fold, strip_latin_marks
from glossary.text.russian import lemma_keys
from tests.conftest import SEEDS, T
from tm.terms import MAX_HAN, MAX_WORDS, Spotted, TermSpotter, term_hits

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def reference_spot(session: Session, text: str, lang: str) -> list[Spotted]:
    """Every run's keys looked up in the database, longest non-overlapping names first."""
    keys: dict[str, list[tuple[int, int]]] = {}
    want = languages.primary(lang)
    if want in ("zh", "ja"):
        folded = norm_key(text, "han")
        for i in range(len(folded)):
            for j in range(i + 2, min(len(folded), i + MAX_HAN) + 1):
                keys.setdefault(folded[i:j], []).append((i, j))
    else:
        folded = strip_latin_marks(english_fold(fold(text)))
        words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(folded)]
        for i, (start, _end, _word) in enumerate(words):
            key = ""
            for _s, end, word in words[i:i + MAX_WORDS]:
                key += word
                keys.setdefault(key, []).append((start, end))
                if want == "ru":
                    for lemma in lemma_keys(folded[start:end]):
                        keys.setdefault(lemma, []).append((start, end))
    found = []
    conn = session.connection()
    for key in sorted(keys):
        rows = conn.exec_driver_sql(
            "SELECT t.concept_id, t.text, t.lang FROM term_key k JOIN term t ON t.id = k.term_id "
            "WHERE k.kind IN ('norm', 'lemma') AND k.key = ? ORDER BY k.kind, k.id", (key,)).all()
        for concept_id, term, term_lang in rows:
            if languages.primary(term_lang) == want:
                found += [Spotted(concept_id, term, a, b) for a, b in keys[key]]
    found.sort(key=lambda s: (-(s.end - s.start), s.start))
    chosen: list[Spotted] = []
    for s in found:
        if all(s.end <= c.start or s.start >= c.end for c in chosen):
            chosen.append(s)
    return sorted(chosen, key=lambda s: s.start)


def _inflected(term: str, case: str, morph: pymorphy3.MorphAnalyzer) -> str:
    out = []
    for word in term.split():
        parse = morph.parse(word)[0]
        form = parse.inflect({case}) if parse.tag.POS in ("NOUN", "ADJF") else None
        out.append(form.word if form else word)
    return " ".join(out)


def _texts(session: Session) -> list[tuple[str, str]]:
    """(text, lang): every pack term inside sentences, Russian ones inflected, and the seed documents."""
    rows = session.connection().exec_driver_sql("SELECT concept_id, lang, text FROM term ORDER BY id").all()
    by_lang: dict[str, list[str]] = {}
    for _cid, lang, text in rows:
        by_lang.setdefault(languages.primary(lang), []).append(text)
    rng = random.Random(11)
    morph = pymorphy3.MorphAnalyzer(lang="ru")
    texts = []
    for _ in range(60):
        en = rng.sample(by_lang["en"], 3)
        texts.append((f"The {en[0]} and {en[1]}, with the {en[2].upper()} of 2024.", "en"))
        zh = rng.sample(by_lang["zh"], 3)
        texts.append((f"{zh[0]}和{zh[1]}在{zh[2]}举行会议。", "zh-Hans"))
        ru = rng.sample(by_lang["ru"], 3)
        texts.append((f"В рамках {_inflected(ru[0], 'gent', morph)} и о {_inflected(ru[1], 'loct', morph)}, "
                      f"«{ru[2]}» с {_inflected(ru[2], 'ablt', morph)}.", "ru"))
    for path in sorted(SEEDS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if len(line) > 20:
                texts.append((line, "zh-Hans" if re.search("[\u4e00-\u9fff]", line) else "en"))
    return texts


def test_spotter_agrees_with_a_lookup_of_every_run(pack_tb) -> None:
    lookup, _svc = pack_tb
    spotter = TermSpotter()
    with lookup.db.read() as s:
        termbase = spotter.termbase(s)
        texts = _texts(s)
        total = 0
        for text, lang in texts:
            expected = reference_spot(s, text, lang)
            assert termbase.spot(text, lang) == expected, (text, lang)
            total += len(expected)
    assert len(texts) > 250
    assert total > 300  # the texts do name many terms, in all three languages


def test_spotter_reloads_when_the_termbase_changes(pack_tb) -> None:
    lookup, svc = pack_tb
    spotter = TermSpotter()
    text = "The Zorblax Accord was signed."
    with lookup.db.read() as s:
        assert term_hits(spotter.termbase(s), [("query", text, "en")], "en", "ru") == ()
    (cid,) = svc.add_concepts([ConceptDraft("treaty", (T("en", "Zorblax Accord"), T("ru", "Зорбласское соглашение")))])
    with lookup.db.read() as s:
        (hit,) = term_hits(spotter.termbase(s), [("query", text, "en")], "en", "ru")
        assert (hit.concept_id, hit.target_term) == (cid, "Зорбласское соглашение")
        ru = "Стороны подписали Зорбласское соглашение."
        assert [h.concept_id for h in term_hits(spotter.termbase(s), [("target", ru, "ru")], "en", "ru")] == [cid]


@pytest.mark.parametrize("text, lang, name", [
    ("Лидеры Шанхайской организации сотрудничества встретились в Ашхабаде.", "ru",
     "Шанхайская организация сотрудничества"),
    ("上海合作组织成员国", "zh-Hans", "上海合作组织"),
    ("Members of the Shanghai Cooperation Organisation met in Shanghai.", "en", "Shanghai Cooperation Organisation"),
])
def test_longest_name_in_each_language(pack_tb, text: str, lang: str, name: str) -> None:
    lookup, _svc = pack_tb
    with lookup.db.read() as s:
        spotted = TermSpotter().termbase(s).spot(text, lang)
    assert spotted[0].term == name

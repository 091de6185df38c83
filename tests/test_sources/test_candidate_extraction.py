"""Term-candidate extraction: the name shapes of English, Russian and Chinese diplomatic text."""

from __future__ import annotations

import pytest

from sources.candidates import extract_candidates


def _names(*lines: str) -> dict[str, int]:
    found = extract_candidates(("doc.txt", i, line) for i, line in enumerate(lines, 1))
    return {c.text: c.frequency for c in found}


@pytest.mark.parametrize(("line", "expected"), [
    ("The meeting was chaired by Kassym-Jomart Tokayev, President of Kazakhstan.", "Kassym-Jomart Tokayev"),
    ("President Zaparov of the Kyrgyz Republic attended.", "Zaparov"),
    ("It was held at the Independence Palace in Astana.", "Independence Palace"),
    ("They signed the Treaty of Eternal Good-Neighborly Friendship and Cooperation today.",
     "Treaty of Eternal Good-Neighborly Friendship and Cooperation"),
    ("Work on the China-Kyrgyzstan-Uzbekistan Railway has begun.", "China-Kyrgyzstan-Uzbekistan Railway"),
    ("Foreign Minister Wang Yi spoke.", "Wang Yi"),
    ("The mountain pass Chobon-Ata was reopened.", "Chobon-Ata"),
])
def test_english_name_shapes(line: str, expected: str) -> None:
    assert expected in _names(line)


@pytest.mark.parametrize("line", [
    "SIGN UP FOR OUR NEWSLETTER",
    "The parties agreed. They will meet again.",
    "Chinese-style modernization was discussed.",
])
def test_english_noise_is_not_a_name(line: str) -> None:
    assert _names(line) == {}


def test_possessive_is_dropped_and_forms_grouped() -> None:
    names = _names("Xi Jinping's speech.", "Xi Jinping spoke.")
    assert names == {"Xi Jinping": 2}


def test_russian_forms_are_one_candidate_shown_in_the_most_frequent_form() -> None:
    names = _names("Встреча с Садыром Жапаровым прошла в Бишкеке.", "Садыр Жапаров выступил.",
                   "Садыр Жапаров подписал.")
    assert names.get("Садыр Жапаров") == 3


def test_russian_guillemet_names() -> None:
    assert "Один пояс, один путь" in _names("Инициатива «Один пояс, один путь» обсуждалась.")


@pytest.mark.parametrize(("line", "expected"), [
    ("双方同意推进中吉乌铁路项目。", "中吉乌铁路"),
    ("各方欢迎签署《阿斯塔纳宣言》。", "阿斯塔纳宣言"),
    ("第二届中国—中亚峰会在阿斯塔纳举行。", "中亚峰会"),
])
def test_chinese_name_shapes(line: str, expected: str) -> None:
    assert expected in _names(line)


def test_places_keep_file_line_and_context() -> None:
    found = extract_candidates([("a.txt", 3, "Talks with Sadyr Japarov went well."),
                                ("b.txt", 9, "Sadyr Japarov left.")])
    (cand,) = [c for c in found if c.text == "Sadyr Japarov"]
    assert [(p.file, p.line) for p in cand.places] == [("a.txt", 3), ("b.txt", 9)]
    assert "Talks with Sadyr Japarov" in cand.places[0].context

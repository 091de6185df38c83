"""Shared fixtures: isolated user dirs, real SQLite files, a small trilingual termbase, the bundled pack."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from glossary.db import Database, open_database
from glossary.lookup import Lookup
from glossary.records import ConceptDraft, TermDraft
from glossary.service import TermbaseService

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"


def T(lang: str, text: str, status: str = "preferred", type: str = "full", note: str | None = None) -> TermDraft:
    """Short term constructor for fixtures."""
    return TermDraft(lang=lang, text=text, status=status, type=type, note=note)


#: A small termbase whose every row a lookup test can rely on (independent of the bundled pack).
FIXTURE_CONCEPTS: dict[str, ConceptDraft] = {
    "sco": ConceptDraft("organization", (
        T("en", "Shanghai Cooperation Organisation"), T("en", "SCO", "admitted", "acronym"),
        T("zh-Hans", "上海合作组织"), T("zh-Hans", "上合组织", "admitted", "short"),
        T("zh-Hant", "上海合作組織"),
        T("ru", "Шанхайская организация сотрудничества"), T("ru", "ШОС", "admitted", "acronym"))),
    "tokayev": ConceptDraft("person", (
        T("en", "Kassym-Jomart Tokayev"), T("en", "Tokayev", "admitted", "short"),
        T("zh-Hans", "卡瑟姆-若马尔特·托卡耶夫"), T("zh-Hans", "托卡耶夫", "admitted", "short"),
        T("ru", "Касым-Жомарт Токаев"), T("ru", "Токаев", "admitted", "short")),
        definition="President of the Republic of Kazakhstan"),
    "japarov": ConceptDraft("person", (
        T("en", "Sadyr Japarov"), T("en", "Japarov", "admitted", "short"),
        T("en", "Zaparov", "deprecated", "erroneous", "Ж romanized as Z; use Japarov"),
        T("zh-Hans", "萨德尔·扎帕罗夫"), T("zh-Hans", "扎帕罗夫", "admitted", "short"),
        T("ru", "Садыр Жапаров"), T("ru", "Жапаров", "admitted", "short"))),
    "mirziyoyev": ConceptDraft("person", (
        T("en", "Shavkat Mirziyoyev"), T("en", "Mirziyoyev", "admitted", "short"),
        T("zh-Hans", "沙夫卡特·米尔济约耶夫"), T("ru", "Шавкат Мирзиёев"), T("ru", "Мирзиёев", "admitted", "short"))),
    "ashgabat": ConceptDraft("place", (T("en", "Ashgabat"), T("zh-Hans", "阿什哈巴德"), T("ru", "Ашхабад"))),
    "shanghai": ConceptDraft("place", (T("en", "Shanghai"), T("zh-Hans", "上海"), T("ru", "Шанхай"))),
    "c5": ConceptDraft("mechanism", (
        T("en", "China–Central Asia"), T("zh-Hans", "中国—中亚"), T("ru", "Китай – Центральная Азия"))),
    "summit": ConceptDraft("event", (
        T("en", "China–Central Asia Summit"), T("zh-Hans", "中国—中亚峰会"),
        T("ru", "Саммит «Китай – Центральная Азия»"))),
    "bri": ConceptDraft("initiative", (
        T("en", "Belt and Road Initiative"), T("en", "BRI", "admitted", "acronym"),
        T("zh-Hans", "共建“一带一路”倡议"), T("zh-Hans", "一带一路", "admitted", "short"),
        T("ru", "Инициатива «Пояс и путь»"))),
    "treaty": ConceptDraft("treaty", (
        T("en", "Treaty on Eternal Good-Neighbourliness, Friendship and Cooperation"),
        T("en", "Treaty of Eternal Neighborhood Friendship and Cooperation", "deprecated", "variant",
          "machine translation of the 2025 report"),
        T("zh-Hans", "永久睦邻友好合作条约"),
        T("ru", "Договор о вечном добрососедстве, дружбе и сотрудничестве"))),
}


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never touch the real user's data directory; no SILKTERM_* leaks from the environment."""
    home = tmp_path_factory.mktemp("xdg")
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    for var in ("SILKTERM_DB", "SILKTERM_DEBUG", "SILKTERM_BUSY_TIMEOUT"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("SILKTERM_USER", "tester")
    return home


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A path for a new SQLite database file."""
    return tmp_path / "termbase.db"


@pytest.fixture
def db(db_path: Path) -> Database:
    """A new, empty, migrated database on a real SQLite file."""
    database = open_database(str(db_path))
    yield database
    database.dispose()


@pytest.fixture
def service(db: Database) -> TermbaseService:
    """The termbase service over the empty database."""
    return TermbaseService(db, author="tester")


@pytest.fixture(scope="session")
def _fixture_db_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    path = tmp_path_factory.mktemp("fixture") / "fixture.db"
    database = open_database(str(path))
    svc = TermbaseService(database, author="fixture")
    ids = dict(zip(FIXTURE_CONCEPTS, svc.add_concepts(FIXTURE_CONCEPTS.values(), description="fixture"), strict=True))
    database.dispose()
    return path, ids


@pytest.fixture
def fixture_tb(_fixture_db_file: tuple[Path, dict[str, int]], tmp_path: Path):
    """(Lookup, TermbaseService, {key: concept_id}) over a private copy of the fixture termbase."""
    src, ids = _fixture_db_file
    path = tmp_path / "fixture.db"
    shutil.copy(src, path)
    database = open_database(str(path))
    svc = TermbaseService(database, author="tester")
    yield Lookup(database, svc), svc, ids
    database.dispose()


@pytest.fixture(scope="session")
def pack_db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file holding the bundled China–Central Asia pack (made once per session)."""
    from sources.packs import DEFAULT_PACK
    from sources.packs.loader import load_pack
    from sources.packs.sync import sync_pack

    path = tmp_path_factory.mktemp("pack") / "pack.db"
    database = open_database(str(path))
    sync_pack(TermbaseService(database, author="silkterm"), load_pack(DEFAULT_PACK))
    database.dispose()
    return path


@pytest.fixture
def pack_tb(pack_db_file: Path, tmp_path: Path):
    """(Lookup, TermbaseService) over a private copy of the bundled-pack database."""
    path = tmp_path / "pack.db"
    shutil.copy(pack_db_file, path)
    database = open_database(str(path))
    svc = TermbaseService(database, author="tester")
    yield Lookup(database, svc), svc
    database.dispose()

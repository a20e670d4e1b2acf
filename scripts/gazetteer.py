#!/usr/bin/env python3
"""Generate ontology/gazetteer.ttl: every state, territory and major city, with names.

Why: diplograph recognises states and places by name, from Turtle tables in ontology/ (nothing is
hard-coded). Typing 250 states and territories and 1,250 cities by hand, with Chinese
(simplified and traditional) and English names and Wikidata identifiers, would be slow and
error-prone; public-domain tables hold them. This script turns those raw tables, plus CLDR
territory names and the small hand-kept tables under scripts/gazetteer/, into the committed
file ontology/gazetteer.ttl, which diplograph's loader merges with ontology/reference.ttl by
subject IRI. The raw tables are not part of the project: only the generated file is, so that a
clone builds and tests without them.

How to run (from the project root; Python 3.11, `pip install babel==2.19.0 rdflib`):

    python3 scripts/gazetteer.py                      # raw tables in ../shared/gazetteer
    python3 scripts/gazetteer.py /path/to/gazetteer   # or name their folder
    python3 scripts/gazetteer.py --check              # compare with the committed file only

The output is deterministic (sorted; byte-identical on re-run with the same inputs and babel
version). Every dropped or clashing name is printed to stderr. A self-check parses the output
with rdflib and enforces the loader's rules (one type, one Chinese prefLabel, a Chinese name
means one entity, no one-character name, Wikidata IRIs only, party forms never full names) and
the pins of scripts/gazetteer/pinned.tsv; any failure stops the script with status 1 before the
file is written. Every choice is documented in scripts/gazetteer/README.md.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import struct
import sys
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLES = ROOT / "scripts" / "gazetteer"
OUTPUT = ROOT / "ontology" / "gazetteer.ttl"
REFERENCE = ROOT / "ontology" / "reference.ttl"
DEFAULT_RAW = ROOT.parent / "shared" / "gazetteer"
BABEL_VERSION = "2.19.0"  # the CLDR release the committed file was made with

DG = "https://w3id.org/diplograph/ontology#"
DGR = "https://w3id.org/diplograph/id/"
WD = "http://www.wikidata.org/entity/"
CLASSES = ("State", "Region", "City")  # output order
CLASS_RANK = {name: rank for rank, name in enumerate(CLASSES)}

# How a Chinese name came to an entity; lower wins a clash between entities of the same class,
# and only PREF/ALT/CITY names can become a prefLabel.
PREF, ALT, CITY_FORM, TRAD = 0, 1, 2, 3
KIND_NAMES = {PREF: "prefLabel", ALT: "altLabel", CITY_FORM: "X市 form", TRAD: "traditional altLabel"}
CITY_FORM_COUNTRIES = {"CN", "TW"}  # places given an "X市" altLabel
CITY_ENDINGS = ("市", "县", "区", "旗", "镇", "盟")  # names already ending in an administrative unit

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
QID = re.compile(r"^Q[1-9][0-9]*$")


class Failure(Exception):
    """A fault in the inputs or the output: the script stops with status 1."""


def warn(message: str) -> None:
    print(f"gazetteer: {message}", file=sys.stderr)


# ---------------------------------------------------------------------------------------------
# Reading the inputs


def read_table(name: str, columns: list[str]) -> list[dict[str, str]]:
    """A hand-kept TSV of scripts/gazetteer/: '#' comment lines, a header row, then rows."""
    path = TABLES / name
    rows = []
    header = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            if header != columns:
                raise Failure(f"{path}:{number}: header {header} is not {columns}")
            continue
        if len(cells) != len(columns):
            raise Failure(f"{path}:{number}: {len(cells)} cells, expected {len(columns)}")
        row = {key: cell.strip() for key, cell in zip(columns, cells)}
        row["_where"] = f"{path.relative_to(ROOT)}:{number}"
        rows.append(row)
    if header is None:
        raise Failure(f"{path}: no header row")
    return rows


def read_dbf(data: bytes) -> list[dict[str, str]]:
    """The records of a dBase III file (a shapefile's attribute table), as stripped strings."""
    count, header_length, record_length = struct.unpack("<4xIHH", data[:12])
    fields = []
    position = 32
    while data[position] != 0x0D:
        name = data[position : position + 11].split(b"\0")[0].decode("ascii")
        fields.append((name, data[position + 16]))
        position += 32
    records = []
    for index in range(count):
        start = header_length + index * record_length
        record = data[start : start + record_length]
        if record[:1] == b"*":  # deleted
            continue
        values = {}
        offset = 1
        for name, length in fields:
            raw = record[offset : offset + length]
            values[name] = raw.decode("utf-8").replace("\0", "").strip()
            offset += length
        records.append(values)
    return records


def read_zipped_dbf(path: Path) -> list[dict[str, str]]:
    with zipfile.ZipFile(path) as archive:
        members = [name for name in archive.namelist() if name.endswith(".dbf")]
        if len(members) != 1:
            raise Failure(f"{path}: expected one .dbf inside, found {members}")
        return read_dbf(archive.read(members[0]))


def read_raw(raw: Path) -> tuple[list[dict], list[dict], list[dict]]:
    names = {
        "codes": raw / "country-codes.csv",
        "countries": raw / "natural-earth-5.0.0-ne_50m_admin_0_countries.zip",
        "places": raw / "natural-earth-5.0.0-ne_50m_populated_places.zip",
    }
    for path in names.values():
        if not path.is_file():
            raise Failure(f"{path} not found: give the folder of the raw gazetteer files (see --help)")
    with open(names["codes"], encoding="utf-8", newline="") as file:
        codes = list(csv.DictReader(file))
    countries = read_zipped_dbf(names["countries"])
    places = read_zipped_dbf(names["places"])
    if len(codes) != 249 or len(places) != 1251:
        raise Failure(f"unexpected raw files: {len(codes)} ISO rows (249), {len(places)} places (1,251)")
    return codes, countries, places


def cldr() -> dict[str, dict[str, str]]:
    try:
        import babel
        from babel import Locale
    except ImportError:
        raise Failure("the PyPI package babel is missing: pip install babel==" + BABEL_VERSION)
    if babel.__version__ != BABEL_VERSION:
        warn(f"babel {babel.__version__}, not {BABEL_VERSION}: CLDR names may differ from the committed file")
    return {tag: dict(Locale.parse(tag).territories) for tag in ("zh", "zh_Hant", "en")}


# ---------------------------------------------------------------------------------------------
# Names and IRIs

SPECIAL_LETTERS = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D",
                                 "ı": "i", "ß": "ss", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe",
                                 "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D"})


def camel(name: str) -> str:
    """IRI local name: "Côte d’Ivoire" → CoteDIvoire, "St. Kitts & Nevis" → SaintKittsAndNevis."""
    text = re.sub(r"\s*\([^)]*\)", "", name)  # "Myanmar (Burma)" → Myanmar
    text = text.replace("&", " and ")
    text = re.sub(r"\bSt\.", "Saint ", text)
    text = re.sub(r"\bFt\.", "Fort ", text)
    text = re.sub(r"\bMt\.", "Mount ", text)
    text = unicodedata.normalize("NFKD", text.translate(SPECIAL_LETTERS))
    text = "".join(char for char in text if not unicodedata.combining(char))
    words = re.split(r"[\s\-‐‑–—/,]+", text)
    result = "".join(word[:1].upper() + word[1:] for word in words)
    result = "".join(char for char in result if char.isascii() and char.isalpha())
    if not result:
        raise Failure(f"no IRI can be made from the name {name!r}")
    return result


def clean_unterm(value: str) -> str:
    """UNTERM cells: strip the trailing ' *' / ' **' marks of non-members."""
    return re.sub(r"\s*\*+$", "", value.strip())


def clean_english(value: str) -> str:
    """UNTERM English: 'Bahamas (the)' → 'Bahamas'; 'the Republic of X' → 'Republic of X'."""
    value = clean_unterm(value)
    value = re.sub(r"\s*\(the\)$", "", value)
    value = re.sub(r"^the\s+", "", value)
    return value


def is_chinese_name(value: str) -> bool:
    return bool(value) and bool(HAN.search(value)) and not re.search(r"[A-Za-z]", value)


def qid(value: str) -> str:
    value = value.strip().rsplit("/", 1)[-1]
    return value if QID.match(value) else ""


def turtle_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


# ---------------------------------------------------------------------------------------------
# Entities


@dataclass
class Entity:
    iri: str  # local name under dgr:
    cls: str  # State, Region or City
    en: str  # English prefLabel
    code: str = ""  # ISO alpha-2 (states, regions; a city's country code)
    en_alts: list[str] = field(default_factory=list)
    claims: list[tuple[str, int]] = field(default_factory=list)  # (Chinese name, kind), in order
    party_forms: list[str] = field(default_factory=list)
    country: str = ""  # IRI local name
    capital_of: str = ""  # IRI local name
    wikidata: str = ""
    comments: list[str] = field(default_factory=list)
    rank: tuple = ()  # clash rank within the class (lower wins)
    label: str = ""  # how to name it in messages
    # filled by the resolution:
    pref: str = ""
    names: list[tuple[str, int]] = field(default_factory=list)

    def claim(self, name: str, kind: int) -> None:
        name = (name or "").strip()
        if name and name not in (existing for existing, _ in self.claims):
            self.claims.append((name, kind))

    def add_en(self, name: str) -> None:
        name = (name or "").strip()
        if name and name != self.en and name not in self.en_alts:
            self.en_alts.append(name)


class Gazetteer:
    def __init__(self, raw: Path):
        self.codes, self.countries, self.places = read_raw(raw)
        self.cldr = cldr()
        self.entities: dict[str, Entity] = {}
        self.dropped: list[str] = []  # messages for stderr
        self.by_code: dict[str, Entity] = {}
        self.states_table = {row["code"]: row for row in read_table(
            "states.tsv", ["code", "class", "iri", "country", "zh", "en", "wikidata", "note"])}
        self.ne_codes = {row["adm0_a3"]: row["code"] for row in read_table(
            "ne-codes.tsv", ["adm0_a3", "code", "note"])}
        self.place_table = {row["ne_id"]: row for row in read_table(
            "places.tsv", ["ne_id", "ne_name", "iri", "zh", "zh_hant", "en", "country", "capital", "note"])}
        self.extra_places = read_table("extra-places.tsv", ["iri", "country", "zh", "en", "wikidata", "note"])
        self.unverified = {row["iri"]: row["note"] for row in read_table("unverified.tsv", ["iri", "note"])}
        self.aliases = read_table("aliases.tsv", ["iri", "lang", "name", "note"])
        self.party_table = read_table("party-forms.tsv", ["action", "iri", "form", "note"])
        self.stoplist = read_table("place-stoplist.tsv", ["name", "iri", "note"])
        self.pinned = read_table("pinned.tsv", ["class", "iri", "zh", "wikidata", "note"])
        self.reference = Reference(REFERENCE)

    def add(self, entity: Entity) -> None:
        if entity.iri in self.entities:
            raise Failure(f"two entities get the IRI dgr:{entity.iri}: {self.entities[entity.iri].label} and {entity.label}")
        self.entities[entity.iri] = entity

    # -- states and territories ----------------------------------------------------------------

    def build_states(self) -> None:
        ne_by_code: dict[str, dict] = {}
        for row in self.countries:
            code = row["ISO_A2"]
            if not code.isalpha():  # "-99": France and Norway carry their code in ISO_A2_EH
                code = row["ISO_A2_EH"] if row["ADM0_A3"] == row["ISO_A3_EH"] and row["ISO_A2_EH"].isalpha() else ""
            if code:
                if code in ne_by_code:
                    raise Failure(f"two Natural Earth countries with the code {code}")
                ne_by_code[code] = row
        rows = []
        for row in self.codes:
            code = row["ISO3166-1-Alpha-2"].strip()
            if not code and row["ISO3166-1-Alpha-3"] == "NAM":
                code = "NA"  # read as empty (README)
            if not re.fullmatch(r"[A-Z]{2}", code):
                raise Failure(f"country-codes.csv: no alpha-2 code for {row['official_name_en']!r}")
            rows.append((code, row))
        for code in self.states_table:
            if code not in {c for c, _ in rows}:
                if code not in ne_by_code:
                    raise Failure(f"states.tsv: {code} is neither in country-codes.csv nor in Natural Earth")
                rows.append((code, {}))  # Kosovo
        en, zh, zh_hant = self.cldr["en"], self.cldr["zh"], self.cldr["zh_Hant"]
        sovereigns: dict[str, str] = {}
        for code, row in sorted(rows):
            table = self.states_table.get(code, {})
            ne = ne_by_code.get(code, {})
            independent = row.get("is_independent", "")
            cls = table.get("class") or ("State" if independent == "Yes" else "Region")
            if cls not in ("State", "Region"):
                raise Failure(f"states.tsv: class {cls!r} for {code}")
            cldr_en = en.get(code, "")
            english = table.get("en") or cldr_en or ne.get("NAME_EN", "")
            iri = table.get("iri") or camel(cldr_en or english)
            entity = Entity(iri=iri, cls=cls, en=english, code=code, label=f"{code} {english}")
            pref = (table.get("zh") or clean_unterm(row.get("UNTERM Chinese Formal", ""))
                    or row.get("official_name_cn", "").strip() or zh.get(code, "") or ne.get("NAME_ZH", ""))
            entity.claim(pref, PREF)
            for name in (clean_unterm(row.get("UNTERM Chinese Short", "")), row.get("official_name_cn", ""),
                         zh.get(code, ""), ne.get("NAME_ZH", "")):
                entity.claim(name, ALT)
            for name in (ne.get("NAME_ZHT", ""), zh_hant.get(code, "")):
                entity.claim(name, TRAD)
            for name in (cldr_en, clean_english(row.get("UNTERM English Short", "")),
                         clean_english(row.get("UNTERM English Formal", "")),
                         row.get("official_name_en", ""), ne.get("NAME_EN", "")):
                if name and "(" not in name:
                    entity.add_en(name)
                    # Texts often leave out the article of a formal name (`Democratic Republic of
                    # Congo`, `Republic of Philippines`) …
                    if " of the " in name:
                        entity.add_en(name.replace(" of the ", " of ", 1))
                    # … and a hyphen of a name as a space (`Guinea Bissau`).
                    if re.search(r"\w-\w", name):
                        entity.add_en(re.sub(r"(\w)-(\w)", r"\1 \2", name))
            # Wikidata: both sources agree, else the README's facts (states.tsv), else none.
            listed, natural = qid(row.get("wikidata_id", "")), qid(ne.get("WIKIDATAID", ""))
            override = table.get("wikidata", "")
            if override == "-":
                entity.comments.append("owl:sameAs left out: see scripts/gazetteer/states.tsv")
            elif override:
                if not QID.match(override):
                    raise Failure(f"states.tsv: bad Wikidata identifier {override!r} for {code}")
                entity.wikidata = override
            elif listed and listed == natural:
                entity.wikidata = listed
            else:
                entity.comments.append(
                    "owl:sameAs left out: country-codes.csv gives " + (listed or "none")
                    + ", Natural Earth " + (natural or "none"))
            if cls == "Region":
                country = table.get("country", "")
                if not country:
                    found = re.search(r"\b(?:of|with|by)\s+([A-Z]{2})$", independent)
                    country = found.group(1) if found else "-"
                    if not found:
                        entity.comments.append(f"no dg:country: is_independent is {independent!r}")
                if country != "-":
                    sovereigns[iri] = country
            self.by_code[code] = entity
            self.add(entity)
        for iri, code in sovereigns.items():
            state = self.by_code.get(code)
            if state is None or state.cls != "State":
                raise Failure(f"dgr:{iri}: sovereign {code} is not a generated state")
            self.entities[iri].country = state.iri
        # party forms: first character of the everyday (CLDR zh) name + 方, less the denied
        denied = {(row["iri"], row["form"]) for row in self.party_table if row["action"] == "deny"}
        for row in self.party_table:
            if row["action"] not in ("deny", "add"):
                raise Failure(f"{row['_where']}: action {row['action']!r}")
            if row["iri"] != "*" and row["iri"] not in self.entities:
                raise Failure(f"{row['_where']}: dgr:{row['iri']} is not a generated state")
            if not row["form"].endswith("方") or len(row["form"]) < 2:
                raise Failure(f"{row['_where']}: {row['form']!r} is not an X方 form")
        for entity in self.entities.values():
            if entity.cls != "State":
                continue
            everyday = zh.get(entity.code, "") or entity.claims[0][0]
            form = everyday[0] + "方"
            if ("*", form) not in denied and (entity.iri, form) not in denied:
                entity.party_forms.append(form)
        for row in self.party_table:
            if row["action"] == "add":
                entity = self.entities[row["iri"]]
                if entity.cls != "State":
                    raise Failure(f"{row['_where']}: dgr:{row['iri']} is not a state")
                if row["form"] not in entity.party_forms:
                    entity.party_forms.append(row["form"])

    # -- cities --------------------------------------------------------------------------------

    def city_country(self, code: str) -> tuple[str, str]:
        """(dg:country IRI, dg:capitalOf IRI candidate) for a place's ISO code."""
        entity = self.by_code.get(code)
        if entity is None:
            raise Failure(f"a place has the unknown country code {code!r}")
        if entity.cls == "State":
            return entity.iri, entity.iri
        return entity.country, ""  # a territory's place: the sovereign, and no capital

    @staticmethod
    def city_form(entity: Entity) -> None:
        """Chinese and Taiwanese cities are also named with 市 (北京市), as reference.ttl does."""
        pref = entity.claims[0][0]
        if entity.code in CITY_FORM_COUNTRIES and not pref.endswith(CITY_ENDINGS):
            entity.claim(pref + "市", CITY_FORM)

    def build_cities(self) -> None:
        seen = set()
        cities = []
        for row in self.places:
            ne_id = row["NE_ID"]
            table = self.place_table.get(ne_id, {})
            seen.add(ne_id)
            if table and table["ne_name"] != row["NAME"]:
                raise Failure(f"{table['_where']}: NE_ID {ne_id} is {row['NAME']!r}, not {table['ne_name']!r}")
            label = f"{row['NAME']} ({row['ISO_A2']}, NE_ID {ne_id})"
            if table.get("zh") == "-":
                self.dropped.append(f"place {label}: dropped by places.tsv ({table['note']})")
                continue
            code = row["ISO_A2"] if row["ISO_A2"].isalpha() else self.ne_codes.get(row["ADM0_A3"], "")
            if not code:
                raise Failure(f"place {label}: no ISO code and ADM0_A3 {row['ADM0_A3']} not in ne-codes.tsv")
            zh_name = table.get("zh") or row["NAME_ZH"]
            if not zh_name:
                self.dropped.append(f"place {label}: no Chinese name")
                continue
            english = table.get("en") or row["NAME_EN"] or row["NAME"]
            entity = Entity(iri=table.get("iri", ""), cls="City", en=english, code=code, label=label)
            entity.claim(zh_name, PREF)
            self.city_form(entity)
            hant = table.get("zh_hant") or row["NAME_ZHT"]
            if hant != "-":
                entity.claim(hant, TRAD)
            country, capital = self.city_country(code)
            if table.get("country") == "-":
                country = ""
            elif table.get("country"):
                country = self.city_country(table["country"])[0]
            entity.country = country
            is_capital = row["FEATURECLA"].startswith("Admin-0 capital") and table.get("capital") != "-"
            if is_capital and capital:
                entity.capital_of = capital
            entity.wikidata = qid(row["WIKIDATAID"])
            if row["WIKIDATAID"] and not entity.wikidata:
                raise Failure(f"place {label}: bad WIKIDATAID {row['WIKIDATAID']!r}")
            entity.rank = (0 if entity.capital_of else 1, int(row["SCALERANK"]), -int(row["POP_MAX"] or 0), ne_id)
            cities.append(entity)
        for ne_id in self.place_table:
            if ne_id not in seen:
                raise Failure(f"places.tsv: NE_ID {ne_id} is not a Natural Earth place")
        for row in self.extra_places:
            country, _ = self.city_country(row["country"])
            entity = Entity(iri=row["iri"], cls="City", en=row["en"], code=row["country"], label=row["iri"],
                            country=country, wikidata=row["wikidata"])
            if entity.wikidata and not QID.match(entity.wikidata):
                raise Failure(f"{row['_where']}: bad Wikidata identifier")
            entity.claim(row["zh"], PREF)
            self.city_form(entity)
            entity.rank = (1, 99, 0, row["iri"])
            cities.append(entity)
        # IRIs: CamelCase of the English name; on a clash the best-ranked keeps it, the others
        # get their ISO code, then their NE_ID.
        taken = set(self.entities) | self.reference.other_iris
        wanted: dict[str, list[Entity]] = {}
        for entity in cities:
            if not entity.iri:
                wanted.setdefault(camel(entity.en), []).append(entity)
            elif entity.iri in taken:
                raise Failure(f"{entity.label}: IRI dgr:{entity.iri} of places.tsv is taken")
            else:
                taken.add(entity.iri)
        for base in sorted(wanted):
            for entity in sorted(wanted[base], key=lambda e: e.rank):
                for candidate in (base, base + entity.code, f"{base}{entity.code}{entity.rank[-1]}"):
                    if candidate not in taken:
                        entity.iri = candidate
                        taken.add(candidate)
                        break
                if candidate != base:
                    self.dropped.append(f"IRI dgr:{base} taken: {entity.label} is dgr:{candidate}")
        for entity in cities:
            if entity.iri in self.unverified:
                entity.wikidata = ""
                entity.comments.append("owl:sameAs left out: " + self.unverified[entity.iri])
            self.add(entity)
        for iri in self.unverified:
            if iri not in self.entities or self.entities[iri].cls != "City":
                raise Failure(f"unverified.tsv: dgr:{iri} is not a generated city")

    # -- hand-kept names -----------------------------------------------------------------------

    def apply_tables(self) -> None:
        for row in self.aliases:
            entity = self.entities.get(row["iri"])
            if entity is None:
                raise Failure(f"{row['_where']}: dgr:{row['iri']} is not generated")
            if row["lang"] == "zh":
                if not is_chinese_name(row["name"]):
                    raise Failure(f"{row['_where']}: {row['name']!r} is not a Chinese name")
                entity.claim(row["name"], ALT)
            elif row["lang"] == "en":
                entity.add_en(row["name"])
            else:
                raise Failure(f"{row['_where']}: language {row['lang']!r}")
        for row in self.stoplist:
            if row["iri"] != "*" and row["iri"] not in self.entities:
                raise Failure(f"{row['_where']}: dgr:{row['iri']} is not generated")
        stop = {(row["name"], row["iri"]) for row in self.stoplist}
        for entity in self.entities.values():
            kept = []
            simplified = set()
            for name, kind in entity.claims:
                if (name, "*") in stop or (name, entity.iri) in stop:
                    self.dropped.append(f"name {name} of dgr:{entity.iri}: in place-stoplist.tsv")
                elif len(name) < 2:
                    self.dropped.append(f"name {name} of dgr:{entity.iri}: one character")
                elif not is_chinese_name(name):
                    raise Failure(f"{entity.label}: {name!r} is not a Chinese name")
                elif kind == TRAD and name in simplified:
                    pass  # the same as a simplified name
                else:
                    kept.append((name, kind))
                    if kind != TRAD:
                        simplified.add(name)
            entity.claims = kept
            if entity.cls != "City":
                entity.rank = (entity.iri,)

    # -- clashes -------------------------------------------------------------------------------

    def resolve(self) -> None:
        """Give each Chinese name to one entity; choose prefLabels; drop entities left nameless."""
        alive = dict(self.entities)
        while True:
            holders: dict[str, list[tuple]] = {}
            for entity in alive.values():
                for name, kind in entity.claims:
                    key = (CLASS_RANK[entity.cls], kind, entity.rank)
                    holders.setdefault(name, []).append((key, entity.iri, kind))
            winner: dict[str, str] = {}
            messages = []
            for name, claims in holders.items():
                reserved = self.reference.owner_of(name)
                if reserved and reserved not in self.entities:
                    winner[name] = reserved
                    for _, iri, kind in claims:
                        messages.append(f"name {name} of dgr:{iri}: belongs to dgr:{reserved} of reference.ttl")
                    continue
                claims = sorted(claims, key=lambda c: (c[0], c[1]))
                # a name reference.ttl gives to a generated entity stays with that entity
                winner[name] = reserved or claims[0][1]
                for _, iri, kind in claims:
                    if iri == winner[name]:
                        continue
                    won = self.entities[winner[name]]
                    messages.append(f"name {name} ({KIND_NAMES[kind]}) of dgr:{iri}: belongs to "
                                    f"{won.cls.lower()} dgr:{won.iri}" + (" (reference.ttl)" if reserved else ""))
            nameless = []
            for entity in alive.values():
                entity.names = [(n, k) for n, k in entity.claims if winner[n] == entity.iri]
                candidates = [n for n, k in entity.names if k != TRAD]
                entity.pref = candidates[0] if candidates else ""
                if not entity.pref:
                    nameless.append(entity.iri)
            if not nameless:
                break
            for iri in nameless:
                entity = alive.pop(iri)
                lost = ", ".join(f"{n} (dgr:{winner[n]})" if winner[n] != iri else f"{n} (traditional only)"
                                 for n, _ in entity.claims) or "none left after the stoplist"
                self.dropped.append(f"entity dgr:{iri} ({entity.label}): dropped, no Chinese name left: {lost}")
                if entity.cls != "City":
                    raise Failure(f"the {entity.cls.lower()} dgr:{iri} lost every Chinese name")
        self.dropped.extend(messages)
        for iri in set(self.entities) - set(alive):
            del self.entities[iri]
        # a city's dg:capitalOf / dg:country must point at a surviving state
        for entity in self.entities.values():
            for attribute in ("country", "capital_of"):
                target = getattr(entity, attribute)
                if target and target not in self.entities:
                    raise Failure(f"dgr:{entity.iri}: {attribute} dgr:{target} was not generated")

    # -- output --------------------------------------------------------------------------------

    def render(self) -> str:
        counts = {cls: sum(1 for e in self.entities.values() if e.cls == cls) for cls in CLASSES}
        names = sum(len(e.names) for e in self.entities.values())
        forms = sum(len(e.party_forms) for e in self.entities.values())
        linked = sum(1 for e in self.entities.values() if e.wikidata)
        lines = [
            "# Gazetteer: the states and territories of ISO 3166-1 (and Kosovo), and the populated places",
            "# of Natural Earth, with their Chinese and English names and Wikidata items.",
            "#",
            "# GENERATED by scripts/gazetteer.py: do not edit. Change the hand-kept tables of",
            "# scripts/gazetteer/ (README.md there documents every choice) and regenerate from the project",
            "# root with:",
            "#     python3 scripts/gazetteer.py ../shared/gazetteer",
            "# diplograph merges this file with ontology/reference.ttl by subject IRI; hand-kept extras",
            "# (short forms, ruling parties, further names) stay in reference.ttl.",
            "#",
            "# Sources and licences:",
            "#   country-codes.csv of datasets/country-codes (ISO 3166-1, UNTERM names, Wikidata ids;",
            "#     ODC-PDDL-1.0, public domain);",
            "#   Natural Earth 5.0.0 ne_50m_admin_0_countries and ne_50m_populated_places (public domain);",
            f"#   Unicode CLDR territory names (zh, zh_Hant, en) through the PyPI package babel {BABEL_VERSION}",
            "#     (CLDR: Unicode License v3; babel: BSD-3-Clause);",
            "#   the hand-kept tables of scripts/gazetteer/ (this project's licence).",
            "#",
            f"# {counts['State']} states, {counts['Region']} regions, {counts['City']} cities; {names} Chinese names,"
            f" {forms} party forms, {linked} Wikidata links.",
            "",
            "@prefix dg:      <https://w3id.org/diplograph/ontology#> .",
            "@prefix dgr:     <https://w3id.org/diplograph/id/> .",
            "@prefix owl:     <http://www.w3.org/2002/07/owl#> .",
            "@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .",
            "@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .",
            "@prefix wd:      <http://www.wikidata.org/entity/> .",
        ]
        headings = {"State": "States", "Region": "Territories and regions", "City": "Cities"}
        for cls in CLASSES:
            lines += ["", f"######## {headings[cls]} ########", ""]
            for iri in sorted(e.iri for e in self.entities.values() if e.cls == cls):
                lines += self.render_entity(self.entities[iri])
        return "\n".join(lines) + "\n"

    @staticmethod
    def render_entity(entity: Entity) -> list[str]:
        out = [f"# {comment}" for comment in entity.comments]
        statements = [f"skos:prefLabel {turtle_string(entity.pref)}@zh , {turtle_string(entity.en)}@en"]
        alts = sorted(n for n, _ in entity.names if n != entity.pref)
        alt_terms = [f"{turtle_string(n)}@zh" for n in alts] + [f"{turtle_string(n)}@en" for n in sorted(entity.en_alts)]
        if alt_terms:
            statements.append("skos:altLabel " + " , ".join(alt_terms))
        if entity.party_forms:
            statements.append("dg:partyForm " + " , ".join(f"{turtle_string(f)}@zh" for f in sorted(entity.party_forms)))
        if entity.country:
            statements.append(f"dg:country dgr:{entity.country}")
        if entity.capital_of:
            statements.append(f"dg:capitalOf dgr:{entity.capital_of}")
        if entity.wikidata:
            statements.append(f"owl:sameAs wd:{entity.wikidata}")
        out.append(f"dgr:{entity.iri} a dg:{entity.cls} ;")
        for index, statement in enumerate(statements):
            end = " ." if index == len(statements) - 1 else " ;"
            out += wrap("    " + statement + end)
        return out


def wrap(line: str, width: int = 100) -> list[str]:
    """Break a long statement after its commas, continuation lines indented by 8."""
    if len(line) <= width:
        return [line]
    parts = line.split(" , ")
    lines, current = [], parts[0]
    for part in parts[1:]:
        if len(current) + 3 + len(part) > width:
            lines.append(current + " ,")
            current = "        " + part
        else:
            current += " , " + part
    lines.append(current)
    return lines


# ---------------------------------------------------------------------------------------------
# reference.ttl, and the self-check


def rdflib_module():
    try:
        import rdflib
    except ImportError:
        raise Failure("the self-check needs rdflib: pip install rdflib")
    return rdflib


class Reference:
    """What ontology/reference.ttl says: its entities' names, party forms, types, links."""

    def __init__(self, path: Path):
        rdflib = rdflib_module()
        graph = rdflib.Graph()
        graph.parse(path, format="turtle")
        self.names: dict[str, set[str]] = {}  # Chinese name → IRI local names
        self.party_forms: dict[str, set[str]] = {}
        self.types: dict[str, str] = {}
        self.pref_zh: dict[str, str] = {}
        self.wikidata: dict[str, str] = {}
        skos = rdflib.namespace.SKOS
        for subject, predicate, obj in graph:
            if not str(subject).startswith(DGR):
                continue
            iri = str(subject)[len(DGR):]
            if predicate == rdflib.RDF.type and str(obj).startswith(DG):
                self.types[iri] = str(obj)[len(DG):]
            elif predicate in (skos.prefLabel, skos.altLabel) and getattr(obj, "language", None) == "zh":
                self.names.setdefault(str(obj), set()).add(iri)
                if predicate == skos.prefLabel:
                    self.pref_zh[iri] = str(obj)
            elif str(predicate) == DG + "partyForm":
                self.party_forms.setdefault(str(obj), set()).add(iri)
            elif predicate == rdflib.OWL.sameAs:
                self.wikidata[iri] = str(obj)[len(WD):] if str(obj).startswith(WD) else str(obj)
        self.iris = set(self.types) | {i for owners in self.names.values() for i in owners}
        # IRIs of reference.ttl's own entities (organisations, regions, persons…), which no
        # generated city may take
        self.other_iris = {iri for iri, cls in self.types.items() if cls not in ("State", "City")}

    def owner_of(self, name: str) -> str:
        owners = self.names.get(name, set())
        if len(owners) > 1:
            raise Failure(f"reference.ttl gives the name {name} to {sorted(owners)}")
        return next(iter(owners), "")


def self_check(text: str, gazetteer: Gazetteer) -> None:
    """Parse the output with rdflib and enforce the loader's rules and the pins; raise on a fault."""
    rdflib = rdflib_module()
    graph = rdflib.Graph()
    try:
        graph.parse(data=text, format="turtle")
    except Exception as error:  # noqa: BLE001 - any parse error is a failure
        raise Failure(f"the output is not valid Turtle: {error}")
    skos = rdflib.namespace.SKOS
    faults = []
    subjects: dict[str, dict] = {}
    for subject, predicate, obj in graph:
        if not str(subject).startswith(DGR):
            faults.append(f"subject <{subject}> is not under dgr:")
            continue
        entry = subjects.setdefault(str(subject)[len(DGR):], {"type": [], "zh": [], "en": [], "names": [], "forms": [],
                                                             "same": [], "country": [], "capital": []})
        if predicate == rdflib.RDF.type:
            entry["type"].append(str(obj))
        elif predicate == skos.prefLabel:
            entry["zh" if obj.language == "zh" else "en"].append(str(obj))
            if obj.language == "zh":
                entry["names"].append(str(obj))
        elif predicate == skos.altLabel:
            if obj.language == "zh":
                entry["names"].append(str(obj))
            elif obj.language != "en":
                faults.append(f"{subject}: altLabel without zh/en language: {obj!r}")
        elif str(predicate) == DG + "partyForm":
            entry["forms"].append(str(obj))
        elif predicate == rdflib.OWL.sameAs:
            entry["same"].append(str(obj))
        elif str(predicate) == DG + "country":
            entry["country"].append(str(obj))
        elif str(predicate) == DG + "capitalOf":
            entry["capital"].append(str(obj))
        else:
            faults.append(f"{subject}: unexpected predicate <{predicate}>")
    owner: dict[str, str] = {}
    all_forms: dict[str, set[str]] = {}
    deny = {row["form"] for row in gazetteer.party_table if row["action"] == "deny" and row["iri"] == "*"}
    classes = {}
    for iri, entry in sorted(subjects.items()):
        types = [t[len(DG):] for t in entry["type"] if t.startswith(DG)]
        if len(entry["type"]) != 1 or types[0] not in CLASSES:
            faults.append(f"dgr:{iri}: types {entry['type']}, expected exactly one of dg:State/Region/City")
            continue
        classes[iri] = types[0]
        if len(entry["zh"]) != 1:
            faults.append(f"dgr:{iri}: {len(entry['zh'])} Chinese prefLabels")
        if len(entry["en"]) != 1:
            faults.append(f"dgr:{iri}: {len(entry['en'])} English prefLabels")
        for name in entry["names"]:
            if len(name) < 2:
                faults.append(f"dgr:{iri}: one-character name {name}")
            if name in owner and owner[name] != iri:
                faults.append(f"the name {name} belongs to dgr:{owner[name]} and dgr:{iri}")
            owner[name] = iri
            reserved = gazetteer.reference.names.get(name, set())
            if reserved - {iri}:
                faults.append(f"the name {name} of dgr:{iri} belongs to {sorted(reserved)} in reference.ttl")
        for form in entry["forms"]:
            all_forms.setdefault(form, set()).add(iri)
            if types[0] != "State":
                faults.append(f"dgr:{iri}: a party form on a {types[0]}")
            if not (len(form) >= 2 and form.endswith("方")) or form in deny:
                faults.append(f"dgr:{iri}: bad or denied party form {form}")
        for same in entry["same"]:
            if not re.fullmatch(re.escape(WD) + r"Q[1-9][0-9]*", same):
                faults.append(f"dgr:{iri}: owl:sameAs <{same}> is not a Wikidata item")
        if len(entry["same"]) > 1:
            faults.append(f"dgr:{iri}: several owl:sameAs")
        if iri in gazetteer.unverified and entry["same"]:
            faults.append(f"dgr:{iri}: in unverified.tsv but linked")
        for target in entry["country"] + entry["capital"]:
            local = target[len(DGR):]
            if not target.startswith(DGR) or local not in subjects:
                faults.append(f"dgr:{iri}: dg:country/dg:capitalOf <{target}> is not generated")
        if types[0] == "City" and (len(entry["country"]) > 1 or len(entry["capital"]) > 1):
            faults.append(f"dgr:{iri}: several dg:country or dg:capitalOf")
    for iri, entry in subjects.items():
        for target in entry["capital"]:
            if classes.get(target[len(DGR):]) != "State":
                faults.append(f"dgr:{iri}: dg:capitalOf <{target}> is not a state")
        for target in entry["country"]:
            if classes.get(target[len(DGR):]) != "State":
                faults.append(f"dgr:{iri}: dg:country <{target}> is not a state")
    reference = gazetteer.reference
    for form, iris in all_forms.items():
        if form in owner or form in reference.names:
            faults.append(f"the party form {form} is also a full name")
    for form in reference.party_forms:
        if form in owner:
            faults.append(f"the party form {form} of reference.ttl is a full name in the output")
    # reference.ttl: its states and cities must be generated with the same class, prefLabel, link
    for iri, cls in reference.types.items():
        if cls in ("State", "City") or iri in subjects:
            if iri not in subjects:
                faults.append(f"dgr:{iri} ({cls} in reference.ttl) is not generated")
                continue
            if classes.get(iri) != cls:
                faults.append(f"dgr:{iri}: {classes.get(iri)} here, {cls} in reference.ttl")
            if iri in reference.pref_zh and subjects[iri]["zh"] != [reference.pref_zh[iri]]:
                faults.append(f"dgr:{iri}: prefLabel {subjects[iri]['zh']}, reference.ttl {reference.pref_zh[iri]}")
            if iri in reference.wikidata and subjects[iri]["same"] != [WD + reference.wikidata[iri]]:
                faults.append(f"dgr:{iri}: owl:sameAs {subjects[iri]['same']}, reference.ttl {reference.wikidata[iri]}")
    for row in gazetteer.pinned:
        iri = row["iri"]
        entry = subjects.get(iri)
        if entry is None:
            faults.append(f"pinned dgr:{iri} is not generated")
            continue
        if classes.get(iri) != row["class"]:
            faults.append(f"pinned dgr:{iri}: class {classes.get(iri)}, pinned {row['class']}")
        if entry["zh"] != [row["zh"]]:
            faults.append(f"pinned dgr:{iri}: prefLabel {entry['zh']}, pinned {row['zh']}")
        expected = [] if row["wikidata"] == "-" else [WD + row["wikidata"]]
        if entry["same"] != expected:
            faults.append(f"pinned dgr:{iri}: owl:sameAs {entry['same']}, pinned {row['wikidata']}")
    if faults:
        raise Failure("self-check failed:\n  " + "\n  ".join(faults))


# ---------------------------------------------------------------------------------------------


def generate(raw: Path) -> tuple[str, Gazetteer]:
    gazetteer = Gazetteer(raw)
    gazetteer.build_states()
    gazetteer.build_cities()
    gazetteer.apply_tables()
    gazetteer.resolve()
    text = gazetteer.render()
    self_check(text, gazetteer)
    return text, gazetteer


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="See scripts/gazetteer/README.md.")
    parser.add_argument("raw", nargs="?", type=Path, default=DEFAULT_RAW,
                        help="folder of the raw files (default: ../shared/gazetteer beside the project)")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="where to write (default: ontology/gazetteer.ttl)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if the output file differs from what would be generated")
    parser.add_argument("--quiet", action="store_true", help="do not list dropped names")
    arguments = parser.parse_args()
    try:
        text, gazetteer = generate(arguments.raw)
    except Failure as failure:
        warn(f"error: {failure}")
        return 1
    if not arguments.quiet:
        for message in sorted(set(gazetteer.dropped)):
            warn(message)
    if arguments.check:
        current = arguments.output.read_text(encoding="utf-8") if arguments.output.exists() else ""
        if current != text:
            warn(f"{arguments.output} is out of date: run python3 scripts/gazetteer.py")
            return 1
        warn(f"{arguments.output} is up to date")
        return 0
    arguments.output.write_text(text, encoding="utf-8")
    warn(f"wrote {arguments.output} ({len(gazetteer.entities)} entities)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

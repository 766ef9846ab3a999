"""Fictional sample facilities for the demo tenants and the benchmarks, and the demo gazetteers.

Everything here is made up and says so: descriptions read "Fiktive Beispieldaten", e-mail addresses are at
example.org, phone numbers start with 0000, child-minders are called "… (Demo)". Output is deterministic:
the same seed and reference date give the same facilities.

    python -m server.facilities.sample --write-gazetteers      # rewrite server/tenants/data/*/gazetteer.json
    python -m server.facilities.sample --load-scaled 60000     # benchmark tenant "bench" into the database
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import math
import random
import sys
import time
import zlib
from collections.abc import Sequence
from pathlib import Path

import msgspec

from server.facilities.geocoder import Gazetteer, GazetteerDistrict, load_gazetteer
from server.facilities.importer import GERMANY_BBOX
from server.facilities.schemas import FreePlace
from server.facilities.services import FacilityInput, ImportSummary, upsert_facilities
from server.tenants.config import Tenant

FICTIONAL = "Fiktive Beispieldaten: Diese Einrichtung gibt es nicht."
# Kitas and child-minders per demo tenant; other demo tenants with a gazetteer get DEFAULT_SIZE.
SAMPLE_SIZES = {"wuppertal": (230, 150), "iserlohn": (40, 20)}
DEFAULT_SIZE = (30, 15)
BENCH_TENANT = "bench"

# --- the demo gazetteers ----------------------------------------------------------------------------------

GAZETTEER_NOTE = (
    "Demo-Gazetteer: Stadtbezirke mit ungefähren Zentren und Straßen mit erfundenen, nur ungefähren "
    "Koordinaten (gleichmäßig um das Bezirkszentrum gestreut). Nicht für echte Adresssuche geeignet. "
    "Erzeugt mit: python -m server.facilities.sample --write-gazetteers"
)


class _DistrictSource(msgspec.Struct, frozen=True):
    name: str
    lat: float
    lon: float
    weight: float
    postcodes: tuple[str, ...]
    streets: tuple[str, ...]


def _district_sources(text: str) -> list[_DistrictSource]:
    """Parse "name | lat | lon | weight | postcodes" lines, each followed by "; "-separated street lines."""
    out: list[_DistrictSource] = []
    head: list[str] = []
    streets: list[str] = []
    for line in [*text.strip().splitlines(), "|"]:
        if "|" in line:
            if head:
                name, lat, lon, weight, postcodes = head
                out.append(
                    _DistrictSource(
                        name, float(lat), float(lon), float(weight), tuple(postcodes.split()), tuple(streets)
                    )
                )
            head, streets = [part.strip() for part in line.split("|")], []
        else:
            streets.extend(part.strip() for part in line.split(";") if part.strip())
    return out


# slug: city, bounding box (south, west, north, east), street spread around the centre (degrees latitude),
# and per district: name | lat | lon | weight (population, thousands) | postcodes | streets.
GAZETTEER_SOURCES = {
    "wuppertal": (
        "Wuppertal",
        (51.165, 7.01, 51.32, 7.32),
        0.011,
        """
        Elberfeld | 51.2562 | 7.1508 | 66 | 42103 42105 42107
          Friedrich-Ebert-Straße; Herzogstraße; Hofaue; Luisenstraße; Kasinostraße; Gathe; Hochstraße;
          Ostersbaum; Deweerthstraße; Briller Straße; Sadowastraße; Augustastraße
        Elberfeld-West | 51.2555 | 7.117 | 28 | 42115 42117 42119
          Arrenberger Straße; Sonnborner Straße; Varresbecker Straße; Nützenberger Straße; Simonsstraße;
          Zoostraße; Hubertusallee; Otto-Hausmann-Ring; Kaiser-Wilhelm-Allee
        Uellendahl-Katernberg | 51.285 | 7.148 | 37 | 42109 42111 42113
          Uellendahler Straße; Katernberger Straße; Röttgen; Kohlstraße; Westfalenweg; Am Eckbusch;
          Siebeneicker Straße; Nevigeser Straße; Schevenhofer Weg; Am Ringelbusch
        Vohwinkel | 51.2335 | 7.073 | 31 | 42327 42329
          Kaiserstraße; Vohwinkeler Straße; Bahnstraße; Gräfrather Straße; Rubensstraße; Ehrenhainstraße;
          Lienhardplatz; Am Stationsgarten; Tesche; Bahler Straße
        Cronenberg | 51.204 | 7.139 | 22 | 42349
          Hauptstraße; Solinger Straße; Hahnerberger Straße; Kemmannstraße; Rathausstraße;
          Berghauser Straße; Sudberger Straße; Küllenhahner Straße; Herichhauser Straße
        Barmen | 51.271 | 7.198 | 60 | 42275 42283 42285 42287
          Werth; Friedrich-Engels-Allee; Höhne; Wittensteinstraße; Am Kothen; Unterdörnen; Bredde;
          Loher Straße; Sedanstraße; Lichtenplatzer Straße; Gewerbeschulstraße; Carnaper Straße
        Oberbarmen | 51.281 | 7.228 | 46 | 42277 42279
          Berliner Straße; Wichlinghauser Straße; Schwarzbach; Rittershauser Straße; Wuppermannstraße;
          Normannenstraße; Stahlsberg; Färberstraße; Westkotter Straße; Kreuzstraße
        Heckinghausen | 51.264 | 7.234 | 21 | 42289
          Heckinghauser Straße; Widukindstraße; Waldeckstraße; Bockmühle; Sternstraße; Auf der Bleiche;
          Brändströmstraße; Hammesberger Weg
        Langerfeld-Beyenburg | 51.276 | 7.265 | 25 | 42389 42399
          Langerfelder Straße; Schwelmer Straße; Beyenburger Straße; Inselstraße; Hilgershöhe;
          Jesinghauser Straße; Fischertal; Spiekerlanden; Am Kriegermal
        Ronsdorf | 51.23 | 7.2 | 23 | 42369
          Staasstraße; Remscheider Straße; Lüttringhauser Straße; Scheidtstraße; Elias-Eller-Straße;
          Erbschlöer Straße; Kniprodestraße; Talsperrenstraße; Am Stall
        """,
    ),
    "iserlohn": (
        "Iserlohn",
        (51.3, 7.55, 51.47, 7.8),
        0.008,
        """
        Innenstadt | 51.3757 | 7.6959 | 40 | 58636 58638
          Wermingser Straße; Unnaer Straße; Kurt-Schumacher-Ring; Poth; Alter Rathausplatz;
          Mendener Straße; Baarstraße; Laarstraße; Theodor-Heuss-Ring; Vinckestraße; Stennergasse
        Hennen | 51.436 | 7.638 | 8 | 58640
          Kirchstraße; Schulstraße; Rheinener Straße; Lindenweg; Am Sportplatz; Im Wiesengrund; Buchenweg;
          Ruhrstraße
        Kesbern | 51.331 | 7.664 | 2 | 58644
          Kesberner Straße; Am Hang; Waldstraße; Lärchenweg; Tannenweg; Im Siepen; Bergstraße; Grüner Weg
        Letmathe | 51.368 | 7.615 | 25 | 58642
          Hagener Straße; Von-der-Kuhlen-Straße; Untergrüner Straße; Bahnhofstraße; Hochstraße; Stübbeken;
          Oeger Straße; Lennestraße; Kirchstraße
        Oestrich | 51.381 | 7.64 | 8 | 58642
          Oestricher Straße; Am Lärchenbusch; Schulstraße; Buchenweg; Wiesenstraße; Höhenweg; Gartenstraße;
          Dechenhöhle
        Sümmern | 51.428 | 7.712 | 6 | 58640
          Rombrocker Straße; Am Kirchplatz; Lindenstraße; Eichenweg; Schulweg; Hauptstraße; Feldstraße;
          Sümmerner Straße
        Drüpplingsen | 51.413 | 7.737 | 2 | 58640
          Drüpplingser Straße; Am Bach; Mühlenweg; Feldweg; Birkenweg; Ahornweg; Im Hagen; Ruhrtalstraße
        Gerlingsen | 51.386 | 7.72 | 6 | 58638
          Gerlingser Weg; Am Seilersee; Lindenallee; Ulmenweg; Amselweg; Drosselweg; Kiefernweg;
          Seilerseestraße
        """,
    ),
}


def build_gazetteer(slug: str) -> dict[str, object]:
    """The gazetteer document for a demo tenant (deterministic)."""
    city, bbox, spread, table = GAZETTEER_SOURCES[slug]
    districts = _district_sources(table)
    out = []
    for district in districts:
        rng = random.Random(f"gazetteer:{slug}:{district.name}")  # noqa: S311 - deterministic demo data
        streets = []
        for name in district.streets:
            angle = rng.uniform(0, 2 * math.pi)
            distance = spread * math.sqrt(rng.uniform(0.04, 1.0))
            streets.append(
                {
                    "name": name,
                    "lat": round(district.lat + distance * math.sin(angle), 5),
                    "lon": round(district.lon + distance * math.cos(angle) / 0.62, 5),
                }
            )
        out.append(
            {
                "name": district.name,
                "lat": district.lat,
                "lon": district.lon,
                "postcodes": list(district.postcodes),
                "weight": district.weight,
                "streets": streets,
            }
        )
    return {"_note": GAZETTEER_NOTE, "tenant": slug, "city": city, "bbox": list(bbox), "districts": out}


def gazetteer_json(slug: str) -> str:
    """The gazetteer as committed: one street per line."""
    document = build_gazetteer(slug)

    def dump(value: object) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = ["{"]
    for key in ("_note", "tenant", "city", "bbox"):
        lines.append(f"  {dump(key)}: {dump(document[key])},")
    lines.append('  "districts": [')
    districts = document["districts"]
    assert isinstance(districts, list)
    for d_index, district in enumerate(districts):
        head = {k: v for k, v in district.items() if k != "streets"}
        lines.append("    " + dump(head)[:-1] + ', "streets": [')
        streets = district["streets"]
        lines.extend(
            f"      {dump(street)}{',' if s_index < len(streets) - 1 else ''}"
            for s_index, street in enumerate(streets)
        )
        lines.append("    ]}" + ("," if d_index < len(districts) - 1 else ""))
    lines.extend(["  ]", "}"])
    text = "\n".join(lines) + "\n"
    assert json.loads(text) == document
    return text


def write_gazetteers(tenants_dir: Path) -> list[Path]:
    written = []
    for slug in GAZETTEER_SOURCES:
        path = tenants_dir / slug / "gazetteer.json"
        path.write_text(gazetteer_json(slug), encoding="utf-8")
        written.append(path)
    return written


# --- facilities ------------------------------------------------------------------------------------------


def _names(text: str) -> tuple[str, ...]:
    return tuple(" ".join(name.split()) for name in text.split(",") if name.strip())


TRAEGER_WEIGHTS = (
    ("staedtisch", 30),
    ("evangelisch", 17),
    ("katholisch", 17),
    ("awo", 8),
    ("drk", 5),
    ("paritaetisch", 10),
    ("elterninitiative", 9),
    ("sonstige", 4),
)
MOTIFS = _names(
    """
    Sonnenblume, Regenbogen, Pusteblume, Löwenzahn, Kunterbunt, Wirbelwind, Schatzkiste, Sternschnuppe,
    Zwergenland, Spatzennest, Marienkäfer, Arche Noah, Glühwürmchen, Wiesenzwerge, Rasselbande,
    Waldwichtel, Abenteuerland, Sonnenschein, Pfiffikus, Purzelbaum, Krümelkiste, Kleine Strolche,
    Wolkenschloss, Seepferdchen, Kastanienbaum, Bullerbü, Traumzauberbaum, Villa Kunterbunt, Farbklecks,
    Schneckenhaus, Entdeckerland, Zauberwald, Brummkreisel, Kleeblatt, Apfelbäumchen, Eichhörnchen,
    Sausewind, Kinderinsel, Mauseloch, Kinderburg
    """
)
SAINTS = _names(
    """
    St. Marien, St. Joseph, St. Laurentius, St. Antonius, Herz Jesu, St. Michael, St. Elisabeth, St.
    Konrad, Heilig Geist, St. Suitbertus, St. Remigius, St. Ludger, St. Hedwig, St. Martin
    """
)
MINDER_NAMES = _names(
    """
    Maus, Mäusenest, Kleine Hände, Zwergenstube, Krabbelkiste, Sonnenkinder, Bärenhöhle, Kuschelecke,
    Wichtelhaus, Spatzen, Igelkinder, Flohkiste, Zwergenbande, Schmetterling, Lausbuben, Kükennest,
    Marienkäfer, Sternchen, Hummelnest, Pünktchen, Krümelmonster, Wurzelkinder, Bienenkorb, Pantoffelheld,
    Nesthäkchen, Knirpse, Frechdachse, Wuselkiste, Glückskäfer, Purzelzwerge, Rabauken, Kleine Füße,
    Hasenbau, Entenküken, Sonnenstrahl, Regentropfen, Tausendfüßler, Kinderstube, Zaubermäuse, Fröschlein
    """
)
GROUP_COMBOS = (
    (("I", "II", "III"), 35),
    (("I", "III"), 25),
    (("II", "III"), 15),
    (("III",), 10),
    (("I",), 8),
    (("I", "II"), 4),
    (("II",), 3),
)
GROUP_AGES = {"I": (24, 72), "II": (0, 36), "III": (36, 72)}  # months; school entry at about 6 years
HOURS_COMBOS = (((25, 35, 45), 55), ((35, 45), 25), ((25, 35), 12), ((45,), 4), ((35,), 4))
KITA_TAGS = (
    ("inklusiv", 0.3),
    ("bewegung", 0.2),
    ("sprachfoerderung", 0.25),
    ("musik", 0.12),
    ("natur", 0.15),
    ("bilingual", 0.05),
    ("montessori", 0.04),
)
OTHER_LANGUAGES = _names(
    """
    Türkisch, Englisch, Arabisch, Polnisch, Russisch, Italienisch, Griechisch, Spanisch, Französisch,
    Kurdisch, Ukrainisch
    """
)
KITA_OPENING = (
    "Mo–Fr 7:00–16:30 Uhr",
    "Mo–Fr 7:30–16:00 Uhr",
    "Mo–Do 7:00–16:30 Uhr, Fr 7:00–14:00 Uhr",
    "Mo–Fr 7:15–17:00 Uhr",
    "Mo–Fr 7:00–15:00 Uhr",
)
MINDER_OPENING = (
    "Mo–Fr 7:30–14:00 Uhr",
    "Mo–Fr 8:00–16:00 Uhr",
    "Mo–Do 7:00–15:30 Uhr",
    "Mo–Fr 8:00–13:00 Uhr",
)
KITA_MEALS = (
    "Mittagessen aus eigener Küche",
    "Warmes Mittagessen vom Caterer",
    "Frühstück, Mittagessen und Nachmittagssnack; vegetarische Wahl",
    "Bio-Vollverpflegung aus eigener Küche",
    "Mittagessen, auch vegetarisch und ohne Schweinefleisch",
)
MINDER_MEALS = ("Frisch gekochtes Mittagessen", "Frühstück und Mittagessen", "Mittagessen, Obst und Snacks")


def _weighted(rng: random.Random, choices: Sequence[tuple[object, float]]) -> object:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def _months(today: dt.date, count: int = 12) -> list[dt.date]:
    """The first days of the `count` months after `today`'s month."""
    year, month = today.year, today.month
    out = []
    for _ in range(count):
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        out.append(dt.date(year, month, 1))
    return out


def _age_groups(age_min: int, age_max: int) -> list[str]:
    groups = []
    if age_min < 36:
        groups.append("u3")
    if age_max > 36:
        groups.append("ue3")
    return groups


def _free_places(
    rng: random.Random, today: dt.date, groups: Sequence[str], kita: bool, capacity: int
) -> tuple[FreePlace, ...]:
    """Free places per start month and age group; most are zero (and so not listed)."""
    out = []
    for month in _months(today):
        for group in groups:
            august = month.month == 8  # the Kita year starts on 1 August
            chance = (0.45 if august else 0.1) if kita else 0.18
            if rng.random() < chance:
                most = (6 if august else 2) if kita else min(2, capacity)
                out.append(FreePlace(month, group, rng.randint(1, max(1, most))))
    return tuple(out)


def _stamp(rng: random.Random, today: dt.date) -> dt.datetime:
    day = today - dt.timedelta(days=rng.randint(0, 34))
    return dt.datetime(
        day.year, day.month, day.day, rng.randint(6, 16), rng.choice((0, 15, 30, 45)), tzinfo=dt.UTC
    )


def _languages(rng: random.Random, bilingual: bool) -> tuple[str, ...]:
    others = []
    if bilingual:
        others.append(rng.choice(("Englisch", "Französisch", "Türkisch", "Italienisch")))
    if rng.random() < 0.4:
        others.extend(rng.sample(OTHER_LANGUAGES, rng.choice((1, 1, 2))))
    return ("Deutsch", *dict.fromkeys(others))


class _Spot:
    """Where a facility sits: a street of a district (or a city cluster), jittered."""

    def __init__(
        self, lat: float, lon: float, street: str, house_number: str, postcode: str, city: str, district: str
    ) -> None:
        self.lat, self.lon, self.street, self.house_number = lat, lon, street, house_number
        self.postcode, self.city, self.district = postcode, city, district


def _kita(
    rng: random.Random, number: int, slug: str, spot: _Spot, today: dt.date, names: set[str]
) -> FacilityInput:
    traeger = str(_weighted(rng, TRAEGER_WEIGHTS))
    forms = tuple(_weighted(rng, GROUP_COMBOS))  # type: ignore[arg-type]
    age_min = min(GROUP_AGES[g][0] for g in forms)
    age_max = max(GROUP_AGES[g][1] for g in forms)
    hours = tuple(_weighted(rng, HOURS_COMBOS))  # type: ignore[arg-type]
    capacity = max(40, min(120, 20 * len(forms) + rng.randrange(20, 61, 5)))
    tags = [tag for tag, chance in KITA_TAGS if rng.random() < chance]
    if rng.random() < (0.35 if traeger in {"staedtisch", "evangelisch", "katholisch", "awo"} else 0.1):
        tags.insert(0, "familienzentrum")
    motif = _fresh(rng, MOTIFS, names)
    if traeger == "sonstige" and rng.random() < 0.35:
        tags.append("waldkita")
        name, traeger_name = f"Waldkindergarten {motif}", f"Waldkinder {spot.city} e.V. (Demo)"
    elif traeger == "sonstige":
        if "montessori" not in tags:
            tags.append("montessori")
        name, traeger_name = f"Montessori-Kinderhaus {motif}", f"Montessori-Verein {spot.city} e.V. (Demo)"
    elif traeger == "staedtisch":
        name, traeger_name = (
            f"Städtische Kita {spot.street}",
            f"Stadt {spot.city} – Tageseinrichtungen für Kinder (Demo)",
        )
    elif traeger == "evangelisch":
        kind = "Ev. Familienzentrum" if "familienzentrum" in tags else "Ev. Kita"
        name, traeger_name = f"{kind} {motif}", f"Ev. Kirchengemeinde {spot.district} (Demo)"
    elif traeger == "katholisch":
        name, traeger_name = (
            f"Kath. Kita {_fresh(rng, SAINTS, names, 'Kath. Kita {}')}",
            f"Kath. Kita-Verbund {spot.city} (Demo)",
        )
    elif traeger == "awo":
        name, traeger_name = f"AWO-Kita {motif}", f"AWO Kreisverband {spot.city} (Demo)"
    elif traeger == "drk":
        name, traeger_name = f"DRK-Kita {motif}", f"DRK-Kreisverband {spot.city} (Demo)"
    elif traeger == "paritaetisch":
        name, traeger_name = (
            f"Kita {motif}",
            f"Kinderland {spot.district} e.V. – Mitglied im Paritätischen (Demo)",
        )
    else:
        name, traeger_name = f"Elterninitiative {motif}", f"Elternverein {motif} e.V. (Demo)"
    name = _unique(name, spot.district, names)
    tags = list(dict.fromkeys(tags))
    groups = _age_groups(age_min, age_max)
    return FacilityInput(
        external_id=f"demo-kita-{number:04d}",
        kind="kita",
        name=name,
        traeger_name=traeger_name,
        traeger_type=traeger,
        street=spot.street,
        house_number=spot.house_number,
        postcode=spot.postcode,
        city=spot.city,
        district=spot.district,
        lat=spot.lat,
        lon=spot.lon,
        age_min_months=age_min,
        age_max_months=age_max,
        group_forms=forms,
        hours_offered=hours,
        opening_hours=rng.choice(KITA_OPENING),
        capacity=capacity,
        concept_tags=tuple(tags),
        languages=_languages(rng, "bilingual" in tags),
        meals=rng.choice(KITA_MEALS),
        accessible=rng.random() < 0.4,
        phone=f"0000 {rng.randrange(10**6):06d}",
        email=f"kita-{number:04d}.{slug}@example.org",
        website=f"https://example.org/{slug}/kita-{number:04d}" if rng.random() < 0.5 else "",
        description=f"{FICTIONAL} {len(forms)} Gruppenform(en), {capacity} Plätze.",
        places_updated_at=_stamp(rng, today),
        free_places=_free_places(rng, today, groups, True, capacity),
    )


def _minder(
    rng: random.Random, number: int, slug: str, spot: _Spot, today: dt.date, names: set[str]
) -> FacilityInput:
    age_min = rng.choice((0, 0, 0, 4, 6, 12))
    age_max = 72 if rng.random() < 0.1 else 36
    capacity = rng.choice((3, 4, 5, 5, 5))
    tags = [
        tag
        for tag, chance in (("natur", 0.2), ("bewegung", 0.15), ("musik", 0.1), ("bilingual", 0.04))
        if rng.random() < chance
    ]
    nickname = _fresh(rng, MINDER_NAMES, names, "Kindertagespflege {} (Demo)")
    name = _unique(f"Kindertagespflege {nickname} (Demo)", spot.district, names)
    return FacilityInput(
        external_id=f"demo-ktp-{number:04d}",
        kind="tagespflege",
        name=name,
        traeger_name="Selbstständige Kindertagespflegeperson (Demo)",
        traeger_type="sonstige",
        street=spot.street,
        house_number=spot.house_number,
        postcode=spot.postcode,
        city=spot.city,
        district=spot.district,
        lat=spot.lat,
        lon=spot.lon,
        age_min_months=age_min,
        age_max_months=age_max,
        hours_offered=(rng.randrange(15, 46, 5),),
        opening_hours=rng.choice(MINDER_OPENING),
        capacity=capacity,
        concept_tags=tuple(tags),
        languages=_languages(rng, "bilingual" in tags),
        meals=rng.choice(MINDER_MEALS),
        accessible=rng.random() < 0.15,
        phone=f"0000 {rng.randrange(10**6):06d}",
        email=f"tagespflege-{number:04d}.{slug}@example.org",
        description=f"{FICTIONAL} Kindertagespflege mit bis zu {capacity} Kindern.",
        places_updated_at=_stamp(rng, today),
        free_places=_free_places(rng, today, _age_groups(age_min, age_max), False, capacity),
    )


def _fresh(rng: random.Random, options: Sequence[str], names: set[str], pattern: str = "") -> str:
    """A random option, preferring one whose name (`pattern` filled in) is not taken yet (a few tries)."""
    choice = rng.choice(options)
    for _ in range(4):
        if not pattern or pattern.format(choice) not in names:
            break
        choice = rng.choice(options)
    return choice


def _unique(name: str, district: str, names: set[str]) -> str:
    """`name`, else "name district", else "name district 2" …; a " (Demo)" suffix stays at the end."""
    suffix = " (Demo)" if name.endswith(" (Demo)") else ""
    base = name.removesuffix(suffix)
    candidates = [base, f"{base} {district}"]
    candidate = next((c for c in candidates if c + suffix not in names), None)
    counter = 2
    while candidate is None:
        if f"{base} {district} {counter}{suffix}" not in names:
            candidate = f"{base} {district} {counter}"
        counter += 1
    names.add(candidate + suffix)
    return candidate + suffix


def _shares(total: int, weights: Sequence[float]) -> list[int]:
    """`total` split by `weights` (largest remainder), so the counts add up exactly."""
    raw = [total * w / sum(weights) for w in weights]
    counts = [math.floor(r) for r in raw]
    for index in sorted(range(len(raw)), key=lambda i: raw[i] - counts[i], reverse=True)[
        : total - sum(counts)
    ]:
        counts[index] += 1
    return counts


def _district_spot(rng: random.Random, gazetteer: Gazetteer, district: GazetteerDistrict) -> _Spot:
    street = rng.choice(district.streets) if district.streets else None
    lat, lon = (street.lat, street.lon) if street else (district.lat, district.lon)
    south, west, north, east = gazetteer.bbox
    lat = min(max(lat + rng.gauss(0, 0.0012), south), north)
    lon = min(max(lon + rng.gauss(0, 0.0018), west), east)
    return _Spot(
        round(lat, 6),
        round(lon, 6),
        street.name if street else "",
        str(rng.randint(1, 140)) + ("a" if rng.random() < 0.08 else ""),
        rng.choice(district.postcodes) if district.postcodes else "",
        gazetteer.city,
        district.name,
    )


def generate(
    tenant_slug: str, gazetteer: Gazetteer, n_kitas: int, n_minders: int, seed: int, today: dt.date
) -> list[FacilityInput]:
    """Fictional Kitas and child-minders spread over the gazetteer's districts (by weight), near its
    streets. Free places start the month after `today`."""
    rng = random.Random(seed)  # noqa: S311 - deterministic demo data
    weights = [d.weight for d in gazetteer.districts]
    names: set[str] = set()
    out: list[FacilityInput] = []
    for kind, total in (("kita", n_kitas), ("tagespflege", n_minders)):
        number = 0
        for district, count in zip(gazetteer.districts, _shares(total, weights), strict=True):
            for _ in range(count):
                number += 1
                spot = _district_spot(rng, gazetteer, district)
                make = _kita if kind == "kita" else _minder
                out.append(make(rng, number, tenant_slug, spot, today, names))
    return out


# Cities for the benchmark data: "name lat lon population-in-thousands", separated by ";".
_CITY_TABLE = """
    Berlin 52.52 13.405 3700; Hamburg 53.551 9.994 1900; München 48.137 11.575 1500;
    Köln 50.938 6.96 1080; Frankfurt am Main 50.11 8.682 760; Stuttgart 48.776 9.183 630;
    Düsseldorf 51.228 6.774 620; Leipzig 51.34 12.375 600; Dortmund 51.514 7.466 590;
    Essen 51.456 7.012 580; Bremen 53.079 8.802 570; Dresden 51.05 13.738 560; Hannover 52.376 9.732 540;
    Nürnberg 49.452 11.077 520; Duisburg 51.434 6.762 500; Bochum 51.482 7.216 365;
    Wuppertal 51.256 7.15 355; Bielefeld 52.03 8.532 335; Bonn 50.737 7.098 330;
    Münster 51.961 7.626 320; Mannheim 49.488 8.466 315; Karlsruhe 49.007 8.404 305;
    Augsburg 48.37 10.898 300; Wiesbaden 50.078 8.24 280; Mönchengladbach 51.185 6.442 260;
    Gelsenkirchen 51.518 7.086 260; Aachen 50.776 6.084 250; Braunschweig 52.269 10.527 250;
    Kiel 54.323 10.123 245; Chemnitz 50.828 12.921 245; Halle (Saale) 51.483 11.97 240;
    Magdeburg 52.121 11.628 237; Freiburg 47.999 7.842 232; Krefeld 51.339 6.586 227;
    Mainz 49.993 8.247 220; Lübeck 53.866 10.687 216; Erfurt 50.978 11.029 214;
    Oberhausen 51.496 6.863 210; Rostock 54.092 12.099 210; Kassel 51.312 9.48 200;
    Hagen 51.367 7.463 188; Potsdam 52.391 13.064 185; Saarbrücken 49.235 6.997 180;
    Hamm 51.681 7.817 180; Ludwigshafen 49.477 8.445 172; Oldenburg 53.143 8.214 170;
    Osnabrück 52.279 8.047 165; Leverkusen 51.046 7.004 164; Heidelberg 49.398 8.672 160;
    Darmstadt 49.873 8.651 160; Solingen 51.171 7.083 160; Regensburg 49.013 12.102 155;
    Würzburg 49.791 9.953 128; Göttingen 51.541 9.916 118; Trier 49.75 6.637 111; Jena 50.927 11.586 110;
    Cottbus 51.756 14.333 98; Schwerin 53.635 11.401 96; Flensburg 54.784 9.437 92;
    Konstanz 47.66 9.175 86; Passau 48.575 13.46 53; Görlitz 51.153 14.987 56;
    Stralsund 54.309 13.082 59; Iserlohn 51.376 7.696 92; Siegen 50.874 8.024 102; Fulda 50.555 9.68 69
"""
CITIES = tuple(
    (name, float(lat), float(lon), int(pop))
    for name, lat, lon, pop in (" ".join(entry.split()).rsplit(" ", 3) for entry in _CITY_TABLE.split(";"))
)
_BENCH_STREETS = _names(
    """
    Hauptstraße, Schulstraße, Gartenstraße, Bahnhofstraße, Dorfstraße, Bergstraße, Lindenstraße,
    Kirchstraße, Waldstraße, Ringstraße, Mühlenweg, Am Markt, Goethestraße, Schillerstraße
    """
)


def generate_scaled(n: int, seed: int, today: dt.date) -> list[FacilityInput]:
    """`n` fictional facilities (about 2/3 Kitas) for the benchmark tenant "bench": clustered around German
    cities by population, a tenth scattered over the country; every point inside Germany's bounding box."""
    rng = random.Random(seed)  # noqa: S311 - deterministic demo data
    south, west, north, east = GERMANY_BBOX
    weights = [pop**0.9 for *_, pop in CITIES]
    names: set[str] = set()
    out: list[FacilityInput] = []
    kitas = minders = 0
    for _ in range(n):
        name, lat0, lon0, pop = CITIES[rng.choices(range(len(CITIES)), weights=weights)[0]]
        sigma = 0.015 + 0.0009 * math.sqrt(pop)  # ~2 km for small towns, ~7 km for Berlin
        if rng.random() < 0.1:  # rural: anywhere around the city within ~40 km
            sigma = 0.25
        while True:
            lat = rng.gauss(lat0, sigma)
            lon = rng.gauss(lon0, sigma / 0.62)
            if south + 0.1 <= lat <= north - 0.1 and west + 0.1 <= lon <= east - 0.1:
                break
        spot = _Spot(
            round(lat, 6),
            round(lon, 6),
            rng.choice(_BENCH_STREETS),
            str(rng.randint(1, 200)),
            f"{rng.randint(1, 99):02d}{rng.randint(0, 999):03d}",
            name,
            name,
        )
        if rng.random() < 0.66:
            kitas += 1
            row = _kita(rng, kitas, BENCH_TENANT, spot, today, names)
            row = _renumber(row, f"bench-kita-{kitas:06d}")
        else:
            minders += 1
            row = _minder(rng, minders, BENCH_TENANT, spot, today, names)
            row = _renumber(row, f"bench-ktp-{minders:06d}")
        out.append(row)
    return out


def _renumber(row: FacilityInput, external_id: str) -> FacilityInput:
    return msgspec.structs.replace(row, external_id=external_id)


# --- loading ---------------------------------------------------------------------------------------------


def tenant_seed(slug: str) -> int:
    return zlib.crc32(slug.encode())


async def load_sample(tenant: Tenant, today: dt.date) -> ImportSummary:
    """Upsert the tenant's sample facilities (demo tenants with a gazetteer.json); idempotent for a day."""
    path = tenant.path / "gazetteer.json"
    if not path.is_file():
        return ImportSummary(notes=[f"{tenant.slug}: kein gazetteer.json, keine Beispiel-Einrichtungen"])
    n_kitas, n_minders = SAMPLE_SIZES.get(tenant.slug, DEFAULT_SIZE)
    rows = generate(tenant.slug, load_gazetteer(path), n_kitas, n_minders, tenant_seed(tenant.slug), today)
    return await upsert_facilities(tenant.slug, rows)


def main(argv: list[str] | None = None) -> int:
    from server.settings import ROOT

    parser = argparse.ArgumentParser(
        prog="python -m server.facilities.sample", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--write-gazetteers", action="store_true", help="rewrite the demo tenants' gazetteer.json"
    )
    parser.add_argument(
        "--load-scaled", type=int, metavar="N", help="load N benchmark facilities into the database"
    )
    parser.add_argument("--tenant", default=BENCH_TENANT, help="tenant for --load-scaled (default: bench)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.write_gazetteers:
        for path in write_gazetteers(ROOT / "server" / "tenants" / "data"):
            print(f"wrote {path}")
    if args.load_scaled:
        from server.db import bind
        from server.settings import Settings

        bind(Settings.from_env())
        started = time.monotonic()
        rows = generate_scaled(args.load_scaled, args.seed, dt.date.today())
        generated = time.monotonic()
        summary = asyncio.run(upsert_facilities(args.tenant, rows))
        print(
            f"{args.tenant}: {len(rows)} generated in {generated - started:.1f} s, upserted in "
            f"{time.monotonic() - generated:.1f} s: {summary.created} new, {summary.updated} changed, "
            f"{summary.unchanged} unchanged"
        )
    if not (args.write_gazetteers or args.load_scaled):
        parser.print_help()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The crisis-line data: every field, honest provenance, and every number checked
against an independent oracle, libphonenumber's metadata (the phonenumbers
package), which knows each region's emergency and short numbers."""

from __future__ import annotations

import datetime as dt
import re

import phonenumbers
import pycountry
import pytest
from phonenumbers import PhoneMetadata, shortnumberinfo

from server.places.crisis_lines import (
    OTHER,
    CrisisLine,
    country_choices,
    country_from_accept_language,
    help_for,
    last_reviewed,
    published_on,
    raw_data,
)

# The lines the content brief lists ("Safety plan cards"), as far as the evidence
# rule allows: New Zealand's 1737 waits, because no stored page published since
# 2024-12-06 gives its digits (docs/crisis-lines-review-2026-12-06/); its emergency
# number stays. Other lines may be added.
BRIEF = {
    "US": ("911", {("988", "call"), ("988", "text")}),
    "CA": ("911", {("988", "call"), ("988", "text")}),
    "GB": ("999", {("116 123", "call")}),
    "IE": ("112", {("116 123", "call")}),
    "AU": ("000", {("13 11 14", "call")}),
    "NZ": ("111", set()),
}
# The kinds of publisher whose pages count, and the sites whose pages never do.
PAGE_TYPES = {"government", "health-service", "news", "service"}
NEVER_EVIDENCE = re.compile(
    r"findahelpline|progress\.guide|befrienders|iasp\.info|wikipedia\.org|"
    r"pastebin|gist\.github|github\.com|citiesinsider|calendarz|docslib",
    re.I,
)
MENU_WORDS = re.compile(r"\b(press|option|opci[oó]n|marca|pulsa|dial \d)\b", re.I)

# Numbers the metadata does not know (phonenumbers 9.0.43: not a valid number nor a
# short number of its region), each with the publishers of the pages in its entry that
# give it digit for digit. Anything else failing the oracle fails this test.
ALLOWED_UNKNOWN_LINES: dict[tuple[str, str], str] = {
    ("BR", "188"): "Claudia (Abril); Maringá Mais; Repórter Diário; Rio Vale Jornal",
    ("CL", "*4141"): "BioBioChile; La Tercera; Radio Polar",
    (
        "CL",
        "1455",
    ): "Ministerio de la Mujer y la Equidad de Género; Radio Universidad de Chile; Regiones Noticias",
    (
        "DE",
        "116 016",
    ): "Bayerischer Rundfunk; Evangelische Zeitung; Hilfetelefon Gewalt gegen Frauen (BAFzA); SAT.1 REGIONAL; Stadt Neubrandenburg",
    ("DO", "811"): "Diario Libre; El Jacagüero; Hoy",
    ("EC", "171"): "El Heraldo (Ambato); Expreso; Teleamazonas",
    ("GR", "10306"): "ANT1 News; Reader.gr; Virus.com.gr",
    ("GR", "1018"): "Reader.gr; Τα Νέα",
    (
        "GR",
        "1056",
    ): "Flash.gr; The Smile of the Child (press release on Global Sustain); Timeline.gr; Ελευθερία (Καλαμάτα)",
    (
        "GR",
        "15900",
    ): "Dnews.gr; SKAI (ΑΠΕ-ΜΠΕ interview); Δικηγορικός Σύλλογος Θεσσαλονίκης (reposting the General Secretariat for Gender Equality notice)",
    ("GY", "915"): "Guyana Chronicle; Guyana Times; Hypa Vybz",
    ("HK", "18111"): "HK01; South China Morning Post; news.gov.hk (HKSAR Government)",
    ("ID", "129"): "IDN Times; Kontan; tvOne News (Antara)",
    ("JP", "#8008"): "Livedoor News; Government of Japan (Cabinet Office)",
    ("IL", "118"): "Arutz Sheva; NRG Maariv; i24NEWS",
    ("IN", "14416"): "Mint; The Hawk (IANS); The Indian Awaaz",
    (
        "KR",
        "109",
    ): "Hankook Ilbo; Ministry of Health and Welfare (press release, Seoul Shinmun PR service); Newspim",
    ("LV", "116123"): "Baltijas balss (BB.LV); Jauns.lv; Ziemeļlatvija (zz.lv)",
    ("NA", "116"): "Namibian Broadcasting Corporation; Windhoek Express",
    ("NA", "106"): "Namibian Broadcasting Corporation; Windhoek Express",
    ("NL", "113"): "NRC; NU.nl; upday (ANP)",
    ("PA", "147"): "Día a Día; Eco TV; Telemetro",
    ("PE", "113"): "Infobae; Panamericana Televisión; TV Perú (El Peruano)",
    ("PE", "100"): "Exitosa Noticias; Infobae; Panamericana Televisión",
    (
        "PH",
        "1553",
    ): "Manila Bulletin; Manila Standard; Philippine Daily Inquirer; SunStar (Philippine News Agency story)",
    ("PT", "1411"): "Echo Boomer; RTP; SAPO 24 Notícias; Vila TV",
    (
        "RE",
        "3114",
    ): "CoDES 06 (Comité départemental d'éducation pour la santé des Alpes-Maritimes); France Télévisions (Réunion La 1ère); Imaz Press Réunion; Linfo.re",
    (
        "RU",
        "124",
    ): "Администрация Татищевского района (Саратовская обл.); Известия Саратов (izvestia64.ru)",
    (
        "TW",
        "1925",
    ): "Kaohsiung Municipal Kai-Syuan Psychiatric Hospital; United Daily News",
    ("UA", "2345"): "Телеграф (telegraf.in.ua); Українська правда. Життя",
    ("UY", "*0767"): "JBC de Piriápolis; Montevideo Portal; Subrayado",
    (
        "YT",
        "3114",
    ): "ARS Mayotte; CoDES 06 (Comité départemental d'éducation pour la santé des Alpes-Maritimes); Linfo.re",
    (
        "ZA",
        "116",
    ): "Asambeni Times; Lowvelder (Caxton); The South African; Vuk'uzenzele (Government Communication and Information System)",
    ("ZM", "933"): "LifeLine International; Lifeline/Childline Zambia; UNICEF Zambia",
    ("ZM", "116"): "LifeLine International; Lifeline/Childline Zambia; UNICEF Zambia",
}
# Emergency numbers newer than (or missing from) the metadata, each with the page
# that gives it (see the entry's source and comment).
ALLOWED_UNKNOWN_EMERGENCY: dict[tuple[str, str], str] = {
    ("AO", "116"): "INEMA medical-emergency line (banda.sapo.ao)",
    ("AO", "111"): "replaced police line 113 in 2020 (novojornal, sapo.pt)",
    ("BL", "15"): "French SAMU; la1ere names SAMU 15 serving Saint-Barthélemy",
    ("BL", "17"): "French police number (sdis04, la1ere)",
    ("CD", "112"): "Kinshasa police emergency line (MONUSCO)",
    ("CF", "1212"): "SAMU, 2025 list of free 24h numbers (ndjonisango)",
    ("CM", "119"): "number to call for the injured / SAMU (actucameroun)",
    ("CM", "118"): "Douala fire brigade (armellesitchoma 2023)",
    ("CV", "112"): "single national emergency number (governo.cv)",
    ("FJ", "910"): "National Fire Authority toll-free line (fbcnews, fijivillage)",
    ("GA", "177"): "police secours (union.sonapresse)",
    ("GH", "112"): "single emergency number since Jan 2020 (citinewsroom, bestnewsgh)",
    (
        "GN",
        "117",
    ): "police green number, tested Sept 2024 (guinee360); oracle has no GN data",
    ("GN", "18"): "fire brigade, tested Sept 2024 (guinee360); oracle has no GN data",
    ("GT", "122"): "Bomberos Voluntarios (emisorasunidas Dec 2025)",
    ("HN", "911"): "national 911 system since 2016 (elheraldo)",
    ("IQ", "911"): "unified number since 9 Jan 2025 (ultrairaq, alsabaah)",
    (
        "KP",
        "110",
    ): "fire and emergency report number (dprkhealth/JoongAng 2023; Korea NFA via wowtv 2018)",
    (
        "LA",
        "1195",
    ): "ambulance, Vientiane EMS command centre 2023 (hosp.tsukuba, jclao)",
    ("LA", "1191"): "police hotline (chinagate/Xinhua 2016, laotiantimes 2019)",
    ("LA", "1190"): "fire (laotiantimes 2019)",
    ("LB", "125"): "Civil Defense (lbcgroup)",
    ("LK", "1990"): "Suwa Seriya free ambulance (island.lk 2023, pulse.lk)",
    ("LY", "1515"): "police number per Chinese embassy (2022, 2023)",
    ("MM", "192"): "medical emergency per Chinese embassy (2022, Mar 2025)",
    ("MM", "191"): "Fire Services Department hotline (gnlm)",
    ("NF", "000"): "Norfolk Island uses Australia's 000 (norfolkonlinenews 2022, 2025)",
    (
        "NG",
        "112",
    ): "national toll-free emergency number (technologytimes, nigerianeye, BBC Pidgin)",
    ("PA", "104"): "Policía Nacional (panamaamerica)",
    ("PA", "103"): "Bomberos (panamaamerica, metrolibre 2025)",
    ("PE", "106"): "SAMU (infobae Jan 2026, radionacional)",
    ("PG", "112"): "police emergency number being rolled out (NBC 2025, NICTA)",
    ("PY", "141"): "SEME ambulances (rdn.com.py 2026, launion)",
    ("PY", "132"): "volunteer fire brigade (rdn.com.py 2026)",
    ("RS", "194"): "Hitna pomoć; 112 not yet integrated (kurir.rs, ta112srb.rs)",
    ("RS", "192"): "police (kurir.rs)",
    ("RS", "193"): "fire (kurir.rs, naslovi/RTS 2024)",
    ("RW", "912"): "ambulance line listed among police toll-free lines (newtimes)",
    ("SB", "911"): "St John Ambulance (sbm.sb MHMS 2021, myworld.health)",
    ("SL", "117"): "reached the national ambulance service (allinterestmedia 2023)",
    ("SS", "777"): "Juba police emergency call centre (radiotamazuj)",
    ("SS", "122"): "Juba police 24h number (eyeradio 2022)",
    ("SV", "132"): "SEM medical emergencies (elmundo, croniosv 2025)",
    ("SX", "911"): "police emergency hotline (721news, sxm-talks)",
    ("SZ", "977"): "EMS toll-free (Times of Eswatini 2024, sent.dm)",
    ("SZ", "933"): "fire (sent.dm)",
    ("UG", "112"): "police line for mobiles (howwebiz, kfm)",
    ("UZ", "112"): "unified dispatch, all regions since 2024 (xs.uz, kun.uz)",
    (
        "YT",
        "18",
    ): "fire brigade; ARS says call 18 when 15 fails (lejournaldemayotte 2025)",
    ("YT", "17"): "French police number (sdis04)",
}

# ISO 3166-1 places with nobody living there (at most staff on rotation) and no
# public emergency service.
UNINHABITED = {"AQ", "BV", "HM", "GS", "TF", "UM"}
# Places where no published page we read gave a number. The page says so plainly
# rather than show a number nobody confirmed; each is work for the next review.
# Where libphonenumber knows a number (Gambia, Lesotho, Tuvalu and others), that
# number is shown instead (`oracle = true`).
UNCONFIRMED = {"GQ", "IO", "PN", "TK"}

LINE_FIELDS = {
    "name", "gloss", "number", "kind", "option", "keyword", "hours", "cost",
    "languages", "audience", "topic", "pages", "reviewed", "confirmed_by_person",
}  # fmt: skip
SERVICES = {"all", "ambulance", "fire", "police", "emergency"}
TODAY = dt.date.today()


def lines() -> list[tuple[str, dict]]:  # type: ignore[type-arg]
    return [(code, line) for code, ls in raw_data()["lines"].items() for line in ls]


def https(url: str) -> bool:
    return bool(re.fullmatch(r"https://[a-z0-9.-]+\.[a-z]{2,}(/\S*)?", url, re.I))


def two_years_before(day: dt.date) -> dt.date:
    return day.replace(year=day.year - 2, day=min(day.day, 28))


def test_every_line_has_every_field() -> None:
    for code, line in lines():
        assert set(line) - {"note"} == LINE_FIELDS, (code, line)
        assert line["kind"] in {"call", "text"}, line
        assert line["topic"] in {"crisis", "abuse"}, line
        assert re.fullmatch(r"[*+#]?[0-9][0-9 \-]*", line["number"]), line
        assert re.fullmatch(r"[0-9]?", line["option"]), line
        assert not (line["option"] and line["kind"] == "text"), line
        if line["keyword"]:
            assert line["kind"] == "text" and re.fullmatch(
                r"[A-Za-z0-9]+", line["keyword"]
            )
        assert line["cost"] in {"", "free"}, line
        assert all(re.fullmatch(r"[a-z]{2,3}", lang) for lang in line["languages"])
        assert isinstance(line["reviewed"], dt.date) and line["reviewed"] <= TODAY
        # Filled only by a person who called or read the live page: never by us.
        assert line["confirmed_by_person"] == "", line
        # A name in another script carries a gloss a reader can read.
        assert (
            line["gloss"]
            or line["name"].isascii()
            or re.search(r"[A-Za-zÀ-ɏ]", line["name"])
        ), (code, line["name"])


def test_every_line_rests_on_two_publishers_one_within_two_years() -> None:
    """The evidence rule: two pages from different publishers give the digits, at
    least one of them published within 24 months of the comparison."""
    for code, line in lines():
        pages = line["pages"]
        name = f"{code} {line['name']} {line['number']}"
        assert len({page["publisher"] for page in pages}) >= 2, name
        assert len({page["url"] for page in pages}) == len(pages), name
        for page in pages:
            # As stored: a few pages were only kept at http:// addresses.
            assert https(page["url"].replace("http://", "https://", 1)), (name, page)
            assert not NEVER_EVIDENCE.search(page["url"]), (name, page["url"])
            assert page["type"] in PAGE_TYPES, (name, page)
            assert page["publisher"].strip(), (name, page)
            if isinstance(page.get("published"), str):  # only its month or year
                assert re.fullmatch(r"20\d\d(-[01]\d)?", page["published"]), name
            if "published" in page:
                assert published_on(page["published"]) <= line["reviewed"], name
        recent = two_years_before(line["reviewed"])
        assert any(
            (published_on(page.get("published")) or dt.date.min) >= recent
            for page in pages
        ), f"{name}: no page published since {recent}"


def test_a_menu_option_is_data_never_words_in_a_name_or_note() -> None:
    for code, line in lines():
        for field in ("name", "note", "hours", "audience"):
            assert not MENU_WORDS.search(line.get(field, "")), (code, field, line)


def test_general_lines_come_before_lines_for_particular_people() -> None:
    for code, found in raw_data()["lines"].items():
        topics = [line["topic"] for line in found]
        assert topics == sorted(topics, key=lambda topic: topic == "abuse"), code
        audiences = [line["audience"] for line in found if line["topic"] == "crisis"]
        if "" in audiences:
            assert audiences[0] == "", code


def test_every_line_is_a_number_its_region_knows() -> None:
    unknown = {}
    for code, line in lines():
        number = phonenumbers.parse(line["number"], code)
        if not (
            phonenumbers.is_valid_number(number)
            or shortnumberinfo.is_valid_short_number_for_region(number, code)
        ):
            unknown[(code, line["number"])] = line["name"]
    assert set(unknown) == set(ALLOWED_UNKNOWN_LINES), unknown


def test_every_country_has_its_emergency_numbers_checked_by_the_oracle() -> None:
    emergency = raw_data()["emergency"]
    iso = {country.alpha_2 for country in pycountry.countries}
    assert set(emergency) == iso
    unknown = {}
    for code, entry in emergency.items():
        assert https(entry["source"]), code
        assert isinstance(entry["reviewed"], dt.date) and entry["reviewed"] <= TODAY
        if not entry["numbers"]:
            if code in UNINHABITED:
                assert "uninhabited" in entry["note"], code
            else:
                assert code in UNCONFIRMED and entry["note"], code
            continue
        for number in entry["numbers"]:
            assert set(number["services"]) <= SERVICES and number["services"], code
            # A service is named only from a page; the oracle says no more than
            # "an emergency number".
            assert ("emergency" in number["services"]) == entry.get("oracle", False)
            if not shortnumberinfo.is_emergency_number(number["number"], code):
                assert not entry.get("oracle"), code
                unknown[(code, number["number"])] = number["services"]
                # One page does not overrule the oracle: two pages give it (where
                # the oracle knows nothing of the region, there is nothing to overrule).
                metadata = PhoneMetadata.short_metadata_for_region(code)
                if metadata is not None and metadata.emergency is not None:
                    assert entry.get("corroborated_by"), (code, number["number"])
    assert set(unknown) == set(ALLOWED_UNKNOWN_EMERGENCY), unknown


def test_where_the_oracle_knows_a_number_a_place_is_never_left_without_one() -> None:
    for code, entry in raw_data()["emergency"].items():
        if not entry["numbers"] and code not in UNINHABITED:
            metadata = PhoneMetadata.short_metadata_for_region(code)
            assert metadata is None or metadata.emergency is None, code


SPANISH_SPEAKING = (
    ["ES", "MX", "CO", "AR", "PE", "VE", "CL", "EC", "GT", "CU", "BO", "DO", "HN", "PY", "SV", "NI", "CR", "PA", "UY"]
)  # fmt: skip
# The populous countries and the EU/EEA, as issue 25 lists them.
POPULOUS_AND_EU = [
    "US",
    "CA",
    "MX",
    "BR",
    "AR",
    "CO",
    "CL",
    "PE",
    "GB",
    "IE",
    "FR",
    "DE",
    "ES",
    "IT",
    "PT",
    "NL",
    "BE",
    "LU",
    "AT",
    "CH",
    "PL",
    "CZ",
    "SK",
    "HU",
    "RO",
    "BG",
    "GR",
    "HR",
    "SI",
    "SE",
    "NO",
    "DK",
    "FI",
    "IS",
    "EE",
    "LV",
    "LT",
    "MT",
    "CY",
    "AU",
    "NZ",
    "JP",
    "KR",
    "CN",
    "TW",
    "HK",
    "SG",
    "MY",
    "PH",
    "ID",
    "TH",
    "VN",
    "IN",
    "PK",
    "BD",
    "LK",
    "ZA",
    "NG",
    "KE",
    "GH",
    "EG",
    "MA",
    "TR",
    "IL",
    "SA",
    "AE",
    "UA",
    "RU",
]
# Floors under the evidence rule of 2026-12-06 (these only go up): countries with a
# line for everyone, within each list, and countries with an abuse line.
MIN_GENERAL = {"all": 57, "spanish": 11, "populous": 36}
MIN_ABUSE_COUNTRIES = 32


def countries_with(topic: str, for_everyone: bool) -> set[str]:
    return {
        code
        for code, found in raw_data()["lines"].items()
        if any(
            line["topic"] == topic and not (for_everyone and line["audience"])
            for line in found
        )
    }


def test_the_countries_with_a_line_never_go_down(
    capsys: pytest.CaptureFixture[str],
) -> None:
    general = countries_with("crisis", for_everyone=True)
    abuse = countries_with("abuse", for_everyone=False)
    counts = {
        "all": len(general),
        "spanish": len(general & set(SPANISH_SPEAKING)),
        "populous": len(general & set(POPULOUS_AND_EU)),
    }
    assert len(POPULOUS_AND_EU) == 68 and len(SPANISH_SPEAKING) == 19
    with capsys.disabled():
        print(
            f"\nA line for everyone: {counts['all']} countries; "
            f"{counts['spanish']} of 19 Spanish-speaking; "
            f"{counts['populous']} of 68 populous and EU/EEA. "
            f"Abuse lines: {len(abuse)} countries."
        )
    for key, floor in MIN_GENERAL.items():
        assert counts[key] >= floor, (key, counts[key])
    assert len(abuse) >= MIN_ABUSE_COUNTRIES, sorted(abuse)


def test_the_briefs_lines_are_there() -> None:
    for code, (emergency, wanted) in BRIEF.items():
        found = help_for(code)
        assert found is not None
        assert found.emergency[0].number == emergency, code
        have = {(line.digits, line.kind) for line in found.lines}
        assert {(n.replace(" ", ""), kind) for n, kind in wanted} <= have, code


def test_emergency_numbers_are_each_countrys_own() -> None:
    japan, brazil, india = help_for("JP"), help_for("BR"), help_for("IN")
    assert japan and {"119", "110"} <= {n.number for n in japan.emergency}
    assert brazil and {"192", "190"} <= {n.number for n in brazil.emergency}
    assert india and "112" in {n.number for n in india.emergency}
    assert help_for("AU").emergency[0].number == "000"  # type: ignore[union-attr]


def test_links_are_one_tap_and_say_what_they_do() -> None:
    samaritans = help_for("GB").lines[0]  # type: ignore[union-attr]
    assert samaritans.href == "tel:116123" and samaritans.action == "Call 116 123"
    text = CrisisLine(
        name="Text line",
        number="88788",
        kind="text",
        keyword="START",
        hours="",
        cost="",
        languages=("en",),
        audience="",
        note="",
        pages=(),
        reviewed=dt.date(2026, 12, 6),
        confirmed_by_person="",
    )
    assert text.href == "sms:88788?&body=START"
    assert text.action == "Text START to 88788"


def test_a_menu_option_is_said_the_same_way_everywhere() -> None:
    ecuador = help_for("EC")
    assert ecuador is not None
    (line,) = [line for line in ecuador.lines if line.option]
    assert line.action == "Call 171, then press 6"
    assert line.named_action.endswith(", 171, then press 6")
    assert line.href == "tel:171"  # the option is pressed once the call connects


def test_a_short_dial_with_a_hash_is_a_working_link() -> None:
    japan = help_for("JP")
    assert japan is not None
    (navi,) = [line for line in japan.abuse_lines if line.number == "#8008"]
    assert navi.href == "tel:%238008" and navi.id == "h8008-call"


def test_every_country_can_be_chosen_by_name_in_order() -> None:
    choices = country_choices()
    assert choices[-1] == (OTHER, "Somewhere else")
    names = [name for _, name in choices[:-1]]
    assert len(names) == len(pycountry.countries)
    assert names.index("Åland Islands") < names.index("Albania") < names.index("Zambia")
    assert ("DE", "Germany") in choices and ("JP", "Japan") in choices


def test_the_last_review_date_is_the_datas_own() -> None:
    dates = [line["reviewed"] for _, line in lines()]
    assert last_reviewed() == max(
        dates + [e["reviewed"] for e in raw_data()["emergency"].values()]
    )


@pytest.mark.parametrize(
    ("header", "country"),
    [
        ("en-GB,en;q=0.9", "GB"),
        ("fr-CA", "CA"),
        ("zh-Hant-TW", "TW"),
        ("en", ""),
        ("", ""),
        # By the weights the browser gives, not the order it writes them in.
        ("fr-CA;q=0.4, en-GB", "GB"),
        ("en-GB;q=0, fr-CA", "CA"),
        ("*, es-419, es-MX;q=0.8", "MX"),
    ],
)
def test_the_browser_language_region_is_a_guess(header: str, country: str) -> None:
    assert country_from_accept_language(header) == country


def a_line(name: str, languages: tuple[str, ...], audience: str = "") -> CrisisLine:
    return CrisisLine(
        name=name,
        number="988",
        kind="call",
        keyword="",
        hours="24/7",
        cost="free",
        languages=languages,
        audience=audience,
        note="",
        pages=(),
        reviewed=dt.date(2026, 12, 6),
        confirmed_by_person="",
    )


def test_a_line_in_the_readers_own_language_comes_first() -> None:
    """A line or option for speakers of the reader's language (988's Spanish option,
    when its pages pass the rule) before the general line; never for others."""
    from server.places.crisis_lines import CountryHelp
    from server.web.i18n import speaking

    general = a_line("Lifeline", ("en",))
    spanish = a_line("Lifeline (Spanish)", ("es",), audience="Spanish speakers")
    help = CountryHelp("US", (), "", "", (general, spanish))
    with speaking("es"):
        assert help.lines_for_reader == (spanish, general)
        assert help.first_line == spanish
    with speaking("en"):
        assert help.lines_for_reader == (general, spanish)
        assert help.first_line == general


def test_a_line_for_particular_people_never_comes_before_everyones() -> None:
    """The veterans' line answers in English too: an English reader in the US sees
    the line for everyone first (it came first before)."""
    from server.places.crisis_lines import CountryHelp
    from server.web.i18n import speaking

    general = a_line("988 Lifeline", ("en",))
    veterans = a_line("Veterans Crisis Line", ("en",), audience="veterans")
    help = CountryHelp("US", (), "", "", (general, veterans))
    with speaking("en"):
        assert help.lines_for_reader == (general, veterans)
        assert help.first_line == general
    us = help_for("US")
    assert us is not None
    for language in ("en", "es"):
        with speaking(language):
            assert not us.lines_for_reader[0].audience, language

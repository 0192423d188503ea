"""TimeBank conventions that a one-timex table row cannot express (what is *not* tagged next to what is)."""

from __future__ import annotations

from datetime import date

from dateline.temporal import tag


def test_that_day_needs_a_day_in_the_story() -> None:
    got = [(t.text, t.value) for t in tag("In 1987, market makers lost money on trades made that day.",
                                          date(1989, 10, 30))]
    assert got == [("1987", "1987")]


def test_that_day_follows_a_named_day() -> None:
    got = {t.text: t.value for t in tag("On Oct. 13, stocks fell. Trades made that day lost money.",
                                        date(1989, 10, 30))}
    assert got["that day"] == "1989-10-13"


def test_day_before_an_event_is_not_a_date() -> None:
    got = [t.text for t in tag("He was last seen Nov. 3, the day before authorities issued a warrant.",
                               date(1998, 11, 21))]
    assert got == ["Nov. 3"]


def test_rate_year_before_ago_still_tagged() -> None:
    text = "Sales rose to $5 million from $4 million a year ago."
    got = {t.text: t.value for t in tag(text, date(1989, 10, 26))}
    assert got["a year ago"] == "1988"


CHRONOLOGY = """2010 14 August Assange invited to Stockholm to address a seminar.
17 August Assange meets a woman he met at the seminar on 14 August .
18 November Stockholm district court approves a request to detain him.
2011 7 February An extradition hearing begins.
3 March
His lawyers lodge an appeal.
12 July Assange launches his appeal.
2012
30 May UK supreme court upholds the decision.
19 June Assange enters the Ecuadorian embassy in London."""


def test_a_chronology_keeps_each_entry_in_the_year_it_heads() -> None:
    """Entries opening their lines are in order, months apart: each yearless one stays in the year of the
    entry before it (the nearest year to a 2015 publication date would be 2015 for every one)."""
    got = {t.text: t.value for t in tag(CHRONOLOGY, date(2015, 10, 12))}
    assert got["2010 14 August"] == "2010-08-14"
    assert (got["17 August"], got["18 November"]) == ("2010-08-17", "2010-11-18")
    assert got["14 August"] == "2010-08-14"  # inside an entry: the year nearest the entry's day
    assert (got["3 March"], got["12 July"]) == ("2011-03-03", "2011-07-12")
    assert (got["2012\n30 May"], got["19 June"]) == ("2012-05-30", "2012-06-19")


def test_a_day_in_prose_months_after_a_dated_passage_is_near_the_publication_date() -> None:
    """Prose is no chronology: months after "11 June 2019", "December 2" is the last one before publication
    (a chronology entry opening its line would be 2019's)."""
    got = {t.text: t.value for t in tag("On 11 June 2019, inspectors found a crack. The plant reopened on "
                                        "December 2 after repairs.", date(2025, 3, 10))}
    assert got["December 2"] == "2024-12-02"
    entries = {t.text: t.value for t in tag("11 June 2019 Inspectors find a crack.\n2 December The plant "
                                            "reopens after repairs.", date(2025, 3, 10))}
    assert entries["2 December"] == "2019-12-02"


def test_a_story_told_in_the_past_keeps_its_year_beyond_a_paragraph() -> None:
    """A 2014 look back at 2011: read alone, "le 25 janvier" would be ten days after publication. In a clause
    not about the future, a day that would lie ahead of the publication date goes on taking the story's
    year further than a day in the past would, and a story runs on past New Year ("le 17 décembre 2010 ...
    que le 11 janvier")."""
    filler = "Les jeunes affrontent les forces de sécurité malgré les tirs à balles réelles. " * 6
    text = ("Partie de Sidi Bouzid le 17 décembre 2010, la révolte ne gagne Tunis que le 11 janvier. "
            + filler + "En Egypte, les premières manifestations éclatent le 25 janvier au Caire. " + filler
            + "Le 11 février, le raïs égyptien est contraint à la démission.")
    got = {t.text: t.value for t in tag(text, date(2014, 1, 15), "fr")}
    assert (got["11 janvier"], got["25 janvier"], got["11 février"]) == (
        "2011-01-11", "2011-01-25", "2011-02-11")
    # a day in the past of the publication date that far from the story keeps its nearest reading
    far = "Le 17 décembre 2010, la révolte éclate. " + filler * 2 + "Le 3 janvier, le ministre a démissionné."
    past = {t.text: t.value for t in tag(far, date(2014, 1, 15), "fr")}
    assert past["3 janvier"] == "2014-01-03"


def test_a_day_with_its_weekday_is_not_carried_far_into_an_old_story() -> None:
    """"Friday 20 August" names the publication's week (2010), however long ago the story before it."""
    filler = "He played records and talked about his favourite singers for an hour. " * 8
    text = ("Bob Harris first met the band on 3 August 1970 in London. " + filler
            + "From 11.50 am on Friday 20 August Bob reveals his all-time favourite single.")
    got = [t.value for t in tag(text, date(2010, 8, 1))]
    assert "2010-08-20T11:50" in got


REVIEW = """Les principaux événements dans le monde en 2011
- 14 jan: TUNISIE - Le président Ben Ali fuit en Arabie saoudite.
- 11 fév: EGYPTE - Le président Hosni Moubarak démissionne.
- 11 mars: JAPON - Un tsunami géant submerge la centrale de Fukushima.
- 2 mai: AL QAÏDA - Oussama Ben Laden est tué au Pakistan.
- 9 nov: GRECE - Le Premier ministre démissionne.
- 8 nov: IRAN - Rapport de l'AIEA sur le programme nucléaire.
- 23 nov: YEMEN - Le président Saleh signe un accord."""


def test_a_review_of_the_year_keeps_its_list_in_order() -> None:
    """Published on 22 December, each day alone would be its nearest one: January to March of the coming
    year, May on of this one. The list is in order (a day back, "9 nov" then "8 nov", still is), so all of
    it is this year's."""
    got = [t.value for t in tag(REVIEW, date(2011, 12, 22), "fr") if len(t.value) == 10]
    assert got == ["2011-01-14", "2011-02-11", "2011-03-11", "2011-05-02", "2011-11-09", "2011-11-08",
                   "2011-11-23"]


def test_a_calendar_ahead_and_a_list_that_starts_again() -> None:
    """A calendar of what is coming, published in December, is next year's all through (alone, "2 avr"
    would be the past April: the nearest, a future day counting three times as far). A second list that
    starts again at a day written with its year is a list of its own, not the first one out of order."""
    ahead = "Le calendrier :\n- 14 jan : élections.\n- 5 mars : sommet.\n- 2 avr : vote du budget."
    got = [t.value for t in tag(ahead, date(2011, 12, 22), "fr")]
    assert got == ["2012-01-14", "2012-03-05", "2012-04-02"]
    sanctions = ("- 27 février 2012 : Gel des biens.\n- 23 mars : L'épouse d'Assad visée.\n"
                 "- 25 juin : 16e train.\n- 29 avril 2011 : Sanctions contre Maher.\n"
                 "- 18 mai : Assad sanctionné.\n- 30 mars : Le ministre sanctionné.")
    got = [t.value for t in tag(sanctions, date(2012, 6, 25), "fr")]
    assert got == ["2012-02-27", "2012-03-23", "2012-06-25", "2011-04-29", "2011-05-18", "2012-03-30"]


YEARS_LOST = """Relación de fechas destacadas en el conflicto:
- 15 marzo: Primeras protestas bajo el lema "Una Siria sin tiranía".
- 20 marzo: Violentos enfrentamientos en Deraa.
- 30 marzo: Bachar El Asad se dirige por primera vez a la nación.
- 18 agosto: EEUU anuncia sanciones.
- 4 febrero: Comienza el asedio a Homs.
- 7 mayo: Elecciones legislativas, boicoteadas por la oposición.
- 7 marzo: El Frente Islámico Sirio anuncia la liberación de Al Raqa.
- 4 junio: La ONU constata el uso de armas químicas.
- 13 junio: Obama autoriza el envío de armas a la oposición.
- 14 enero: El Estado Islámico conquista Al Raqa.
- 26 enero: Gobierno y oposición se reúnen en Ginebra.
- 15 febrero: La segunda ronda termina sin acuerdo.
- 3 junio: Asad es reelegido.
- 29 junio: El Estado Islámico proclama un califato.
- 23 septiembre: EEUU emprende ataques aéreos contra el EI.
- 21 mayo: El EI controla más del 50 % del territorio sirio.
- 27 septiembre: La aviación francesa inicia los bombardeos.
- 30 septiembre: Comienza la intervención militar rusa.
- 12 octubre: Se crean las Fuerzas de Siria Democrática.
- 21 octubre: Asad se reúne en Moscú con Putin.
- 22 febrero: EEUU y Rusia acuerdan un alto el fuego.
- 22 diciembre: Las fuerzas armadas sirias proclaman la conquista de Alepo."""
YEARS = [2011] * 4 + [2012] * 2 + [2013] * 3 + [2014] * 6 + [2015] * 5 + [2016] * 2


def test_a_chronology_of_many_years_whose_headings_were_lost() -> None:
    """A list in order from 2011 to 2016 whose year headings the page lost (as in an EFE chronology):
    no reading within a year of the publication date puts it in order. It ends at the publication date,
    and each step back in the calendar starts the year before the next entry's."""
    got = [t.value for t in tag(YEARS_LOST, date(2016, 12, 28), "es")]
    assert [int(v[:4]) for v in got] == YEARS
    assert (got[0], got[9], got[-1]) == ("2011-03-15", "2014-01-14", "2016-12-22")
    # told newest first: the same years, counted from the first entry
    newest_first = "Fechas:\n" + "\n".join(YEARS_LOST.splitlines()[1:][::-1])
    assert [t.value for t in tag(newest_first, date(2016, 12, 28), "es")] == got[::-1]


def test_a_chronology_counted_back_past_year_one_stays_as_read() -> None:
    """Thousands of entries could count the years back past year 1 (no such date): the list keeps the
    readings it had, and tagging does not fail."""
    from dateline.temporal.engine import _chain_years

    days = [date(2, 12, 1), date(2, 1, 5), date(2, 12, 2), date(2, 1, 6), date(2, 12, 3)]
    assert _chain_years(days, date(2, 12, 20)) == days
    assert _chain_years(days[2:], date(2, 12, 20)) == [date(1, 12, 2), date(2, 1, 6), date(2, 12, 3)]


def test_lines_that_open_with_days_in_no_order_keep_their_nearest_years() -> None:
    """Lines that open with a day in no order are no chronology: each day stays the one nearest the
    publication date (counted back in years, the first would be read four years early)."""
    text = ("14 junio: la cumbre.\n2 marzo: el voto.\n30 mayo: la huelga.\n1 enero: el acuerdo.\n"
            "20 abril: la marcha.\n3 febrero: el juicio.\n25 junio: la visita.")
    got = [t.value[:4] for t in tag(text, date(2018, 6, 30), "es")]
    assert got == ["2018"] * 7


def test_a_chronology_entry_has_its_own_tense() -> None:
    """"is to raise" is future from the entry's own day, not from the publication date (January 2011)."""
    text = ("April 20 , 2010 - Explosion and fire on the Deepwater Horizon drilling rig kills 11 workers .\n"
            "Sept. 26 - Halliburton says a BP report offers a questionable account of events .\n"
            "Oct. 4 - BP says it is to raise 2 billion euros via a bond issue .\n"
            "Oct. 26 - The Gulf Coast Claims Facility says it has paid $ 1.55 billion in claims .")
    got = {t.text: t.value for t in tag(text, date(2011, 1, 11))}
    assert (got["Oct. 4"], got["Oct. 26"]) == ("2010-10-04", "2010-10-26")


def test_only_a_day_written_with_its_year_starts_another_list() -> None:
    """A day that took the story's year and steps back from a free day read in the wrong year shows that
    day out of order; it does not start a list of its own (only "29 avril 2011" after "25 juin" 2012
    does)."""
    from dateline.temporal.engine import _chronology_years
    from dateline.types import Timex

    values = ["2010-09-19", "2010-09-26", "2011-10-04", "2010-10-26"]
    out = [Timex(v, 10 * k, 10 * k + 5, "DATE", v) for k, v in enumerate(values)]
    _chronology_years("\n".join(values), out, [(0, "written"), (1, "story"), (2, "free"), (3, "story")], [],
                      date(2011, 1, 11))
    assert [t.value for t in out] == ["2010-09-19", "2010-09-26", "2010-10-04", "2010-10-26"]


def test_a_leap_day_inside_an_entry_with_no_leap_year_near_it_keeps_its_reading() -> None:
    """29 February inside an entry of 2010 has no reading in 2009-2011: it keeps the one it was read with
    (2012, the publication year), and tagging does not fail."""
    text = "- 3 mars 2010 : X.\n- 5 avril : Y.\n- 7 mai : Z, puis le 29 février rien."
    got = {t.text: t.value for t in tag(text, date(2012, 3, 10), "fr")}
    assert got["29 février"] == "2012-02-29"


def test_a_live_report_stamp_takes_the_day_of_the_last_stamp_or_heading() -> None:
    """A clock time that opens its line is a live report's stamp: its day is the one the last stamp or day
    heading gave, not a day an entry named in passing ("votée jeudi" on the line above)."""
    live = "15 h 10 : Tripoli dit respecter la résolution votée jeudi.\n13h40 : Début du sommet de Paris."
    got = {t.text: t.value for t in tag(live, date(2011, 3, 19), lang="fr")}
    assert got["jeudi"] == "2011-03-17"
    assert got["13h40"] == "2011-03-19T13:40"
    en = "1.19 pm : The senator goes back to the explosion of April 20 .\n1 pm : Senator Wyden asks ."
    assert {t.text: t.value for t in tag(en, date(2010, 5, 11))}["1 pm"] == "2010-05-11T13:00"
    for heading in ("Le 11 février 2011", "Vendredi 11 février 2011"):
        text = f"{heading}\n18h00 : Omar Souleimane annonce le départ de Moubarak.\n17h30 : La foule attend."
        got = {t.text: t.value for t in tag(text, date(2011, 3, 19), lang="fr")}
        assert (got["18h00"], got["17h30"]) == ("2011-02-11T18:00", "2011-02-11T17:30")
    # a stamp may follow a word that says it is one (markers.stamp_lead)
    cnn = ("-LRB- Update 4:10 p.m. Cairo -RRB- The State Department said on Tuesday it ordered departures .\n"
           "-LRB- Update 3:59 p.m. Cairo , 8:59 a.m. ET -RRB- The U.S. Department of State has ordered it .")
    got = [(t.text, t.value) for t in tag(cnn, date(2011, 1, 31))]
    assert ("3:59 p.m.", "2011-01-31T15:59") in got and ("Tuesday", "2011-01-25") in got
    # inside a line, a clock time still belongs to the day the story is on
    text = "The vote was on Thursday . It closed at 7 p.m. ."
    assert {t.text: t.value for t in tag(text, date(2010, 5, 11))}["7 p.m."] == "2010-05-06T19:00"

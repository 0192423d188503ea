"""The annotator version must change when the rule-based annotation output changes.

``dateline annotate`` re-annotates only articles annotated by another ``ANNOTATOR_VERSION``: a store built
before a change to the sentence splitter, the time-expression rules or the event dater keeps its old
sentences and dates unless the version is bumped. This test fingerprints that output on a fixed sample (the
demo corpus and a few French and Spanish lines) and fails when it changes without a new version.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from dateline.annotate.dating import date_sentences
from dateline.annotate.sentences import split_sentences
from dateline.annotate.version import ANNOTATOR_VERSION
from dateline.temporal import tag

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo"

OTHER = [
    ("fr", date(2013, 8, 30), "Le Premier ministre David Cameron a\nannoncé jeudi qu'il convoquait le "
     "Parlement. Les 2 et 3 mars, des manifestations ont eu lieu à Damas.\nDeux jours plus tard, le régime a "
     "répondu."),
    ("es", date(2017, 4, 8), "En la madrugada del viernes, los EE. UU. atacaron la base siria de Shayrat. "
     "El martes anterior, un ataque químico mató a 87 personas. Rusia condenó el ataque este domingo."),
    ("fr", date(2011, 12, 22), "= JUILLET =\n- 9 juil: SOUDAN du SUD - Le Soudan du Sud proclame son "
     "indépendance.\n- 7 oct: NOBEL - Le Nobel de la paix est attribué à Ellen Johnson Sirleaf."),
    ("fr", date(2013, 8, 29), "Le débat et le vote se tiendront dans la semaine du 9 septembre."),
    ("es", date(2018, 12, 20), "Relación de fechas destacadas:\n- 15 marzo: Primeras protestas.\n- 20 marzo: "
     "Violentos enfrentamientos en Deraa.\n- 3-4 febrero: Comienza el asedio a Homs."),
    ("en", date(2014, 8, 18), "He will consider his next steps .\n2012\n30 May UK supreme court upholds the "
     "decision .\n16\nAugust Ecuador says it has granted Assange political asylum ."),
    ("en", date(2008, 11, 5), "Obama summoned his advisers on Sept. 14 . Convening the meeting that Sunday "
     "in the office , he was blunt . And then , the next morning , Lehman Brothers filed for bankruptcy ."),
    ("fr", date(2012, 1, 11), "Il s'agit du premier journaliste tué en Syrie depuis le début de la révolte "
     "contre le régime, le 15 mars."),
    ("es", date(2011, 2, 11), "El Movimiento juvenil 6 de abril aseguró que se terminó la era."),
    ("es", date(2011, 11, 30), "Los manifestantes han convocado una protesta en la plaza Tahrir "
     "este viernes. La decisión tiene que ser ratificada el lunes."),
    ("en", date(2010, 9, 27), "The spill ran until July 15 , when the well was capped . On May 2 the well "
     "blew . Two decades later , they agree on one thing ."),
    ("en", date(2010, 5, 9), "Until Saturday none of the thick sludge -- those iconic images of past spills "
     "-- had reached shore ."),
    ("it", date(2011, 11, 30), "I manifestanti hanno indetto una protesta per questo venerdì. Il 4 novembre "
     "la piazza era piena. Quel venerdì, dieci anni dopo gli attentati dell'11 settembre, nessuno parlava. "
     "Il Consiglio deve riunirsi giovedì."),
    ("en", date(2011, 9, 12), "Ten years after the Sept. 11 attacks , the terrorist attacks of "
     "September 11th are remembered , as the 11 September attacks are in Britain . On May 2 , 1910 the "
     "bridge opened . A century later , it fell ."),
    ("fr", date(2011, 3, 19), "15 h 10 : Tripoli dit respecter la résolution votée jeudi.\n13h40 : Début du "
     "sommet de Paris.\n13h20 : L'avion abattu à Benghazi était un appareil des insurgés.\nDaté du jeudi 12 "
     "novembre\nM. Ban est attendu à Pékin mercredi."),
    ("en", date(2011, 1, 31), "-LRB- Update 4:10 p.m. Cairo -RRB- The State Department said on Tuesday it "
     "ordered departures .\n-LRB- Update 3:59 p.m. Cairo -RRB- The U.S. Department of State has "
     "ordered it ."),
    ("en", date(2017, 9, 10), "Early on Monday , the National Hurricane Center downgraded Irma . The trial "
     "is set to start this Monday . The test was due to begin on Friday . Tuesday 's summit will be a "
     "start ."),
    ("fr", date(2013, 5, 26), "\"Je vais accueillir lundi soir mes homologues\", a déclaré M. Fabius. \"Nous "
     "voterons mardi\", a-t-il dit. Un mercredi sur deux, elles recommandent une série."),
    ("es", date(2013, 5, 23), "\"Votaremos el martes\", dijo. Todos los viernes protestan en la plaza."),
    ("en", date(2011, 2, 21), "Every other Wednesday , she recommends a series ."),
    ("en", date(2013, 1, 9), "The Next Day is a mixture of classic Bowie and new Bowie . The next day , he "
     "left ."),
    ("en", date(2011, 1, 5), "The service , at 11 am on 29 April , will be conducted by the dean . The "
     "company said , on Monday , it will close the plant ."),
]

# The fingerprint of each version's output on the sample. A change to the splitter, the tagger's rules or
# the dater that moves it: bump ANNOTATOR_VERSION (dateline/annotate/version.py) and add its line here.
# (annotate-3 and -4 on the sample without the French chronology lines added at annotate-5, annotate-5
# without the week line added at annotate-6, annotate-6 without the Spanish and English chronology lines
# added at annotate-7, annotate-9 and before without the "that Sunday" line added at annotate-10,
# annotate-10 without the "depuis" and "Movimiento juvenil" lines added at annotate-11, annotate-11
# without the "este viernes", "until July 15" and "Until Saturday" lines added at annotate-12, annotate-12
# without the Italian, "Sept. 11 attacks", "A century later", live report and weekday lines added at
# annotate-13, annotate-13 without the quoted weekday and recurring weekday lines added at annotate-14,
# annotate-14 without the "The Next Day" line added at annotate-15, annotate-15 without the aside line added
# at annotate-16)
FINGERPRINTS = {
    "annotate-3": "39705d49230dccba",
    "annotate-4": "4532dc7a8dcfd97d",
    "annotate-5": "83cb078a0237d85c",
    "annotate-6": "d3ca9e1622845f6c",
    "annotate-7": "cd7c45dc53bd6747",
    "annotate-8": "cd7c45dc53bd6747",  # speakers' roles only: the same sentences and dates
    "annotate-9": "cd7c45dc53bd6747",  # speakers only: the same sentences and dates
    "annotate-10": "302dcb7ffa8fd543",  # "that Sunday" read from the story's day
    "annotate-11": "27bbdef01e2bf07f",  # "depuis ..., le 15 mars", "Movimiento juvenil 6 de abril"
    "annotate-12": "dfb899ac6b351ac9",  # "este viernes", "ce vendredi"; "ran until July 15"
    "annotate-13": "8cd273533c1bd2cb",  # Italian "questo venerdì", "quel venerdì", "11 settembre", "deve"
    "annotate-14": "4e5b5ab524b340e6",  # a weekday's tense read inside its quotation; "chaque vendredi" a SET
    "annotate-15": "206d435cb5fe8041",  # "The Next Day" (a title) is no day
    "annotate-16": "0b7dd480827ce7f7",  # "The service , at 11 am on 29 April , will be": verb after aside
}


def _sample() -> list[tuple[str, date, str]]:
    out = []
    for path in sorted(DEMO.glob("20*/*.txt")):
        if path.is_file():
            out.append(("en", date.fromisoformat(path.parent.name), path.read_text(encoding="utf-8")))
    return out + OTHER


def fingerprint() -> str:
    h = hashlib.sha1()
    for lang, dct, text in _sample():
        spans = split_sentences(text)
        timexes = tag(text, dct, lang)
        for t in timexes:
            h.update(f"T {t.start} {t.end} {t.type} {t.value} {t.mod}\n".encode())
        for s in date_sentences(text, spans, timexes, dct, lang):
            h.update(f"S {s.start} {s.end} {s.event_date} {s.granularity} {s.date_source}\n".encode())
    return h.hexdigest()[:16]


def test_demo_sample_is_there() -> None:
    assert len(_sample()) > 20


def test_output_changes_come_with_a_new_annotator_version() -> None:
    got = fingerprint()
    assert FINGERPRINTS.get(ANNOTATOR_VERSION) == got, (
        f"the rule-based annotation output is now {got}; recorded for {ANNOTATOR_VERSION}: "
        f"{FINGERPRINTS.get(ANNOTATOR_VERSION)}. If the change is meant, bump ANNOTATOR_VERSION in "
        "dateline/annotate/version.py (stores then re-annotate) and record the new fingerprint here.")

"""The annotator version stored with every annotation: bump it when output changes, and
``dateline annotate`` re-does every article annotated by an older version.

tests/annotate/test_version.py fingerprints the rule-based output (sentences, time expressions, event dates)
on a fixed sample and fails when it changes under the same version.

annotate-3 (session 12): the tagger and dater rules of sessions 3-11 and the splitter's Spanish doubled
abbreviations and wrapped lines; stores annotated by annotate-2 are re-annotated.

annotate-4 (session 18): a sentence keeps the closing quotes and brackets after its final punctuation
('He said "we will stay."', no longer 'He said "we will stay.'); the same dates.

annotate-5 (session 23): the tagger's changes since annotate-4 (sessions 20-21: dates that are part of a
name, years of chronology lines and of stories told in order, weekdays that fix a year, "desde" / "depuis",
"of that year"; BENCHMARKS.md) and of session 23: French month abbreviations without their point ("- 9
juil: ...", as AFP's chronologies write them), a chronology's entries read in order and in the year of the
entry before them, "April 20 of last year" as one date. Stores annotated by annotate-4 are re-annotated,
so they get those dates too.

annotate-6 (session 24): "la semaine du 9 septembre", "la semana del 9 de septiembre", "la settimana del 9
settembre" are that day's week (as English "the week of March 6" already was), not the day; a sentence that
is all quote reads its tense from the quote when the dater decides whether the story it follows goes on.
Ingest now repairs mojibake too, but only in articles ingested from now on: re-ingest to repair a store.

annotate-7 (session 25): Spanish dates without "de" ("- 15 marzo: Primeras protestas", "8 abril, 2017");
ranges of days are their first day ("February 3-4", "18-19 May", "3-4 de febrero", "15-16 fév": the day
glued to another number by a hyphen was no date, "February" not even a month);
a time expression the sentence splitter cut in two dates every sentence it reaches into, so a chronology's
event line keeps the date whose year or day stands on the line above ("2012\n30 May UK supreme court
upholds ..."); a day number on the line above a month makes it a date, not a person's name ("16\nAugust
Ecuador says ..."); a chronology of many years whose year headings were lost counts its years back from
the publication date, a step back in the calendar being a year boundary ("- 15 marzo: Primeras protestas"
... "- 19 diciembre: La Casa Blanca anuncia ..." of an EFE chronology of 2011-2018); a story told in the
past keeps its year further when a yearless day would otherwise lie ahead of the publication date ("Le 14
janvier 2011, Ben Ali s'envole ..." then "le 25 janvier" paragraphs later, in an article of January 2014);
English "is due to" / "are due to" + a verb speak of the future ("is due to appear on Thursday").

annotate-8 (session 26): the same sentences and dates; a speaker's role stops where another name stands in
apposition to it ("Suleiman, the longtime intelligence chief Mubarak picked as his vice president, said":
"the longtime intelligence chief", no longer "... chief Mubarak"), and a title read before a name starts
after the last bracket, colon, comma, dash, time or day before it ("3:25 p.m. ET) President Barack Obama
said": "President", no longer "ET) President" or a live blog's "Update").

annotate-9 (session 26): the same sentences and dates; a reporting verb the parser left without a subject is
no longer given a name that follows a preposition after it ("said Saturday at the Munich Security
Conference", "telling us that President Mubarak may be stepping down") but the name set off by commas right
before it ("..., Frank Wisner, said Saturday").

annotate-10 (session 27): English "that Sunday" after a preposition or "late"/"early", or followed by a part
of the day, a comma or "in"/"at"/"when"/"as"/"and"/"to", is the weekday nearest to the day the story is on
("on Sept. 14 . Convening the meeting that Sunday": Sept. 14, and "the next morning" after it Sept. 15),
no longer the Sunday before publication; "that" as a conjunction ("insistent that Tuesday marked") is
unchanged.

annotate-11 (session 27): a day without its year set off by a comma after the phrase "since"/"depuis"/"desde"
opens is in the past ("depuis le début de la révolte contre le régime, le 15 mars" in January 2012:
2011-03-15, no longer the coming March 15); Spanish groups named after a day with words between ("el
Movimiento juvenil 6 de abril", "el grupo juvenil opositor 16 de Abril") date nothing, as "el Movimiento 6
de abril" already did.

annotate-12 (session 28): Spanish "este viernes" and French "ce vendredi" are the Friday of the publication's
week, the coming one in a clause about the future, the last one after a past verb right before it, the
weekend just past when told early in the next week ("llegaron este domingo" on a Monday) and the coming Monday
or Tuesday when told at the weekend; they were read by the tense alone ("han convocado una protesta para este
viernes", on a Wednesday, was the Friday before). French "doivent" puts its clause in the future, as "doit"
did. English "until"/"till" after a past verb are in the past ("the spill ran until July 15", in September:
July 15 of that year, no longer of the next), unless a word that puts something off or grants time precedes
it ("postponed until", "gave Merieux until mid-November"); a date fronted before a comma in tokenized text
("until June 4 , they had n't") reads the tense of the clause after it; and "two decades later" counted from a
day of the story does not run past the publication (2030 in a 2010 article): it is the publication's year.
"Until"/"by" opening a sentence with no comma after the date read a past perfect later in it ("Until Saturday
none of the thick sludge -- those iconic images of past spills -- had reached shore": the Saturday before).
Spanish "este lunes" told on a Sunday is the next day, on a Saturday after a past verb the Monday before.

annotate-13 (session 29): Italian gets what Spanish and French have: "questo venerdì" is the Friday of the
publication's week by the same rules as "este viernes" (it was read by the tense alone, a week back for a
protest called on a Wednesday "per questo venerdì"), "quel venerdì" / "quello stesso venerdì" the Friday
nearest the day the story is on, and "gli attentati dell'11 settembre" the attacks of 2001, no longer the 11th
of September nearest the article. "deve", "devono" and "atteso per" put their clause in the future ("deve
riunirsi giovedì", told on a Wednesday, was the Thursday before), as French "doit" and "doivent" do. "The
Sept. 11 attacks", "the 11 September attacks", "the attacks of September 11", es "los ataques del 11 de
septiembre" and fr "les attaques du 11 septembre" are the attacks of 2001, as "the September 11 attacks" and
"los atentados del 11 de septiembre" were. Decades and centuries counted from a day are a year ("Two decades
later" than 2 May 1910 is 1930, no longer 1930-05-02). A clock time that opens its line, a live report's stamp
("13h40 : Début du sommet de Paris"), takes the day of the last stamp or day heading, no longer a day an entry
named in passing on the line above ("... la résolution votée jeudi"): such entries were dated two days back.
So does a clock time after a word that marks a stamp (markers.stamp_lead: "-LRB- Update 3:59 p.m. Cairo -RRB-
...", CNN's live pages in t17 egypt, which read "said on Tuesday" in the entry above). English: a bare weekday
that is a day or two after publication, with no past verb before it, is that day ahead (the dateline a day
behind, or the day ahead: "could reach the spill area by early on Saturday" on a Friday was six days back,
"Saturday 's financial summit in Washington will be ..." on a Thursday five), and "this Monday" reads as
Spanish "este lunes" ("set to start this Monday" told on a Sunday is the next day); "this past Friday" is the
last one; a weekday after a plan told in the past ("was due to", "was scheduled", markers.past_plan) is the
nearest one ("the test was due to begin on Tuesday", told on a Thursday, was the next Tuesday). French "Daté
du jeudi 12 novembre" without a year, a print edition's stamp on pages crawled years later, dates nothing (it
was 12 November 2009 in a 2011 article); "est attendu", "sont attendus" put their clause in the future ("M.
Ban est attendu à Pékin ... mercredi", told on a Tuesday, was the Wednesday before), and Spanish "debe",
"deben", "tiene que", "tienen que" ("tiene que ser ratificada el lunes", told on a Wednesday, was the Monday
before).

annotate-14 (session 30): a weekday inside a quotation reads its tense from that quotation ('"Je vais
accueillir lundi soir mes homologues", a déclaré M. Fabius', told on a Sunday: the Monday after, no longer the
one before; quoted speech outside which the weekday stands still does not set its tense); the French futur
proche in the first and second persons ("vais", "allons", "allez") and the first-person futures ("nous
voterons", "je reviendrai"), Spanish "voy a", "vamos a" and "-remos" put their clause in the future.
Recurring weekdays are TimeML SETs in French and Spanish as in English and Italian ("chaque vendredi", "tous
les vendredis soirs", "un mercredi sur deux", "cada viernes", "todos los viernes", English "every other
Wednesday"): they date no sentence ("Un mercredi sur deux, ... vous recommandent les meilleures séries", a
column's blurb, dated lines of fr syria and yemen). English "due to" + a verb is a plan without its
auxiliary too ("with the Giro d'Italia due to start in Venice on Saturday", told on a Wednesday: the Saturday
after); Spanish "la noche del domingo" is one expression, so the verb right before it dates it ("explicó la
noche del domingo"). The words on either side of a weekday no longer read as one marker across it ("The
Coast Guard abandoned a plan Wednesday to set fire ...": no "plan to", the Wednesday before). A participle
after a forward-looking modal and "be" is no past tense ("That vessel should be joined Sunday by the Helix
Producer", told on a Saturday: the next day; "could be located Wednesday" stays past). An ISO date
("2011-03-05") is that day: its month and day were no placeholders of the rule and it read as its year
alone. Spanish day.month.year with dots is a date in a bracketed day stamp ("dado a conocer hoy
(29.09.2016)", Deutsche Welle's style, which names the day the relative word does not) and at the head of a
chronology's line ("23.04.2011.- La represión no cesa ..."), nowhere else. English "as early as" and "ahead
of" are weak forward prepositions, which a past tense keeps in the past, now also a past tense in the main
clause after a fronted expression ("As early as February, Halliburton was getting poor results", told in
October 2010: February 2010, no longer 2011; "By Friday, the oil reached the shore").

annotate-15 (session 31): English titles written in title case whose words make a relative day ("The Next
Day", David Bowie's album, read as the day after its article 139 times in the Bowie articles; ITV's "The
Last Weekend") are names, no time expression; "The next day" stays a date.

annotate-16 (session 31): an expression in an aside between a short subject and its verb reads the verb after
the aside ("The service , at 11 am on 29 April , will be conducted", told in January 2011: the next 29 April,
no longer the last; "Yet , on Saturday , the plug will finally be pulled on the Minitel": the coming
Saturday), unless a past tense or a reporting verb comes before the aside ("The company said , on Monday , it
will close the plant": the Monday before).
"""

ANNOTATOR_VERSION = "annotate-16"

"""Who said what: direct quotes (quotation marks) and indirect speech (reporting verb + clause).

Rules over a spaCy dependency parse. textacy's ``direct_quotations`` was measured against these rules on
the seed article (``bench/annotate.py textacy``) and is not used: it does not resolve pronoun
speakers across sentences, drops quotes without a reporting verb in the same sentence (the second half
of a two-sentence quote), and has no indirect speech. The parts of the logic that do not need a model
(quote marks, dating) live in ``quotemarks`` and ``dating``.

- Speaker = the subject of the reporting verb nearest to the quote, outside any quote ("Kirby said",
  "said Kirby", "Kirby responded:", "..., adding:" climbs to the clause that has a subject); pronouns
  (he/she/they/it) resolve to the most recent compatible subject before them; short names resolve to
  the article's long name ("Kirby" -> "John Kirby").
- A quote after a colon belongs to the subject of the clause before it ("Fisk rejected it: “...”").
  A quote with no reporting verb around it continues the previous quote of the same or previous
  paragraph (news style: "“A,” he posted. “B.”") unless someone else became the subject in between
  ("Ortiz disagreed. “...”" is Ortiz's); a partial quote inside a sentence attributes to the agent of a
  statement noun ("a statement ... by the US Embassy ... in view of “imminent” plans").
- Subjects that cannot speak ("problems", "the plan": misparses) are never speakers; a passive
  ("It was reported that") names no speaker.
- Role = the apposition of the speaker anywhere in the article ("Mykhailo Podolyak, an adviser to ..."),
  or a title before the name ("White House spokesman John Kirby").
- Date = a time expression attached to the reporting verb ("he said earlier this week"), else the
  story's narrative time, else the publication date (never a date inside the reported clause).
- Indirect speech = a reporting verb with a clausal complement (``ccomp``) that has its own subject and
  holds no direct quote; in newswire order too ("X, a military source said", "X, the agency said,
  quoting ..."), after "said in a statement that", and "X, according to the police". A clause never
  crosses a paragraph.
- Newswire speakers (measured on hand-annotated AFP/Xinhua articles, ``bench/quotes.py``): "..., added
  the source" (object after the verb), "X was quoted as saying" / "Y quoted X as saying" (X speaks),
  "the ambassador" / "the agency" resolve to the person titled so or the organisation so named just
  before, "saying ..." climbs past a subject that cannot speak.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from spacy.attrs import DEP, IDX, LENGTH, LOWER, SENT_START, TAG
from spacy.tokens import Doc, Span, Token

from dateline.annotate.dating import parse_value
from dateline.annotate.entities import normalize
from dateline.annotate.quotemarks import QuoteIndex, QuoteSpan
from dateline.types import Quote, Timex

_VERB_FORMS: dict[str, tuple[str, ...]] = {
    "say": ("say", "says", "said", "saying"),
    "tell": ("tell", "tells", "told", "telling"),
    "add": ("add", "adds", "added", "adding"),
    "deny": ("deny", "denies", "denied", "denying"),
    "post": ("post", "posts", "posted", "posting"),
    "announce": ("announce", "announces", "announced", "announcing"),
    "warn": ("warn", "warns", "warned", "warning"),
    "claim": ("claim", "claims", "claimed", "claiming"),
    "state": ("state", "states", "stated", "stating"),
    "declare": ("declare", "declares", "declared", "declaring"),
    "write": ("write", "writes", "wrote", "written", "writing"),
    "tweet": ("tweet", "tweets", "tweeted", "tweeting"),
    "respond": ("respond", "responds", "responded", "responding"),
    "reply": ("reply", "replies", "replied", "replying"),
    "insist": ("insist", "insists", "insisted", "insisting"),
    "stress": ("stress", "stresses", "stressed", "stressing"),
    "note": ("note", "notes", "noted", "noting"),
    "explain": ("explain", "explains", "explained", "explaining"),
    "argue": ("argue", "argues", "argued", "arguing"),
    "ask": ("ask", "asks", "asked", "asking"),
    "accuse": ("accuse", "accuses", "accused", "accusing"),
    "confirm": ("confirm", "confirms", "confirmed", "confirming"),
    "report": ("report", "reports", "reported", "reporting"),
    "admit": ("admit", "admits", "admitted", "admitting"),
    "acknowledge": ("acknowledge", "acknowledges", "acknowledged", "acknowledging"),
    "promise": ("promise", "promises", "promised", "promising"),
    "vow": ("vow", "vows", "vowed", "vowing"),
    "urge": ("urge", "urges", "urged", "urging"),
    "suggest": ("suggest", "suggests", "suggested", "suggesting"),
    "predict": ("predict", "predicts", "predicted", "predicting"),
    "recall": ("recall", "recalls", "recalled", "recalling"),
    "describe": ("describe", "describes", "described", "describing"),
    "call": ("call", "calls", "called", "calling"),
    "threaten": ("threaten", "threatens", "threatened", "threatening"),
    "allege": ("allege", "alleges", "alleged", "alleging"),
    "estimate": ("estimate", "estimates", "estimated"),
    "conclude": ("conclude", "concludes", "concluded"),
    "demand": ("demand", "demands", "demanded"),
    "agree": ("agree", "agrees", "agreed"),
    "complain": ("complain", "complains", "complained"),
    "testify": ("testify", "testifies", "testified"),
    "denounce": ("denounce", "denounces", "denounced"),
    "hint": ("hint", "hints", "hinted", "hinting"),
    "reiterate": ("reiterate", "reiterates", "reiterated", "reiterating"),
    "disclose": ("disclose", "discloses", "disclosed", "disclosing"),
    "assert": ("assert", "asserts", "asserted", "asserting"),
}
REPORTING: dict[str, str] = {form: lemma for lemma, forms in _VERB_FORMS.items() for form in forms}
# Verbs that introduce a direct quote but rarely an indirect clause of speech.
_DIRECT_ONLY = {"call", "describe", "denounce", "urge", "ask"}
_STATEMENT_NOUNS = {
    "statement", "statements", "warning", "warnings", "notice", "announcement", "letter", "post", "tweet",
    "message", "report", "advisory", "remarks", "comments", "interview", "speech", "communique",
}
_SOURCE_NOUNS = {
    "official", "authority", "police", "ministry", "government", "agency", "council", "committee", "court",
    "military", "army", "group", "party", "company", "firm", "bank", "union", "report", "statement", "study",
    "survey", "chief", "head", "spokesman", "spokeswoman", "spokesperson", "witness", "source", "expert",
    "analyst", "people", "person", "resident", "staff", "team", "board", "embassy", "office", "department",
    "administration", "parliament", "senate", "congress", "cabinet", "president", "minister", "mayor",
    "secretary", "director", "leader", "family", "relative", "victim", "survivor", "doctor", "lawyer",
    "prosecutor", "judge", "investigator", "inspector", "diplomat", "envoy", "regulator", "coalition",
    "bloc", "alliance", "organisation", "organization", "media", "newspaper", "observer",
    "campaigner", "activist", "rebel", "militant", "commander", "soldier", "officer", "aide", "adviser",
    "advisor", "delegation", "delegate", "representative", "negotiator", "worker", "student", "teacher",
    "ceo", "chairman", "chairwoman", "kremlin", "nation", "country", "state", "city", "town",
}
_SOURCE_NOUNS |= {
    "manager", "owner", "worker", "teacher", "farmer", "lawmaker", "reporter", "researcher", "member",
    "supporter", "protester", "organizer", "organiser", "governor", "senator", "editor", "author",
    "operator", "monitor", "partner", "employer", "villager", "driver", "passenger", "player", "voter",
    "neighbour", "neighbor", "customer", "buyer", "seller", "trader", "dealer", "banker", "investor",
    "producer", "exporter", "importer", "insurer", "retailer", "provider", "carrier", "founder", "fighter",
    "ruler", "policymaker", "writer", "designer", "engineer", "father", "mother", "brother", "sister",
    "daughter", "son", "wife", "husband", "supervisor", "premier", "speaker", "agent", "consultant",
    "assistant", "participant", "merchant", "resident", "president", "student", "government", "department",
    "parliament", "ministry", "agency", "firm", "fan", "coach", "captain",
    "pilot", "nurse", "surgeon", "scientist", "economist", "chemist", "trooper", "guard",
    # titles of the people who speak for companies and institutions ("the chief executive said")
    "executive", "chancellor", "commissioner", "administrator", "councillor", "councilor", "legislator",
}
# institutions that issue statements in newswire ("the airline said", "the prosecution said")
_SOURCE_NOUNS |= {
    "airline", "prosecution", "defence", "defense", "foundation", "institute", "association",
    "federation", "commission", "network", "broadcaster", "television", "radio", "magazine", "daily",
    "website", "exchange", "hospital", "university", "junta", "regime", "ambassador", "consulate",
    "secretariat", "tribunal", "opposition", "coalition", "manufacturer", "maker", "group",
    "resolution", "document",
}
_AGENT_SUFFIXES = ("ist", "ian", "man", "woman", "men", "women", "person", "people", "ee")
_TITLE_WORDS = {"president", "minister", "mayor", "governor", "senator", "chancellor", "king", "queen",
                "secretary", "premier", "general", "judge", "prince", "pope", "ambassador", "commissioner"}
_TITLE_IN_NAME = re.compile(r"^(?:(?:Vice|Deputy|Prime|Foreign|Defense|Defence|Interior|Finance)\s+)*"
                            r"(?:President|Minister|Mayor|Governor|Senator|Chancellor|Secretary|Premier|"
                            r"General|Judge|Ambassador|Commissioner)\s")
# What ends a title before a name, read from the name back: a bracket (Penn Treebank's too, as tokenized
# corpora such as Timeline17 write them), a colon, a comma, a bar or a dash between words
_ROLE_STOPS = {"(", ")", "[", "]", ":", ",", ";", "|", "--", "\u2013", "\u2014",
               "-LRB-", "-RRB-", "-LSB-", "-RSB-", "-LCB-", "-RCB-"}
_SUBJ = ("nsubj", "nsubjpass")
_CLIMB = ("advcl", "xcomp", "conj", "pcomp", "acl", "prep")
_PERSON_PRONOUNS = {"he", "she", "him", "her"}
_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f",
           "herself": "f"}
_GROUP_PRONOUNS = {"they", "it"}
_SPEAKER_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
_LOOKBACK_SENTENCES = 6


@dataclass
class _Subject:
    pos: int  # character offset
    sent: int  # sentence index
    name: str
    label: str  # PERSON | ORG | GPE | NORP | PLURAL | NOUN


class QuoteExtractor:
    """Quotes of one parsed text. ``canonical`` maps a name to the article's canonical entity name;
    ``date_at`` gives (event date, date source) of the sentence at a character offset; ``timexes`` are
    the text's time expressions (offsets into ``doc``), ``dct`` the publication date."""

    def __init__(
        self,
        doc: Doc,
        quote_spans: list[QuoteSpan],
        canonical: Callable[[str], str],
        date_at: Callable[[int], tuple[str | None, str | None]],
        paragraph_of: Callable[[int], int],
        timexes: list[Timex] | None = None,
        dct: date | None = None,
        text: str | None = None,
    ) -> None:
        self.doc = doc
        # Doc.text re-joins every token on each access: the caller usually has the parsed string already
        self.text = doc.text if text is None else text
        self.ents = doc.ents  # a property that builds its Spans on every access
        self.quote_spans = quote_spans
        self._index = QuoteIndex(quote_spans)
        self.canonical = canonical
        self.date_at = date_at
        self.dct = dct
        self._timex_at: dict[int, Timex] = {}  # token index -> the time expression starting there
        for t in timexes or []:
            span = doc.char_span(t.start, t.end, alignment_mode="expand")
            if span is not None and len(span):
                self._timex_at[span.root.i] = t
        self.paragraph_of = paragraph_of
        self.sents = list(doc.sents)
        # Token attributes as integer columns, read once: sweeping the Doc token by token builds a Python
        # Token per word in every sweep (measurable at newswire volume); rows are token indices.
        self._cols = doc.to_array([IDX, LENGTH, TAG, DEP, LOWER, SENT_START]).tolist()
        sent_of: list[int] = []
        for i, s in enumerate(self.sents):  # doc.sents partition the Doc
            sent_of.extend([i] * (s.end - s.start))
        self._sent_index = dict(enumerate(sent_of))
        self._quoted = self._quoted_tokens()
        # words written as names somewhere other than the start of a sentence
        strings = doc.vocab.strings
        proper = {strings.add("NNP"), strings.add("NNPS")}
        self._names_inside = {strings[r[4]] for r in self._cols if r[2] in proper and r[5] != 1}
        self._ents = {}
        for e in self.ents:
            for t in e:
                self._ents[t.i] = e
        self.subjects = self._collect_subjects()  # in text order
        self._subject_pos = [s.pos for s in self.subjects]
        self.roles = self._collect_roles()
        self.genders = self._collect_genders()

    # -- helpers ---------------------------------------------------------------------------

    def _quoted_tokens(self) -> list[bool]:
        """For each token, whether it lies inside a quote (one sweep: spans are sorted, disjoint)."""
        spans, qi, out = self.quote_spans, 0, []
        for start, length, *_ in self._cols:
            end = start + length
            while qi < len(spans) and spans[qi].end < end:
                qi += 1
            out.append(qi < len(spans) and spans[qi].start <= start and end <= spans[qi].end)
        return out

    def _name_of(self, tok: Token) -> tuple[str, str]:
        """Name and label of the noun phrase headed by ``tok`` (entity text when it is in an entity)."""
        ent = self._ents.get(tok.i)
        if ent is not None and ent.label_ in _SPEAKER_LABELS:
            return self.canonical(normalize(ent.text, ent.label_)), ent.label_
        # "a spokeswoman for Halvorsen, Nadia Kovac, said": the person in apposition is the speaker
        for child in tok.rights:
            appos = self._ents.get(child.i) if child.dep_ == "appos" else None
            if appos is not None and appos.label_ == "PERSON":
                return self.canonical(normalize(appos.text, "PERSON")), "PERSON"
        left = tok.left_edge.i
        while left < tok.i and self.doc[left].dep_ in ("det", "punct", "predet"):
            left += 1
        right = tok.i
        # "spokesman for the White House", "an executive from the foundation": keep the complement, up to
        # the first comma
        for child in tok.rights:
            if child.dep_ == "prep" and child.lower_ in ("of", "for", "at", "in", "from"):
                right = child.right_edge.i
                break
        # "the company and local officials said": both speak (and are "they", not "it"; but "Standard and
        # Poor" is one name)
        several = False
        for child in tok.rights:
            if child.dep_ == "conj" and child.i > right and self._can_speak(child):
                right = child.right_edge.i
                several = not (tok.tag_ == "NNP" and child.tag_ == "NNP")
                break
        for t in self.doc[tok.i : right + 1]:
            if t.is_punct or t.dep_ == "relcl":
                right = t.i - 1
                break
        text = normalize(self.doc[left : right + 1].text)
        known = not tok.is_sent_start or tok.lower_ in self._names_inside
        if tok.tag_ == "NNP" and right == left and known:
            # a capitalised first word seen nowhere else as a name ("Suicide is ...") is a common noun
            return self.canonical(text), "PERSON"
        return text, "PLURAL" if several or tok.tag_ in ("NNS", "NNPS") else "NOUN"

    def _collect_subjects(self) -> list[_Subject]:
        """Non-pronoun subjects that can speak. A name the NER labels PERSON anywhere in the article is
        a person at every mention (spaCy labels "Mahato" PERSON in one sentence and ORG in the next)."""
        persons = {self.canonical(normalize(e.text, "PERSON")) for e in self.ents if e.label_ == "PERSON"}
        out = []
        subj = {self.doc.vocab.strings.add(d) for d in _SUBJ}
        for tok in (self.doc[i] for i, r in enumerate(self._cols) if r[3] in subj):
            if tok.dep_ in _SUBJ and not self._quoted[tok.i] and tok.tag_ != "PRP" and tok.pos_ != "PRON":
                if tok.tag_ in ("WP", "WDT", "EX", "DT") or not self._can_speak(tok):
                    continue
                name, label = self._name_of(tok)
                if name in persons:
                    label = "PERSON"
                if name:
                    out.append(_Subject(tok.idx, self._sent_index.get(tok.i, 0), name, label))
        return out

    def _collect_roles(self) -> dict[str, str]:
        roles: dict[str, str] = {}
        appos = self.doc.vocab.strings.add("appos")
        for tok in (self.doc[i] for i, r in enumerate(self._cols) if r[3] == appos):
            if tok.dep_ != "appos" or self._quoted[tok.i]:
                continue
            head = tok.head
            ent = self._ents.get(head.i)
            own = self._ents.get(tok.i)
            if ent is None and own is not None and own.label_ == "PERSON" and head.tag_ in ("NN", "NNS"):
                # "a spokeswoman for the firm, Nadia Kovac,": the noun before the name is the role
                name = self.canonical(normalize(own.text, "PERSON"))
                left = head.left_edge.i
                while left < head.i and self.doc[left].dep_ in ("det", "predet"):
                    left += 1
                role = self.doc[left : head.i + 1].text
                if name not in roles:
                    roles[name] = role
                continue
            if ent is None or ent.label_ not in ("PERSON", "ORG"):
                continue
            name = self.canonical(normalize(ent.text, ent.label_))
            role = self.doc[tok.left_edge.i : self._role_end(tok) + 1].text.strip(" ,;")
            if not any(len(w) >= 3 and w.isalpha() for w in role.split()):
                continue  # an age ("Berg, 57,") or an initial is not a role
            if role and name not in roles:
                roles[name] = role
        # "White House spokesman John Kirby", "Ukrainian President Volodymyr Zelenskyy": a title before it
        # (an age is part of it: "22-year-old student Mohamed Ezeldin Ahmed", spaCy's DATE entity)
        ages = {t.i for d in self.doc.ents if d.label_ == "DATE" and "old" in d.text.lower() for t in d}
        for ent in self.ents:
            if ent.label_ != "PERSON" or self._quoted[ent.start]:
                continue
            name = self.canonical(normalize(ent.text, ent.label_))
            if name in roles:
                continue
            left = ent.root.left_edge.i
            if left >= ent.start:
                if (m := _TITLE_IN_NAME.match(ent.text)) is not None:
                    roles[name] = m.group(0).strip()
                continue
            # only the words right before the name: a time, a day, a bracket or a colon ends what belongs to
            # it ("Update 10:25 p.m. in Cairo, 3:25 p.m. ET) President Barack Obama said": "President", not
            # "Update"; "Tuesday Secretary of State Hillary Clinton": "Secretary of State")
            for t in reversed(self.doc[left : ent.start]):
                if t.text in _ROLE_STOPS or (t.ent_type_ in ("TIME", "DATE") and t.i not in ages):
                    left = t.i + 1
                    break
            toks = [t for t in self.doc[left : ent.start] if t.dep_ not in ("det", "punct", "case")]
            if toks and any(t.tag_ in ("NN", "NNS") or t.lower_ in _TITLE_WORDS for t in toks):
                roles[name] = self.doc[toks[0].i : ent.start].text.strip(" ,;")
        return roles

    def _role_end(self, tok: Token) -> int:
        """The last token of the role ``tok`` heads: its subtree, up to another name in apposition to it ("the
        longtime intelligence chief Mubarak picked as his vice president": Mubarak is not Suleiman's role,
        whatever the parser made of the clause)."""
        for child in tok.rights:
            own = self._ents.get(child.i)
            if child.dep_ == "appos" and own is not None and own.label_ in ("PERSON", "ORG"):
                return child.left_edge.i - 1
        return tok.right_edge.i

    def _collect_genders(self) -> dict[str, str]:
        """Grammatical gender of people from the article itself: a title (Mr/Ms/Mrs) or the first
        he/his/she/her in the same sentence after the person is the subject ("Anand said her team").
        Used only to rule out a candidate for a pronoun; unknown people stay candidates."""
        genders: dict[str, str] = {}
        for ent in self.ents:
            if ent.label_ != "PERSON":
                continue
            name = self.canonical(normalize(ent.text, "PERSON"))
            before = self.text[max(0, ent.start_char - 5) : ent.start_char].strip().lower()
            if before.endswith(("mr.", "mr")):
                genders.setdefault(name, "m")
            elif before.endswith(("ms.", "mrs.", "ms", "mrs")):
                genders.setdefault(name, "f")
            if name in genders or ent.root.dep_ not in _SUBJ:
                continue
            sent_end = self.sents[self._sent_index.get(ent.root.i, 0)].end if self.sents else len(self.doc)
            for tok in self.doc[ent.end : sent_end]:
                if tok.lower_ in _GENDER and not self._quoted[tok.i]:
                    genders[name] = _GENDER[tok.lower_]
                    break
                if tok.i in self._ents and self._ents[tok.i].label_ == "PERSON":
                    break  # another person: the pronoun may be theirs
        return genders

    def _resolve_pronoun(self, tok: Token) -> str | None:
        """Most recent compatible subject before the pronoun, within a few sentences."""
        pron = tok.lower_
        sent = self._sent_index.get(tok.i, 0)
        first_after = bisect.bisect_left(self._subject_pos, tok.idx)
        for subj in reversed(self.subjects[:first_after]):
            if sent - subj.sent > _LOOKBACK_SENTENCES:
                break
            if pron in _PERSON_PRONOUNS and subj.label == "PERSON":
                known = self.genders.get(subj.name)
                if known is None or known == _GENDER[pron]:
                    return subj.name
            if pron == "they" and subj.label in ("ORG", "NORP", "GPE", "PLURAL"):
                return subj.name
            if pron == "it" and subj.label in ("ORG", "GPE", "NOUN"):
                return subj.name
        return None

    def speaker_of(self, verb: Token) -> tuple[str | None, Token | None]:
        """Speaker name of a reporting verb: its subject, climbing to the governing clause if needed."""
        v = verb
        for _ in range(4):
            if v.i != verb.i and v.lower_ == "quoted":
                # "X was quoted as saying", "Yonhap quoted a source as saying": the one quoted speaks
                quoted = next((c for c in v.children if c.dep_ in ("dobj", "nsubjpass")), None)
                if quoted is not None:
                    if quoted.tag_ == "PRP":
                        return self._resolve_pronoun(quoted), quoted
                    return self._name_of(quoted)[0], quoted
            subjects = [c for c in v.children if c.dep_ in _SUBJ]
            subj = min(subjects, key=lambda c: abs(c.i - v.i)) if subjects else None
            if subj is None and v.dep_ == "ROOT":
                # "according to X" / inverted "said X" / "..., added the source" parsed as object
                subj = next((c for c in v.children if c.dep_ in ("dobj", "attr") and c.i > v.i
                             and (c.tag_ == "NNP" or (c.tag_ in ("NN", "NNS") and self._can_speak(c)))), None)
            if (subj is not None and verb.tag_ == "VBG" and v.head.i != v.i and subj.tag_ != "PRP"
                    and not self._can_speak(subj)):
                v = v.head  # "X saw cooperation strengthened, saying ...": the speaker is further up
                continue
            if subj is not None:
                if subj.dep_ == "nsubjpass" or subj.dep_ == "expl":
                    return None, subj  # "It was reported that ...", "X was told ...": no speaker named
                if subj.tag_ == "PRP" or subj.lower_ in _PERSON_PRONOUNS | _GROUP_PRONOUNS:
                    return self._resolve_pronoun(subj), subj
                if subj.lower_ in ("who", "that", "which") and v.dep_ == "relcl":
                    # "a statement ... that urged ...": the noun the clause describes
                    noun = v.head
                    if noun.lower_ in _STATEMENT_NOUNS:
                        return self._statement_agent([noun])[0], subj
                    return self._name_of(noun)[0], subj
                if subj.lower_ in ("i", "we", "you", "who", "that", "which"):
                    return None, subj
                if not self._can_speak(subj):
                    return None, subj
                return self._described_person(subj) or self._name_of(subj)[0], subj
            if v.dep_ in _CLIMB and v.head.i != v.i:
                v = v.head
            else:
                break
        # inverted attribution the parser missed: "..., said engineer Paul Novak." (not a name after a
        # preposition: "said Saturday at the Munich Security Conference" names a place)
        sent_end = self.sents[self._sent_index.get(verb.i, 0)].end if self.sents else len(self.doc)
        for tok in self.doc[verb.i + 1 : min(verb.i + 5, sent_end)]:
            ent = self._ents.get(tok.i)
            if ent is not None and ent.label_ in ("PERSON", "ORG") and not self._quoted[tok.i]:
                return self.canonical(normalize(ent.text, ent.label_)), tok
            if tok.is_punct or tok.tag_ == "IN":
                break
        # a name set off by commas right before the verb, its subject the parser missed: "... , President
        # Barack Obama 's point man for Egypt , Frank Wisner , said Saturday"
        if verb.i >= 2 and self.doc[verb.i - 1].text == "," and not self._quoted[verb.i - 2]:
            ent = self._ents.get(verb.i - 2)
            if ent is not None and ent.label_ == "PERSON" and ent.end == verb.i - 1:
                return self.canonical(normalize(ent.text, ent.label_)), self.doc[verb.i - 2]
        return None, None

    def _described_person(self, subj: Token) -> str | None:
        """ "the ambassador said": the most recent person whose role or title names that noun
        ("British Ambassador to Lebanon James Watt"), or organisation whose name has it ("the agency":
        "the Interfax agency"), within a few sentences."""
        if subj.tag_ != "NN" or not any(c.dep_ == "det" and c.lower_ == "the" for c in subj.children):
            return None
        if any(c.dep_ in ("amod", "compound", "prep") for c in subj.children):
            return None  # "the Chinese ambassador", "the head of X": a description of its own
        sent = self._sent_index.get(subj.i, 0)
        first_after = bisect.bisect_left(self._subject_pos, subj.idx)
        for cand in reversed(self.subjects[:first_after]):
            if sent - cand.sent > _LOOKBACK_SENTENCES:
                break
            if cand.label == "PERSON" and subj.lower_ in self._title_words(cand.name):
                return cand.name
            words = cand.name.lower().split()
            if cand.label != "PERSON" and len(words) > 1 and subj.lower_ in words:
                return cand.name  # "the agency" -> "the Interfax agency"
        return None

    def _title_words(self, name: str) -> set[str]:
        """Lower-cased words of a person's role and of the few words before each mention of them
        ("British Ambassador to Lebanon James Watt" -> ambassador, lebanon, ...)."""
        words = set(self.roles.get(name, "").lower().split())
        for ent in self.ents:
            if ent.label_ == "PERSON" and self.canonical(normalize(ent.text, "PERSON")) == name:
                i = ent.start - 1
                while i >= max(0, ent.start - 6) and self.doc[i].tag_ in ("NNP", "NNPS", "NN", "JJ", "IN"):
                    words.add(self.doc[i].lower_)  # the title runs up to the name, no verb in between
                    i -= 1
        return words

    def _can_speak(self, tok: Token) -> bool:
        """Whether a subject can be a source: a name, or a common noun for people or institutions
        ("officials", "the ministry", "a spokesman"), not "problems" or "the plan" from a misparse."""
        if tok.i in self._ents or tok.tag_ in ("NNP", "NNPS"):
            return True
        if any(c.dep_ == "appos" and c.i in self._ents for c in tok.rights):
            return True  # "a choked-up mourner, Janos Szalai"
        word = tok.lower_
        stem = word[:-3] + "y" if word.endswith("ies") else word[:-1] if word.endswith("s") else word
        return stem in _SOURCE_NOUNS or word in _SOURCE_NOUNS or stem.endswith(_AGENT_SUFFIXES)

    def _according_to(self, tokens: list[Token]) -> str | None:
        for t in tokens:
            if t.lower_ == "according" and t.i + 1 < len(self.doc) and self.doc[t.i + 1].lower_ == "to":
                pobj = next((c for c in self.doc[t.i + 1].children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return self._name_of(pobj)[0]
        return None

    def _statement_agent(self, tokens: list[Token]) -> tuple[str | None, str | None]:
        """A partial quote's source: "a statement by the US Embassy", "the embassy's notice"."""
        for t in tokens:
            if t.lower_ not in _STATEMENT_NOUNS:
                continue
            for child in t.children:
                if child.dep_ == "poss":
                    return self._name_of(child)[0], t.lower_
                if child.dep_ in ("prep", "agent") and child.lower_ in ("by", "from"):
                    pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                    if pobj is not None:
                        return self._name_of(pobj)[0], t.lower_
        return None, None

    def _sentences_around(self, q: QuoteSpan) -> list[Span]:
        """Sentences overlapping the quote, plus the next one when the quote ends with a comma
        ("“...,” Kirby said." split after the closing mark)."""
        out = [s for s in self.sents if s.start_char < q.end + 1 and s.end_char > q.start - 1]
        if not out:
            return out
        inner = self.text[q.start : q.end].rstrip()
        last = out[-1]
        idx = self.sents.index(last)
        if inner.endswith((",", "?", "!")) and idx + 1 < len(self.sents):
            nxt = self.sents[idx + 1]
            if nxt.start_char - q.end <= 3:
                out.append(nxt)
        return out

    def statement_date(self, verb: Token | None, pos: int) -> str | None:
        """When the statement was made: a time expression attached to the reporting verb ("said on
        Tuesday", "On March 7, the agency said", "he said earlier this week"); else the story's
        narrative time when the sentence carries one; else the publication date. A date inside the
        reported clause ("said Russia attacked on Friday") is when *that* happened, not the statement."""
        sent_date, source = self.date_at(pos)
        if verb is not None:
            for tok_i, t in self._timex_at.items():
                tok = self.doc[tok_i]
                if self._attaches_to(tok, verb):
                    period = parse_value(t.value) if t.type in ("DATE", "TIME") else None
                    if period is not None and (self.dct is None or period.first <= self.dct):
                        return period.value
                    return sent_date
        if source == "narrative":
            return sent_date
        return self.dct.isoformat() if self.dct else sent_date

    @staticmethod
    def _attaches_to(tok: Token, verb: Token) -> bool:
        """Whether ``tok`` hangs off ``verb`` as a modifier (not through its clausal complement)."""
        child = tok
        for _ in range(6):
            if child.i == verb.i:
                return False
            if child.head.i == verb.i:
                return child.dep_ in ("prep", "npadvmod", "advmod", "tmod", "obl", "advcl")
            if child.head.i == child.i:
                return False
            child = child.head
        return False

    def _colon_speaker(self, q: QuoteSpan) -> tuple[str, Token] | None:
        """ "Putin denounced the warnings: “...”": the subject of the clause the colon ends."""
        before = self.text[max(0, q.start - 4) : q.start].rstrip("\u201c\u201e\"« ")
        if not before.endswith(":"):
            return None
        colon = self.doc.char_span(len(before) - 1 + max(0, q.start - 4), len(before) + max(0, q.start - 4),
                                   alignment_mode="expand")
        if colon is None or not len(colon):
            return None
        # the colon often hangs off the quote's own verb: take the nearest finite verb before it instead
        sent_start = self.sents[self._sent_index.get(colon[0].i, 0)].start if self.sents else 0
        for tok in reversed(self.doc[sent_start : colon[0].i]):
            if tok.tag_ in ("VBD", "VBZ", "VBP") and not self._quoted[tok.i]:
                name, _ = self.speaker_of(tok)
                if name:
                    return name, tok
        return None

    def _other_speaker_between(self, prev: Quote, start: int) -> bool:
        """Whether someone else became the subject between the previous quote and this one."""
        if start - prev.end > 400:
            return True
        lo = bisect.bisect_left(self._subject_pos, prev.end)
        hi = bisect.bisect_left(self._subject_pos, start)
        return any(s.name != prev.speaker and s.label in ("PERSON", "ORG") for s in self.subjects[lo:hi])

    def _previous_sentence_person(self, start: int) -> str | None:
        """ "Jones disagreed. “They cheated.”": the person who is the subject just before the quote."""
        tok = self.doc.char_span(start, start + 1, alignment_mode="expand")
        if tok is None or not len(tok):
            return None
        sent = self._sent_index.get(tok[0].i, 0)
        hi = bisect.bisect_left(self._subject_pos, start)
        cands = [s for s in self.subjects[max(0, hi - 20) : hi] if s.sent == sent - 1 and s.label == "PERSON"]
        return cands[-1].name if cands else None

    # -- extraction ------------------------------------------------------------------------

    def direct(self) -> list[Quote]:
        quotes: list[Quote] = []
        prev: Quote | None = None
        prev_para = -1
        for q in self.quote_spans:
            sents = self._sentences_around(q)
            if not sents:
                continue
            frame = [t for s in sents for t in s if not self._quoted[t.i] and not t.is_punct]
            verbs = [t for t in frame if t.lower_ in REPORTING and t.tag_.startswith("VB")]
            text = self.text[q.start : q.end]
            stripped = text.rstrip(" ,;:")
            end = q.start + len(stripped)
            start = q.start + (len(stripped) - len(stripped.lstrip()))
            quote = Quote(text=stripped.strip(), start=start, end=end, speaker=None, direct=True)
            para = self.paragraph_of(q.start)
            if verbs:
                verb = min(verbs, key=lambda t: min(abs(t.idx - q.start), abs(t.idx - q.end)))
                quote.verb = REPORTING[verb.lower_]
                quote.speaker, _ = self.speaker_of(verb)
                quote.date = self.statement_date(verb, verb.idx)
            elif (name := self._according_to(frame)) is not None:
                quote.speaker, quote.verb = name, "according to"
                quote.date = self.statement_date(None, q.start)
            else:
                starts_sentence = not any(t.idx < q.start - 1 and not t.is_punct and not self._quoted[t.i]
                                          for t in sents[0])
                colon = self._colon_speaker(q)
                if colon is not None:
                    quote.speaker, verb = colon
                    quote.verb = REPORTING.get(verb.lower_, verb.lower_)
                    quote.date = self.statement_date(verb, verb.idx)
                elif (starts_sentence and prev is not None and para - prev_para <= 1
                      and not self._other_speaker_between(prev, q.start)):
                    quote.speaker, quote.verb, quote.date = prev.speaker, prev.verb, prev.date
                elif starts_sentence and (name := self._previous_sentence_person(q.start)) is not None:
                    quote.speaker = name
                    quote.date = self.statement_date(None, q.start)
                else:
                    quote.speaker, quote.verb = self._statement_agent(frame)
                    quote.date = self.statement_date(None, q.start)
            if quote.speaker:
                quote.role = self.roles.get(quote.speaker)
            quotes.append(quote)
            prev, prev_para = quote, para
        return quotes

    def _speech_clauses(self, verb: Token) -> list[tuple[int, int]]:
        """Token ranges [first, last] of what a reporting verb reports:

        - its clausal complement with its own subject, after it ("said (that) X") or, in newswire's
          inverted order, before it and ended by a comma ("X, a military source said");
        - the clause it interrupts as a parenthetical (``parataxis``: "X, the agency said, quoting ...");
        - when the parser lost the clause, the words after a "that" that directly follows the verb or
          its short modifiers ("said in a statement that X", "told reporters after the meeting that X").
        """
        out: list[tuple[int, int]] = []
        para = self.paragraph_of(verb.idx)
        for comp in verb.children:
            if comp.dep_ != "ccomp":
                continue
            if not any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in comp.children):
                continue  # a clause of speech has its own subject; without one it is a misparse
            first, last = comp.left_edge.i, comp.right_edge.i
            if comp.i < verb.i:
                if not (last + 1 < verb.i and self.doc[last + 1].text in (",", "--")):
                    continue  # a clause before the verb reports speech only when a comma closes it
                # "X -- the day after Y -- after Z, Deppe said": all of the sentence before the comma
                first = self.sents[self._sent_index.get(verb.i, 0)].start
            while first < last and (self.doc[first].is_space or self.doc[first].is_punct):
                first += 1
            if {self.paragraph_of(self.doc[first].idx), self.paragraph_of(self.doc[last].idx)} != {para}:
                continue  # the parser joined two paragraphs: a clause never crosses one
            out.append((first, last))
        if verb.dep_ == "parataxis" and verb.head.i < verb.i and verb.head.tag_.startswith(("VB", "MD")):
            head = verb.head
            if any(c.dep_ in _SUBJ for c in head.children):
                out.append((head.left_edge.i, verb.left_edge.i - 1))
        if not out:
            sent_end = self.sents[self._sent_index.get(verb.i, 0)].end if self.sents else len(self.doc)
            for tok in self.doc[verb.i + 1 : min(verb.i + 9, sent_end)]:
                if tok.lower_ == "that" and tok.dep_ == "mark" and tok.i + 1 < sent_end:
                    owner = tok.head.head  # "in hopes that X": X completes a noun, not the verb
                    if verb.i < owner.i < tok.i and owner.lower_ not in _STATEMENT_NOUNS:
                        break
                    out.append((tok.i + 1, sent_end - 1))
                    break
                if tok.tag_.startswith(("VB", "MD")) or tok.is_punct or self._quoted[tok.i]:
                    break
        return out

    def _clause_span(self, first: int, last: int) -> tuple[int, int] | None:
        """Character span of tokens first..last without a leading "that" and edge punctuation."""
        while first <= last and (self.doc[first].is_punct or self.doc[first].is_space
                                 or (self.doc[first].lower_ == "that" and self.doc[first].dep_ == "mark")):
            first += 1
        while last >= first and (self.doc[last].is_punct or self.doc[last].is_space):
            last -= 1
        if last < first:
            return None
        return self.doc[first].idx, self.doc[last].idx + len(self.doc[last])

    def _according_clauses(self) -> list[Quote]:
        """ "X, according to the police." / "According to officials, X.": the rest of the sentence is
        the statement of the source named after "according to"."""
        out = []
        for t in self.doc:
            if t.lower_ != "according" or self._quoted[t.i] or t.i + 1 >= len(self.doc):
                continue
            to = self.doc[t.i + 1]
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
            if to.lower_ != "to" or pobj is None:
                continue
            sent = self.sents[self._sent_index.get(t.i, 0)]
            phrase_end = max(t.right_edge.i, to.right_edge.i)
            words = [w.i for w in sent if not (w.is_punct or w.is_space)]
            if words and t.i <= words[0] + 1:  # "According to X, ..." opens the sentence
                span = self._clause_span(phrase_end + 1, sent.end - 1)
            elif words and phrase_end >= words[-1]:  # "..., according to X." closes it
                span = self._clause_span(sent.start, t.i - 1)
            else:
                continue
            if span is None or self._index.overlapping(span[0] - 2, span[1] + 2):
                continue
            speaker = self._name_of(pobj)[0]
            if not speaker or not self._can_speak(pobj):
                continue
            start, end = span
            out.append(Quote(text=self.text[start:end], start=start, end=end, speaker=speaker,
                             role=self.roles.get(speaker), verb="according to",
                             date=self.statement_date(None, start), direct=False))
        return out

    def indirect(self) -> list[Quote]:
        out = []
        seen: set[tuple[int, int]] = set()
        strings = self.doc.vocab.strings
        verbs = {strings.add(w) for w in REPORTING}
        for tok in (self.doc[i] for i, r in enumerate(self._cols) if r[4] in verbs):
            if tok.lower_ not in REPORTING or not tok.tag_.startswith("VB") or self._quoted[tok.i]:
                continue
            if REPORTING[tok.lower_] in _DIRECT_ONLY:
                continue
            for first, last in self._speech_clauses(tok):
                span = self._clause_span(first, last)
                if span is None or span in seen:
                    continue
                start, end = span
                if self._index.overlapping(start - 2, end + 2):
                    continue
                speaker, _ = self.speaker_of(tok)
                if not speaker:
                    continue
                seen.add(span)
                text = self.text[start:end]
                out.append(Quote(text=text, start=start, end=end, speaker=speaker,
                                 role=self.roles.get(speaker), verb=REPORTING[tok.lower_],
                                 date=self.statement_date(tok, tok.idx), direct=False))
        return out + self._according_clauses()

    def quotes(self) -> list[Quote]:
        return sorted(self.direct() + self.indirect(), key=lambda q: (q.start, q.end))

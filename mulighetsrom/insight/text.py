"""Norwegian (bokmål) text normalisation for theme suggestions.

Pure module: no Django. The pipeline is

    text -> lowercase -> letter runs (æ, ø, å and other letters kept; digits and punctuation
    split words and are dropped) -> stop words and one-letter words removed -> Snowball
    Norwegian stem.

Stems are what the clustering counts; the surface words are kept alongside so that a theme can
be labelled with a word a person would write ("måltidene" rather than the stem "måltid" or
"beboern").
"""

import re
from collections.abc import Iterator
from functools import lru_cache

import snowballstemmer

# A run of letters. `[^\W\d_]` is "a word character that is neither a digit nor an underscore",
# which in Python's Unicode regexes means letters, including æ, ø, å, é and ü.
_WORD = re.compile(r"[^\W\d_]+")

# Written for this project: common bokmål function words (pronouns, determiners, prepositions,
# conjunctions, auxiliaries and modal verbs, frequent adverbs and quantifiers), a handful of
# nynorsk forms that turn up in bokmål speech notes, filler words from interview transcripts, and
# the inflected forms of light verbs (gi, gå, komme, ta, se, stå, ligge, trenge, ønske …) that
# carry grammar rather than topic in quotes like "vi trenger …", "det gir …".
# Content words are deliberately *not* here, even very frequent ones in our domain (beboer, rom,
# personale): whether they carry a theme is the TF-IDF weighting's job, not the stop list's.
_STOP_WORDS_TEXT = """
    et jeg meg min mitt mine du deg din ditt dine han ham hans hun henne hennes den det dens
    vi oss vår vårt våre dere deres de dem sin sitt sine seg selv selve man en ett ei eit
    noen noe noens ingen intet ingenting ingen hverandre alle alt allting annen annet andre
    hver hvert hvem hva hvilken hvilket hvilke hvis hvor hvordan hvorfor hvordan når da der
    her dit hit derfra herfra som enn så om at og eller men for fordi mens før etter siden
    både verken hverken enten samt dersom skjønt selv om idet inntil hvorvidt likevel
    i på av til fra med mot under over ved hos etter uten innen utenfor innenfor gjennom
    mellom blant bak foran langs rundt omkring forbi ifølge tross pga angående vedrørende
    per pr opp ned ut inn bort borte hjem hjemme frem fram tilbake oppe nede ute inne
    være er var vært blir bli ble blitt har ha hadde hatt kan kunne kunnet skal skulle
    vil ville villet må måtte får få fikk fått gjør gjøre gjorde gjort bør burde tør
    turde la lar lot sies synes syns
    gir gi ga gitt går gå gikk gått kommer komme kom kommet tar ta tok tatt ser se så sett
    står stå sto stod stått ligger ligge lå ligget sitter sitte satt sittet trenger trenge
    trengte trengs ønsker ønske ønsket bruker bruke brukte brukt finnes finne fins fant funnet
    sier si sa sagt vet vite visste tror tro trodde føles føle følte virker blir
    ikke ikkje ja nei jo nok vel bare kun også òg ennå enda allerede alltid aldri ofte
    sjelden iblant stadig gjerne kanskje sikkert visst nettopp akkurat faktisk liksom
    egentlig jo nå nu da så altså dermed derfor således likeså også heller enn mer mest
    mye mange flere flest færre færrest litt lite noe noen få ganske veldig svært helt
    meget særlig spesielt nesten omtrent cirka ca dessuten ellers forresten riktignok
    også samme slik sånn sånt sånne slike slikt slags dette disse denne dette hin
    ene eneste første siste neste forrige egen eget egne hele heile
    ei eg me oss dykk dei deira kva kvar korleis kvifor ikkje berre mykje noko nokon
    inga ingen kven vere vore vert vart hjå frå gjennom medan sidan
    eh øh æh hm mm altså liksom vet skjønner
    en to tre fire fem seks sju syv åtte ni ti
"""
STOP_WORDS: frozenset[str] = frozenset(_STOP_WORDS_TEXT.split())

_stemmer = snowballstemmer.stemmer("norwegian")


def tokenize(text: str) -> list[str]:
    """Lowercase ``text`` and split it into letter-only words, in order.

    Numbers and punctuation separate words and are dropped ("2040" and "4-6" give nothing,
    "rom-programmet" gives two words). Stop words are *not* removed here.
    """
    words = []
    for run in _WORD.findall(text.lower()):
        if run.isalpha():
            words.append(run)
        else:  # rare: letter-like symbols such as "²" that \w accepts but are not letters
            words.extend("".join(c if c.isalpha() else " " for c in run).split())
    return words


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball Norwegian stem of a lowercase word (cached; the stemmer is pure Python)."""
    return str(_stemmer.stemWord(word))


def content_words(text: str) -> Iterator[str]:
    """The lowercase words of ``text`` that are neither stop words nor a single letter."""
    for word in tokenize(text):
        if len(word) > 1 and word not in STOP_WORDS:
            yield word


def analyze(text: str) -> list[str]:
    """Stems of the content words of ``text``, in order, repeats kept.

    This is the analyzer handed to scikit-learn's ``TfidfVectorizer``; an empty list means the
    text has nothing to cluster on.
    """
    return [stem(word) for word in content_words(text)]


def analyze_with_surface(text: str) -> list[tuple[str, str]]:
    """``(stem, surface word)`` pairs of the content words of ``text``, in order."""
    return [(stem(word), word) for word in content_words(text)]

"""Synthetic wire-style text, deterministic from a seed.

Words are drawn from a broad vocabulary so that unrelated stories share
almost no five-word runs, as real unrelated stories do; what stories *do*
share (carried-over paragraphs, background paragraphs) is shared on purpose
by the generator, which makes the ground truth exact. Some non-ASCII text
(place names, the rupee sign, curly quotes, Devanagari) is mixed in so that
encodings are exercised end to end.
"""

from __future__ import annotations

import random

SUBJECTS = (
    "officials", "ministers", "analysts", "investors", "residents", "lawmakers", "farmers", "doctors",
    "engineers", "regulators", "diplomats", "police", "traders", "economists", "teachers", "scientists",
    "villagers", "protesters", "executives", "negotiators", "rescuers", "voters", "students", "judges",
)
VERBS = (
    "warned", "said", "agreed", "reported", "announced", "estimated", "rejected", "welcomed", "expected",
    "confirmed", "denied", "urged", "proposed", "recorded", "predicted", "questioned", "approved", "signalled",
    "criticised", "outlined", "revealed", "pledged", "disputed", "acknowledged",
)
PRESENT = (
    "weighs", "delays", "expands", "reshapes", "tests", "eases", "lifts", "cuts", "extends", "blocks",
    "revives", "shelves", "backs", "probes", "doubles", "trims",
)
NOUNS = (
    "budget", "harvest", "ceasefire", "tariff", "pipeline", "election", "vaccine", "reservoir", "bridge",
    "mandate", "subsidy", "railway", "border", "currency", "drought", "monsoon", "refinery", "satellite",
    "treaty", "factory", "airport", "stadium", "hospital", "university", "coalition", "inquiry", "shipment",
    "reform", "deficit", "surplus", "corridor", "festival", "verdict", "embargo", "merger", "outbreak",
    "grid", "port", "highway", "curfew", "auction", "quota", "pension", "wildfire", "cyclone", "audit",
)
ADJECTIVES = (
    "fragile", "sweeping", "modest", "record", "delayed", "disputed", "emergency", "regional", "seasonal",
    "temporary", "ambitious", "unexpected", "cautious", "national", "fresh", "rival", "coastal", "northern",
    "southern", "eastern", "western", "interim", "landmark", "costly", "steady", "sharp", "quiet", "broad",
)
PLACES = (
    "Mumbai", "Nairobi", "Jakarta", "Lagos", "Kyiv", "Ankara", "Dhaka", "Lima", "Hanoi", "Accra", "Manila",
    "Geneva", "Brussels", "Ottawa", "Canberra", "Santiago", "Bogota", "Cairo", "Tunis", "Kathmandu", "Colombo",
    "Chennai", "Kolkata", "Pune", "Lucknow", "Guwahati", "São Paulo", "Zürich", "Reykjavík", "Kraków",
)
PEOPLE = (
    "Amara Okafor", "Ravi Menon", "Lena Fischer", "Tomás Álvarez", "Mei Lin", "Yusuf Demir", "Priya Nair",
    "Jonas Berg", "Fatima Zahra", "Kenji Sato", "Olga Petrova", "Samuel Mensah", "Ines Duarte", "Arjun Rao",
)
TIME_WORDS = ("on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday",
              "on Sunday", "late on Tuesday", "early on Friday", "this week", "last month", "overnight")
FILLERS = (
    "amid", "despite", "after", "before", "while", "as", "following", "ahead of", "during", "without",
    "beyond", "against", "around", "within", "across", "toward",
)
NUMBERS = ("two", "three", "four", "five", "six", "seven", "dozens of", "hundreds of", "thousands of")
#: Scheme names as Indian copy writes them: romanised, sometimes with the Devanagari.
HINDI = (("kisan", "किसान"), ("panchayat", "पंचायत"), ("mandi", "मंडी"), ("yojana", "योजना"))
OFFICES = ("office", "agency", "ministry", "committee")


def plural(noun: str) -> str:
    if noun.endswith("y") and noun[-2] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + ("es" if noun.endswith(("s", "x", "sh", "ch")) else "s")


def with_article(word: str) -> str:
    return ("an " if word[0] in "aeiou" else "a ") + word


def sentence(rng: random.Random) -> str:
    """One wire-style sentence of about 20-35 words."""
    parts = [
        rng.choice(ADJECTIVES).capitalize(), rng.choice(SUBJECTS), "in", rng.choice(PLACES),
        rng.choice(VERBS), rng.choice(TIME_WORDS), "that the", rng.choice(ADJECTIVES), rng.choice(NOUNS),
        "would", rng.choice(("affect", "delay", "expand", "reshape", "cost", "protect", "test", "ease")),
        rng.choice(NUMBERS), plural(rng.choice(NOUNS)), rng.choice(FILLERS), with_article(rng.choice(ADJECTIVES)),
        rng.choice(NOUNS),
    ]
    for _ in range(rng.randint(2, 5)):
        parts += [rng.choice(FILLERS), "the", rng.choice(ADJECTIVES), rng.choice(NOUNS)]
    if rng.random() < 0.25:
        parts += [f"worth ₹{rng.randint(2, 900)} crore"]
    if rng.random() < 0.2:
        roman, devanagari = rng.choice(HINDI)
        parts += ["under the", roman, f"({devanagari})" if rng.random() < 0.5 else "", "scheme"]
    return " ".join(p for p in parts if p) + "."


def quote(rng: random.Random) -> str:
    said = rng.choice(PEOPLE)
    inner = sentence(rng).rstrip(".")
    return f"“{inner},” {said}, a spokesperson for the {rng.choice(NOUNS)} {rng.choice(OFFICES)}, said."


def paragraph(rng: random.Random) -> str:
    """Two or three sentences, sometimes a quote."""
    parts = [sentence(rng) for _ in range(rng.randint(2, 3))]
    if rng.random() < 0.3:
        parts.append(quote(rng))
    return " ".join(parts)


def headline(rng: random.Random) -> str:
    """A headline in one of a few wire shapes (each with a large space of fillings)."""
    shape = rng.randrange(4)
    if shape == 0:
        return (f"{rng.choice(PLACES)} {rng.choice(SUBJECTS)} {rng.choice(VERBS)} over {rng.choice(ADJECTIVES)} "
                f"{rng.choice(NOUNS)} {rng.choice(FILLERS)} {rng.choice(NOUNS)} talks")
    if shape == 1:
        return (f"{rng.choice(ADJECTIVES).capitalize()} {rng.choice(NOUNS)} {rng.choice(PRESENT)} "
                f"{plural(rng.choice(NOUNS))} in {rng.choice(PLACES)}, {rng.choice(SUBJECTS)} say")
    if shape == 2:
        return (f"{rng.choice(PLACES)}: {rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(ADJECTIVES)} "
                f"{rng.choice(NOUNS)} {rng.choice(FILLERS)} {rng.choice(NUMBERS)} {plural(rng.choice(NOUNS))}")
    person = rng.choice(PEOPLE).split()[-1]
    return (f"{person} {rng.choice(PRESENT)} {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} plan "
            f"{rng.choice(FILLERS)} {rng.choice(NOUNS)} row in {rng.choice(PLACES)}")


def light_edit(rng: random.Random, text: str) -> str:
    """A sub-editor's touch on a carried-over paragraph: one verb swapped."""
    words = text.split(" ")
    spots = [i for i, w in enumerate(words) if w in VERBS]
    if not spots:
        return text
    i = rng.choice(spots)
    words[i] = rng.choice([v for v in VERBS if v != words[i]])
    return " ".join(words)


def summary_brief(rng: random.Random) -> str:
    """One brief of a daily round-up: a lead phrase and a paragraph."""
    return f"{rng.choice(ADJECTIVES).capitalize()} {rng.choice(NOUNS)} in {rng.choice(PLACES)}: {paragraph(rng)}"

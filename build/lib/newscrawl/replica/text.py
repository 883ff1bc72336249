"""Synthetic wire-style text, deterministic from a seed.

Words are drawn from a broad vocabulary so that unrelated stories share
almost no five-word runs, as real unrelated stories do; what stories *do*
share (carried-over paragraphs, background paragraphs) is shared on purpose
by the generator, which makes the ground truth exact.
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
HINDI = ("kisan", "panchayat", "mandi", "yojana")


def plural(noun: str) -> str:
    return noun[:-1] + "ies" if noun.endswith("y") else noun + "s"


def sentence(rng: random.Random) -> str:
    """One wire-style sentence of about 20-35 words."""
    parts = [
        rng.choice(ADJECTIVES).capitalize(), rng.choice(SUBJECTS), "in", rng.choice(PLACES),
        rng.choice(VERBS), rng.choice(TIME_WORDS), "that the", rng.choice(ADJECTIVES), rng.choice(NOUNS),
        "would", rng.choice(("affect", "delay", "expand", "reshape", "cost", "protect", "test", "ease")),
        rng.choice(NUMBERS), plural(rng.choice(NOUNS)), rng.choice(FILLERS), "a", rng.choice(ADJECTIVES),
        rng.choice(NOUNS),
    ]
    for _ in range(rng.randint(2, 5)):
        parts += [rng.choice(FILLERS), "the", rng.choice(ADJECTIVES), rng.choice(NOUNS)]
    if rng.random() < 0.25:
        parts += [f"worth ₹{rng.randint(2, 900)} crore"]
    if rng.random() < 0.2:
        parts += ["under the", rng.choice(HINDI), "scheme"]
    return " ".join(parts) + "."


def quote(rng: random.Random) -> str:
    said = rng.choice(PEOPLE)
    inner = sentence(rng).rstrip(".")
    return f"“{inner},” {said}, a spokesperson for the {rng.choice(NOUNS)} {rng.choice(('office', 'agency', 'ministry', 'committee'))}, said."


def paragraph(rng: random.Random) -> str:
    """Two or three sentences, sometimes a quote."""
    parts = [sentence(rng) for _ in range(rng.randint(2, 3))]
    if rng.random() < 0.3:
        parts.append(quote(rng))
    return " ".join(parts)


def headline(rng: random.Random) -> str:
    return (f"{rng.choice(PLACES)} {rng.choice(SUBJECTS)} {rng.choice(VERBS)} over {rng.choice(ADJECTIVES)} "
            f"{rng.choice(NOUNS)} {rng.choice(FILLERS)} {rng.choice(NOUNS)} talks")


def summary_brief(rng: random.Random) -> str:
    """One brief of a daily round-up: a bold-ish lead phrase and a paragraph."""
    return f"{rng.choice(ADJECTIVES).capitalize()} {rng.choice(NOUNS)} in {rng.choice(PLACES)}: {paragraph(rng)}"

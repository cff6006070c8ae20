"""Fake identities for demo data: names nobody could mistake for a real person's, phone
numbers from ranges reserved for fiction, document numbers, e-mail addresses at reserved
domains.

Names: a common given name of the nationality with a family name that is visibly made up
("Sita Demo-Tamang", "Rahim Sample-Khan"). Phones: Nepal, India, Bangladesh and Malaysia
publish no ranges reserved for fiction, so demo phones come from ranges that are: the UK
regulator Ofcom's drama numbers (07700 900xxx, 020 7946 0xxx, ...) and the North American
555-0100..0199 block. E-mail addresses use the domains reserved by RFC 2606 (example.org ...).
Nothing here can reach a real person.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

FAMILY_MARKERS = ("Demo", "Sample")

# nationality -> (feminine given names, masculine given names, family names)
NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "NP": (
        ("Sita", "Gita", "Maya", "Sunita", "Kamala", "Laxmi", "Binita", "Sabina", "Rina",
         "Anjali", "Sarita", "Puja", "Mina", "Nirmala", "Sarmila", "Dolma", "Pasang", "Januka",
         "Asmita", "Roshani"),
        ("Ram", "Hari", "Bishnu", "Suman", "Prakash", "Dipak", "Raju", "Bikash", "Santosh",
         "Pemba", "Dawa", "Mingmar", "Krishna", "Bhim", "Sagar", "Nabin"),
        ("Tamang", "Gurung", "Magar", "Rai", "Limbu", "Sherpa", "Thapa", "Shrestha", "Lama",
         "Chaudhary", "Tharu", "Yadav", "Khadka", "Bhandari", "Adhikari", "Karki", "Pariyar"),
    ),
    "BD": (
        ("Fatema", "Nasrin", "Shirin", "Ruma", "Moushumi", "Salma", "Rehana", "Taslima",
         "Jesmin", "Sumaiya", "Mitu", "Shapla"),
        ("Rahim", "Karim", "Rashed", "Jamal", "Shafiq", "Mizan", "Sohel", "Rubel", "Jahangir",
         "Alamgir", "Habib", "Masud"),
        ("Khan", "Hossain", "Islam", "Rahman", "Akter", "Miah", "Sarkar", "Uddin", "Mondal",
         "Sheikh", "Chowdhury"),
    ),
    "IN": (
        ("Priya", "Pooja", "Anita", "Meena", "Lakshmi", "Kavita", "Rekha", "Asha", "Jyoti",
         "Mamata", "Sangita", "Basanti", "Parvati", "Salomi"),
        ("Sunil", "Ravi", "Arjun", "Rakesh", "Manoj", "Vijay", "Sanjay", "Ramesh", "Birsa",
         "Mohan", "Imran", "Salim", "Mahesh"),
        ("Kumar", "Singh", "Das", "Oraon", "Munda", "Kujur", "Tirkey", "Majhi", "Naik", "Patel",
         "Sharma", "Reddy", "Nair", "Ansari"),
    ),
    "ID": (
        ("Siti", "Dewi", "Ayu", "Sri", "Nur", "Wulan", "Lestari", "Fitri", "Yuni"),
        ("Budi", "Agus", "Joko", "Rudi", "Eko", "Hendra", "Yohanes"),
        ("Wati", "Susanti", "Rahayu", "Santoso", "Hidayat", "Saputra", "Setiawan"),
    ),
    "MM": (
        ("Khin", "Thida", "Hla", "Nwe", "Su", "May", "Aye"),
        ("Aung", "Kyaw", "Zaw", "Min", "Htet", "Soe", "Tun", "Naing"),
        ("Myint", "Win", "Oo", "Htun", "Lwin", "Thein"),
    ),
    "NG": (
        ("Blessing", "Joy", "Precious", "Chioma", "Ngozi", "Favour", "Osas", "Efe", "Glory",
         "Mercy", "Peace"),
        ("Emeka", "Chinedu", "Osagie", "Tunde", "Femi", "Ikenna"),
        ("Okafor", "Eze", "Okoro", "Obi", "Adeyemi", "Ogunleye", "Uwaifo", "Osaro", "Nwosu",
         "Bello"),
    ),
    "MY": (
        ("Nurul", "Siti", "Mei Ling", "Kavitha"),
        ("Ahmad", "Azlan", "Wei Jie", "Rajan", "Hafiz"),
        ("Tan", "Lim", "Wong", "Abdullah", "Ismail", "Pillai"),
    ),
    "TH": (
        ("Nok", "Ploy"),
        ("Somchai", "Anan", "Prasert"),
        ("Srisuk", "Wongsa", "Chaiyo"),
    ),
}

# Nicknames a person is known by (at home, or the name given to them where exploited).
ALIASES: dict[str, tuple[str, ...]] = {
    "NP": ("Kanchi", "Maili", "Saili", "Kale", "Bhai", "Nani", "Babu", "Pinky"),
    "BD": ("Munni", "Shathi", "Bablu", "Moni", "Rani", "Keya"),
    "IN": ("Chhotu", "Guddi", "Pinki", "Babli", "Raju", "Munna"),
    "ID": ("Ning", "Yayuk", "Mbak Ayu", "Ucok"),
    "MM": ("Ko Ko", "Ma Ma", "Thu Thu"),
    "NG": ("Jessica", "Princess", "Sandra", "Vivian", "Baby"),
}
# Names given to a person where they were exploited, to hide their origin.
WORK_NAMES = ("Priya", "Pinky", "Sweety", "Jenny", "Lucky", "Rosy", "Nisha")

PERPETRATOR_ALIASES = ("Dai", "Sahuji", "Boss", "Madam", "Auntie", "Uncle", "Captain",
                       "Sardar", "Mama", "Didi", "Bhaiya", "Agent Ji", "Big Brother")

EMAIL_DOMAINS = ("example.org", "example.net", "example.com")


def _reserved_phones() -> list[str]:
    """Numbers from ranges reserved for use in fiction and examples (6,500 of them)."""
    numbers = [f"+44 7700 900{n:03d}" for n in range(1000)]         # Ofcom drama, mobile
    numbers += [f"+44 20 7946 0{n:03d}" for n in range(1000)]       # Ofcom drama, London
    numbers += [f"+44 161 496 0{n:03d}" for n in range(1000)]       # Ofcom drama, Manchester
    numbers += [f"+44 121 496 0{n:03d}" for n in range(1000)]       # Ofcom drama, Birmingham
    numbers += [f"+44 113 496 0{n:03d}" for n in range(1000)]       # Ofcom drama, Leeds
    numbers += [f"+44 1632 960{n:03d}" for n in range(1000)]        # Ofcom drama, no area
    for area in ("202", "212", "312", "415", "617"):
        numbers += [f"+1 {area}-555-01{n:02d}" for n in range(100)]  # NANP fictional block
    return numbers


class FakeIdentities:
    """Hands out names, phones, e-mails and document numbers from one seeded generator.

    Phone numbers are handed out without repetition (until the pool runs out), so that two
    demo cases share a phone only when the scenario means them to (a recruiter's number)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        pool = _reserved_phones()
        rng.shuffle(pool)
        self._phones: Iterator[str] = iter(pool)
        self._pool = pool
        self._emails = 0

    def given_name(self, nationality: str, gender: str) -> str:
        feminine, masculine, _ = NAMES.get(nationality, NAMES["NP"])
        if gender in ("Feminine", "TransgenderFeminine"):
            return self.rng.choice(feminine)
        if gender in ("Masculine", "TransgenderMasculine"):
            return self.rng.choice(masculine)
        return self.rng.choice(feminine + masculine)

    def family_name(self, nationality: str) -> str:
        _, _, families = NAMES.get(nationality, NAMES["NP"])
        return f"{self.rng.choice(FAMILY_MARKERS)}-{self.rng.choice(families)}"

    def full_name(self, nationality: str, gender: str) -> str:
        return f"{self.given_name(nationality, gender)} {self.family_name(nationality)}"

    def alias(self, nationality: str, given_name: str, exploited_for_sex: bool) -> str:
        choice = self.rng.random()
        if exploited_for_sex and choice < 0.4:
            return self.rng.choice(WORK_NAMES)
        if choice < 0.7:
            return self.rng.choice(ALIASES.get(nationality, ALIASES["NP"]))
        return f"{given_name} {self.rng.choice('ABDGKMRST')}."

    def phone(self) -> str:
        try:
            return next(self._phones)
        except StopIteration:  # more demo phones than the reserved ranges hold: reuse
            return self.rng.choice(self._pool)

    def email(self, given_name: str, family_name: str) -> str:
        self._emails += 1
        local = f"{given_name}.{family_name}".lower().replace(" ", "")
        return f"{local}{self._emails}@{self.rng.choice(EMAIL_DOMAINS)}"

    def document_number(self, kind: str, country: str) -> str:
        """A number in the rough shape of the country's documents (not a real series)."""
        d, pick = self.rng.randint, self.rng.choice
        if kind == "passport":
            if country == "NP":
                return f"{d(10, 19):02d}{d(0, 999999):06d}"
            if country == "IN":
                return f"{pick('JKLMNPRSTUVWZ')}{d(0, 9999999):07d}"
            if country == "BD":
                return f"{pick(('A', 'B', 'EB', 'EF'))}{d(0, 9999999):07d}"
            if country == "ID":
                return f"{pick('BCX')}{d(0, 9999999):07d}"
            if country == "MM":
                return f"M{d(0, 9999999):07d}"
            return f"A{d(0, 99999999):08d}"
        if kind == "national_id":
            if country == "NP":  # citizenship certificate: district-ward-year-serial
                return f"{d(1, 77):02d}-{d(1, 19):02d}-{d(70, 81):02d}-{d(0, 99999):05d}"
            if country == "IN":
                return f"{d(2000, 9999)} {d(0, 9999):04d} {d(0, 9999):04d}"
            return f"{d(0, 9999999999):010d}"
        if kind == "work_permit":
            return f"WP-{d(0, 99999999):08d}"
        if kind == "visa":
            return f"V{d(0, 999999999):09d}"
        return f"{d(0, 99999999):08d}"

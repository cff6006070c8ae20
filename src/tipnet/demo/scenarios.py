"""What the demo is made of: the organisations, who works there, and the kinds of case each
one meets, along real-world corridors (Nepal -> India -> Gulf, Nepal/Bangladesh -> Malaysia,
Bangladesh -> India, Indonesia -> Malaysia, recruitment into scam compounds in Myanmar ...).

Organisations are fictional and marked "(demo)"; places, border crossings and airports are
real, because a demo of routes and hotspots is only useful if the map makes sense. All codes
come from tipnet's code lists (tipnet/codelists/data) and are checked when cases are created.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# --- Organisations -----------------------------------------------------------------------


@dataclass(frozen=True)
class OrgSpec:
    key: str
    name: str
    kind: str            # organisation_type code list
    htcds_type: str      # htcds_org_type code list
    country: str
    city: str
    case_prefix: str
    teams: tuple[str, ...]
    # role -> teams of that user (the main organisation gets a user of every role)
    staff: dict[str, tuple[str, ...]]
    decided_by: str      # status_decision_org code when this organisation decides a status
    share: float         # share of the demo cases this organisation holds
    profiles: dict[str, int]  # profile key -> weight
    main: bool = False


ORGANISATIONS: tuple[OrgSpec, ...] = (
    OrgSpec(
        key="hsm", name="Himal Safe Migration Network (demo)", kind="ngo", htcds_type="NGO",
        country="NP", city="Kathmandu", case_prefix="HSM",
        teams=("Protection", "Outreach", "Reintegration"),
        staff={"hotline_operator": ("Outreach",), "screener": ("Outreach",),
               "caseworker": ("Protection", "Reintegration"), "supervisor": ("Protection",),
               "investigator": (), "analyst": (), "org_admin": ()},
        decided_by="NGO", share=0.36, main=True,
        profiles={"np_gulf_domestic": 4, "np_gulf_construction": 3, "np_india_sex": 3,
                  "np_malaysia_factory": 3, "np_scam_compound": 2, "np_entertainment": 2,
                  "np_child_labour": 1, "np_forced_marriage": 1},
    ),
    OrgSpec(
        key="ags", name="Asha Griha Shelter, Biratnagar (demo)", kind="shelter",
        htcds_type="NGO", country="NP", city="Biratnagar", case_prefix="AGS",
        teams=("Shelter care",),
        staff={"org_admin": (), "supervisor": ("Shelter care",),
               "caseworker": ("Shelter care",)},
        decided_by="NGO", share=0.14,
        profiles={"np_india_sex": 4, "np_entertainment": 3, "np_gulf_domestic": 2,
                  "np_forced_marriage": 1, "np_child_labour": 1},
    ),
    OrgSpec(
        key="shl", name="Suraksha Helpline, Kolkata (demo)", kind="hotline", htcds_type="NGO",
        country="IN", city="Kolkata", case_prefix="SHL",
        teams=("Hotline desk", "Follow-up"),
        staff={"org_admin": (), "supervisor": ("Hotline desk",),
               "hotline_operator": ("Hotline desk",), "caseworker": ("Follow-up",)},
        decided_by="NGO", share=0.18,
        profiles={"bd_india_sex": 3, "in_sex_internal": 3, "in_domestic_delhi": 2,
                  "in_forced_marriage": 2, "in_scam_compound": 1, "in_forced_begging": 1,
                  "in_gulf": 1, "in_brick_kiln": 1},
    ),
    OrgSpec(
        key="aht", name="Anti-Human Trafficking Unit, Siliguri (demo)", kind="police",
        htcds_type="LawEnforcement", country="IN", city="Siliguri", case_prefix="AHT",
        teams=("Investigations",),
        staff={"org_admin": (), "supervisor": ("Investigations",),
               "investigator": ("Investigations",), "analyst": ()},
        decided_by="Police", share=0.14,
        profiles={"np_india_sex": 3, "bd_india_sex": 2, "in_sex_internal": 2,
                  "np_gulf_intercepted": 2, "in_forced_marriage": 1, "in_brick_kiln": 1},
    ),
    OrgSpec(
        key="lkv", name="Labour Inspectorate, Klang Valley (demo)", kind="labour_inspectorate",
        htcds_type="CentralGovernmentOrganisation", country="MY", city="Kuala Lumpur",
        case_prefix="LKV", teams=("Inspection team",),
        staff={"org_admin": (), "supervisor": ("Inspection team",),
               "screener": ("Inspection team",), "investigator": ("Inspection team",)},
        decided_by="NonPoliceGovernmentalOrganization", share=0.18,
        profiles={"np_malaysia_factory": 3, "bd_malaysia_air": 3, "bd_malaysia_sea": 2,
                  "id_malaysia_domestic": 3, "id_sabah_plantation": 1,
                  "mm_malaysia_fishing": 2, "ng_malaysia_sex": 1, "in_malaysia_services": 2},
    ),
)

# --- Routes ------------------------------------------------------------------------------
# A route starts at a place of origin and goes through hops. A hop's destination is a list of
# (country, place) options, or a dict keyed by the current country (for "somewhere in the
# same country", e.g. the place of exploitation after arriving in a city).

Dest = tuple[tuple[str, str], ...] | dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Hop:
    stage: str                    # event_type code: Recruitment, Transit, Exploitation
    dest: Dest
    transport: tuple[str, ...]    # transport_means codes
    crossings: tuple[str, ...] = ()
    days: tuple[int, int] = (0, 2)  # travel time


@dataclass(frozen=True)
class Route:
    origin: tuple[tuple[str, str], ...]  # (country, place) options
    hops: tuple[Hop, ...]


def _at(country: str, *places: str) -> tuple[tuple[str, str], ...]:
    return tuple((country, p) for p in places)


NP_DISTRICTS = _at("NP", "Sindhupalchok", "Nuwakot", "Makwanpur", "Dhading", "Rautahat",
                   "Sarlahi", "Sunsari", "Morang", "Jhapa", "Kavrepalanchok", "Rasuwa",
                   "Dolakha", "Rupandehi", "Banke", "Sindhuli", "Udayapur")
# Crossings of the open Nepal–India border: (crossing, Nepali town, Indian town, districts
# whose people usually cross there).
NP_BORDER = (
    ("Sunauli–Bhairahawa", "Bhairahawa", "Gorakhpur",
     ("Rupandehi", "Nawalparasi", "Palpa", "Syangja", "Kapilvastu")),
    ("Birgunj–Raxaul", "Birgunj", "Raxaul",
     ("Makwanpur", "Rautahat", "Sarlahi", "Sindhupalchok", "Nuwakot", "Dhading",
      "Kavrepalanchok", "Dolakha", "Rasuwa", "Parsa", "Bara")),
    ("Kakarbhitta–Panitanki", "Kakarbhitta", "Siliguri",
     ("Jhapa", "Ilam", "Morang", "Sunsari", "Udayapur", "Sindhuli")),
    ("Nepalgunj–Rupaidiha", "Nepalgunj", "Lucknow", ("Banke", "Bardiya", "Dang", "Surkhet")),
    ("Biratnagar–Jogbani", "Biratnagar", "Jogbani", ("Morang", "Sunsari", "Dhankuta")),
    ("Gaddachauki–Banbasa", "Mahendranagar", "Banbasa", ("Kanchanpur", "Kailali", "Doti")),
)
GULF = (("AE", "Dubai"), ("AE", "Sharjah"), ("KW", "Kuwait City"), ("SA", "Riyadh"),
        ("SA", "Jeddah"), ("QA", "Doha"), ("OM", "Muscat"), ("BH", "Manama"))
GULF_AIRPORTS = {"Dubai": "Dubai International Airport", "Sharjah": "Sharjah International Airport",
                 "Kuwait City": "Kuwait International Airport",
                 "Riyadh": "King Khalid International Airport",
                 "Jeddah": "King Abdulaziz International Airport",
                 "Doha": "Hamad International Airport", "Muscat": "Muscat International Airport",
                 "Manama": "Bahrain International Airport"}
GULF_HOUSEHOLDS = {"AE": ("private household, Al Barsha, Dubai", "private household, Al Ain",
                          "private household, Sharjah"),
                   "KW": ("private household, Salmiya", "private household, Jahra"),
                   "SA": ("private household, Riyadh", "private household, Dammam",
                          "private household, Jeddah"),
                   "QA": ("private household, Al Rayyan",), "OM": ("private household, Seeb",),
                   "BH": ("private household, Riffa",)}
GULF_WORKSITES = {"AE": ("labour camp, Sonapur, Dubai", "construction site, Jebel Ali",
                         "security company, Abu Dhabi"),
                  "KW": ("cleaning company, Farwaniya",), "SA": ("construction site, Dammam",
                                                               "farm, Al-Kharj"),
                  "QA": ("labour camp, Industrial Area, Doha", "construction site, Lusail"),
                  "OM": ("construction site, Duqm",), "BH": ("labour camp, Sitra",)}
MY_WORKSITES = {"MY": ("glove factory, Klang", "electronics factory, Penang",
                       "security company, Kuala Lumpur", "construction site, Johor Bahru",
                       "furniture factory, Muar", "palm oil plantation, Pahang",
                       "restaurant, Shah Alam")}
INDIA_SEX = {"IN": ("Budhwar Peth, Pune", "Kamathipura, Mumbai", "GB Road, Delhi",
                    "Sonagachi, Kolkata", "hotel near the highway, Siliguri",
                    "rented flat, Gurugram")}


def _np_border_routes(final: Hop, end_cities: tuple[tuple[str, str], ...]) -> tuple[Route, ...]:
    """From a Nepali district across the open border with India, on by train or bus."""
    routes = []
    for crossing, np_town, in_town, districts in NP_BORDER:
        routes.append(Route(origin=_at("NP", *districts), hops=(
            Hop("Recruitment", _at("NP", np_town), ("bus",), days=(0, 1)),
            Hop("Transit", _at("IN", in_town), ("foot", "car", "bus"), (crossing,), (0, 1)),
            Hop("Transit", end_cities, ("train", "bus"), (), (1, 3)),
            final,
        )))
    return tuple(routes)


ROUTES: dict[str, tuple[Route, ...]] = {
    "np_gulf_domestic": tuple(
        Route(origin=_at("NP", *districts), hops=(
            Hop("Recruitment", _at("NP", "Kathmandu"), ("bus",), days=(0, 1)),
            Hop("Transit", _at("IN", "Delhi"), ("bus", "train"), (crossing,), (1, 3)),
            Hop("Transit", GULF, ("air",), ("Indira Gandhi International Airport, Delhi",)),
            Hop("Exploitation", GULF_HOUSEHOLDS, ("car",)),
        ))
        for crossing, _, _, districts in NP_BORDER[:4]
    ) + (
        Route(origin=NP_DISTRICTS, hops=(
            Hop("Recruitment", _at("NP", "Kathmandu"), ("bus",), days=(0, 1)),
            Hop("Transit", _at("LK", "Colombo"), ("air",),
                ("Tribhuvan International Airport, Kathmandu",)),
            Hop("Transit", GULF, ("air",), ("Bandaranaike International Airport, Colombo",)),
            Hop("Exploitation", GULF_HOUSEHOLDS, ("car",)),
        )),
    ),
    "np_gulf_intercepted": tuple(
        Route(origin=_at("NP", *districts), hops=(
            Hop("Recruitment", _at("NP", np_town), ("bus",), days=(0, 1)),
            Hop("Transit", _at("IN", "Siliguri", "Bagdogra"), ("foot", "car"), (crossing,)),
        ))
        for crossing, np_town, _, districts in NP_BORDER[2:3]
    ),
    "np_gulf_construction": (
        Route(origin=NP_DISTRICTS, hops=(
            Hop("Recruitment", _at("NP", "Kathmandu"), ("bus",), days=(0, 1)),
            Hop("Transit", GULF, ("air",), ("Tribhuvan International Airport, Kathmandu",)),
            Hop("Exploitation", GULF_WORKSITES, ("bus", "truck")),
        )),
        Route(origin=NP_DISTRICTS, hops=(
            Hop("Recruitment", _at("NP", "Kathmandu"), ("bus",), days=(0, 1)),
            Hop("Transit", _at("IN", "Mumbai"), ("air",),
                ("Tribhuvan International Airport, Kathmandu",)),
            Hop("Transit", GULF, ("air",),
                ("Chhatrapati Shivaji Maharaj International Airport, Mumbai",)),
            Hop("Exploitation", GULF_WORKSITES, ("bus", "truck")),
        )),
    ),
    "np_india_sex": _np_border_routes(
        Hop("Exploitation", INDIA_SEX, ("car", "unknown")),
        _at("IN", "Delhi", "Mumbai", "Pune", "Kolkata")),
    "np_entertainment": (
        Route(origin=NP_DISTRICTS, hops=(
            Hop("Recruitment", _at("NP", "Kathmandu"), ("bus",), days=(0, 1)),
            Hop("Exploitation", {"NP": ("dance bar, Thamel, Kathmandu",
                                        "cabin restaurant, Gongabu, Kathmandu",
                                        "massage parlour, Lakeside, Pokhara",
                                        "guest house, New Bus Park, Kathmandu")},
                ("bus", "motorbike")),
        )),
    ),
    "np_child_labour": (
        Route(origin=_at("NP", "Rautahat", "Sarlahi", "Sindhuli", "Mahottari", "Dang"), hops=(
            Hop("Exploitation", {"NP": ("brick kiln, Bhaktapur", "brick kiln, Lalitpur",
                                        "carpet factory, Kathmandu",
                                        "zari embroidery workshop, Kathmandu",
                                        "roadside restaurant, Narayanghat")},
                ("bus", "truck"), days=(0, 1)),
        )),
    ),
    "np_forced_marriage": _np_border_routes(
        Hop("Exploitation", {"IN": ("village near Rohtak, Haryana", "village near Alwar, "
                                    "Rajasthan", "village near Meerut, Uttar Pradesh")},
            ("bus", "car")),
        _at("IN", "Delhi", "Lucknow")),
    "np_malaysia_factory": (
        Route(origin=NP_DISTRICTS, hops=(
            Hop("Recruitment", _at("NP", "Kathmandu"), ("bus",), days=(0, 1)),
            Hop("Transit", _at("MY", "Kuala Lumpur"), ("air",),
                ("Tribhuvan International Airport, Kathmandu",)),
            Hop("Exploitation", MY_WORKSITES, ("bus", "truck")),
        )),
    ),
    "np_scam_compound": (
        Route(origin=_at("NP", "Kathmandu", "Pokhara", "Butwal", "Chitwan", "Dharan"), hops=(
            Hop("Transit", _at("TH", "Bangkok"), ("air",),
                ("Tribhuvan International Airport, Kathmandu",)),
            Hop("Transit", _at("TH", "Mae Sot"), ("car",), days=(1, 2)),
            Hop("Exploitation", _at("MM", "compound near Myawaddy"), ("boat",),
                ("Moei river, unofficial crossing",)),
        )),
        Route(origin=_at("NP", "Kathmandu", "Pokhara", "Butwal"), hops=(
            Hop("Transit", _at("TH", "Bangkok"), ("air",),
                ("Tribhuvan International Airport, Kathmandu",)),
            Hop("Transit", _at("TH", "Chiang Rai"), ("car", "air")),
            Hop("Exploitation", _at("LA", "Golden Triangle Special Economic Zone, Bokeo"),
                ("boat",), ("Mekong river, Chiang Saen",)),
        )),
    ),
    "bd_india_sex": tuple(
        Route(origin=_at("BD", "Jashore", "Satkhira", "Narail", "Khulna", "Bagerhat"), hops=(
            Hop("Recruitment", _at("BD", bd_town), ("bus",), days=(0, 1)),
            Hop("Transit", _at("IN", in_town), ("foot", "boat"), (crossing,)),
            Hop("Transit", _at("IN", "Kolkata"), ("train",)),
            Hop("Exploitation", INDIA_SEX, ("train", "car"), days=(1, 3)),
        ))
        for crossing, bd_town, in_town in (
            ("Benapole–Petrapole, unofficial crossing", "Benapole", "Bongaon"),
            ("Bhomra–Ghojadanga", "Satkhira", "Basirhat"),
            ("Ichamati river, unofficial crossing", "Kalaroa", "Hingalganj"))
    ),
    "bd_malaysia_air": (
        Route(origin=_at("BD", "Cumilla", "Brahmanbaria", "Tangail", "Sylhet", "Chandpur",
                         "Kishoreganj"), hops=(
            Hop("Recruitment", _at("BD", "Dhaka"), ("bus",), days=(0, 1)),
            Hop("Transit", _at("MY", "Kuala Lumpur"), ("air",),
                ("Hazrat Shahjalal International Airport, Dhaka",)),
            Hop("Exploitation", MY_WORKSITES, ("bus", "truck")),
        )),
    ),
    "bd_malaysia_sea": (
        Route(origin=_at("BD", "Cox's Bazar", "Teknaf", "Chattogram"), hops=(
            Hop("Recruitment", _at("BD", "Teknaf"), ("bus",), days=(0, 1)),
            Hop("Transit", _at("TH", "Ranong", "Satun"), ("boat",),
                ("Andaman Sea, by fishing trawler",), (8, 20)),
            Hop("Transit", _at("MY", "Wang Kelian, Perlis", "Padang Besar, Perlis"), ("foot",),
                ("jungle path near Padang Besar",), (2, 10)),
            Hop("Exploitation", {"MY": ("palm oil plantation, Kedah", "construction site, "
                                        "Penang", "fishing boat, Kuala Kedah")},
                ("truck",)),
        )),
    ),
    "in_sex_internal": (
        Route(origin=_at("IN", "Canning, South 24 Parganas", "Diamond Harbour",
                         "Basanti, South 24 Parganas", "Murshidabad", "Jalpaiguri"), hops=(
            Hop("Recruitment", _at("IN", "Kolkata", "Siliguri"), ("train", "bus"),
                days=(0, 1)),
            Hop("Exploitation", INDIA_SEX, ("train",), days=(1, 2)),
        )),
    ),
    "in_domestic_delhi": (
        Route(origin=_at("IN", "Gumla, Jharkhand", "Simdega, Jharkhand", "Khunti, Jharkhand",
                         "Jashpur, Chhattisgarh", "Sonitpur, Assam"), hops=(
            Hop("Recruitment", _at("IN", "Ranchi", "Guwahati"), ("bus",), days=(0, 1)),
            Hop("Transit", _at("IN", "Delhi"), ("train",), days=(1, 2)),
            Hop("Exploitation", {"IN": ("household placed by an agency, Gurugram",
                                        "household, South Delhi",
                                        "household, Noida")}, ("car",)),
        )),
    ),
    "in_forced_marriage": (
        Route(origin=_at("IN", "Dhubri, Assam", "Murshidabad", "Malda", "Nadia"), hops=(
            Hop("Recruitment", _at("IN", "Kolkata", "Guwahati"), ("bus",), days=(0, 1)),
            Hop("Transit", _at("IN", "Delhi"), ("train",), days=(1, 2)),
            Hop("Exploitation", {"IN": ("village near Rohtak, Haryana",
                                        "village near Mewat, Haryana",
                                        "village near Alwar, Rajasthan")}, ("bus", "car")),
        )),
    ),
    "in_brick_kiln": (
        Route(origin=_at("IN", "Balangir, Odisha", "Nuapada, Odisha", "Kalahandi, Odisha"),
              hops=(
            Hop("Recruitment", _at("IN", "Kantabanji"), ("bus",), days=(0, 1)),
            Hop("Transit", _at("IN", "Secunderabad"), ("train",), days=(1, 2)),
            Hop("Exploitation", {"IN": ("brick kiln, Sangareddy, Telangana",
                                        "brick kiln, Ranga Reddy, Telangana",
                                        "brick kiln, Tiruvallur, Tamil Nadu")}, ("truck",)),
        )),
    ),
    "in_forced_begging": (
        Route(origin=_at("IN", "Katihar, Bihar", "Purnia, Bihar", "Malda"), hops=(
            Hop("Exploitation", {"IN": ("Howrah station, Kolkata", "Sealdah station, Kolkata",
                                        "traffic junctions, Salt Lake, Kolkata")},
                ("train",), days=(1, 1)),
        )),
    ),
    "in_gulf": (
        Route(origin=_at("IN", "Malappuram, Kerala", "Nizamabad, Telangana",
                         "Jagtial, Telangana", "Siwan, Bihar", "Gorakhpur"), hops=(
            Hop("Recruitment", _at("IN", "Mumbai", "Hyderabad"), ("train", "bus"),
                days=(1, 2)),
            Hop("Transit", GULF, ("air",), ("Chhatrapati Shivaji Maharaj International "
                                            "Airport, Mumbai", "Rajiv Gandhi International "
                                            "Airport, Hyderabad")),
            Hop("Exploitation", GULF_WORKSITES | {k: v for k, v in GULF_HOUSEHOLDS.items()
                                                  if k not in GULF_WORKSITES},
                ("bus", "truck")),
        )),
    ),
    "in_scam_compound": (
        Route(origin=_at("IN", "Chennai", "Kochi", "Amritsar", "Delhi", "Hyderabad"), hops=(
            Hop("Transit", _at("TH", "Bangkok"), ("air",)),
            Hop("Transit", _at("TH", "Mae Sot"), ("car",), days=(1, 2)),
            Hop("Exploitation", _at("MM", "compound near Myawaddy"), ("boat",),
                ("Moei river, unofficial crossing",)),
        )),
        Route(origin=_at("IN", "Chennai", "Kochi", "Delhi", "Mumbai"), hops=(
            Hop("Transit", _at("TH", "Bangkok"), ("air",)),
            Hop("Exploitation", _at("KH", "compound in Sihanoukville"), ("car", "bus"),
                ("Aranyaprathet–Poipet",), (1, 2)),
        )),
    ),
    "in_malaysia_services": (
        Route(origin=_at("IN", "Tiruchirappalli", "Pudukkottai", "Ramanathapuram",
                         "Thanjavur"), hops=(
            Hop("Recruitment", _at("IN", "Chennai"), ("bus", "train"), days=(0, 1)),
            Hop("Transit", _at("MY", "Kuala Lumpur"), ("air",),
                ("Chennai International Airport",)),
            Hop("Exploitation", {"MY": ("restaurant, Brickfields, Kuala Lumpur",
                                        "barber shop, Klang", "grocery store, Seremban")},
                ("car",)),
        )),
    ),
    "id_malaysia_domestic": (
        Route(origin=_at("ID", "Kupang, East Nusa Tenggara", "Lombok, West Nusa Tenggara",
                         "Indramayu, West Java", "Cilacap, Central Java"), hops=(
            Hop("Recruitment", _at("ID", "Batam"), ("air", "boat"), days=(1, 3)),
            Hop("Transit", _at("MY", "Johor Bahru"), ("boat",),
                ("Stulang Laut ferry terminal", "unofficial jetty, Pasir Gudang")),
            Hop("Exploitation", {"MY": ("household, Petaling Jaya", "household, Johor Bahru",
                                        "household, Cheras, Kuala Lumpur")}, ("car",)),
        )),
    ),
    "id_sabah_plantation": (
        Route(origin=_at("ID", "Flores, East Nusa Tenggara", "Bone, South Sulawesi",
                         "Bulukumba, South Sulawesi"), hops=(
            Hop("Recruitment", _at("ID", "Nunukan"), ("boat",), days=(2, 5)),
            Hop("Transit", _at("MY", "Tawau"), ("boat",), ("Tawau ferry terminal",)),
            Hop("Exploitation", {"MY": ("palm oil plantation, Lahad Datu, Sabah",
                                        "palm oil plantation, Kunak, Sabah")}, ("truck",)),
        )),
    ),
    "mm_malaysia_fishing": (
        Route(origin=_at("MM", "Mawlamyine, Mon State", "Hpa-An, Kayin State",
                         "Dawei, Tanintharyi"), hops=(
            Hop("Recruitment", _at("MM", "Myawaddy"), ("bus",), days=(0, 1)),
            Hop("Transit", _at("TH", "Mae Sot"), ("foot", "boat"),
                ("Thai–Myanmar Friendship Bridge", "Moei river, unofficial crossing")),
            Hop("Transit", _at("TH", "Hat Yai"), ("car", "bus"), days=(1, 3)),
            Hop("Transit", _at("MY", "Bukit Kayu Hitam, Kedah"), ("car", "foot"),
                ("Sadao–Bukit Kayu Hitam",)),
            Hop("Exploitation", {"MY": ("fishing boat, Kuala Kedah", "fishing boat, Pangkor",
                                        "palm oil plantation, Perak")}, ("truck",)),
        )),
    ),
    "ng_malaysia_sex": (
        Route(origin=_at("NG", "Benin City, Edo State", "Lagos", "Warri, Delta State"), hops=(
            Hop("Recruitment", _at("NG", "Lagos"), ("bus",), days=(0, 1)),
            Hop("Transit", _at("ET", "Addis Ababa"), ("air",),
                ("Murtala Muhammed International Airport, Lagos",)),
            Hop("Transit", _at("MY", "Kuala Lumpur"), ("air",),
                ("Addis Ababa Bole International Airport",)),
            Hop("Exploitation", {"MY": ("rented flat, Kuala Lumpur", "hotel, Johor Bahru",
                                        "entertainment outlet, Penang")}, ("car",)),
        )),
    ),
}

# --- Profiles ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    nationality: str
    feminine: float                       # share of women and girls
    age: tuple[int, int]                  # age when trafficked, adults
    child_share: float                    # share of children (age 10..17)
    exploitation: tuple[str, ...]         # always
    exploitation_extra: tuple[str, ...] = ()  # sometimes
    sex_types: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()
    recruitment: tuple[str, ...] = ()
    websites: tuple[str, ...] = ()
    vulnerabilities: tuple[str, ...] = ()
    relationships: tuple[str, ...] = ("Acquainted", "Unaquainted")
    perpetrators: tuple[tuple[str, ...], ...] = ()  # role sets, one perpetrator each
    perpetrator_nationality: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    jobs: tuple[str, ...] = ("a job",)   # what was promised
    education: tuple[str, ...] = ("PrimaryEducation", "LowerSecondaryEducation")
    narrative: str = ""
    passport: bool = True                 # travelled on a passport
    extra: dict[str, str] = field(default_factory=dict)


_SEX_METHODS = ("FalsePromises", "PhysicalAbuse", "SexualAbuse", "PsychoactiveSubstance",
                "TakesEarnings", "PhysicalThreats", "ThreatensChildrenFamily",
                "PsychologicalAbuse", "DebtBondage", "WithholdsNecessities")
_LABOUR_METHODS = ("DebtBondage", "FalsePromises", "WithholdsDocuments", "TakesEarnings",
                   "ExcessiveWorkingHours", "ThreatsLawEnforcement", "RestrictsFinancialAccess",
                   "WithholdsNecessities", "PsychologicalAbuse", "RestrictsMedicalCare")
_DOMESTIC_METHODS = ("WithholdsDocuments", "ExcessiveWorkingHours", "TakesEarnings",
                     "RestrictsFinancialAccess", "PsychologicalAbuse", "PhysicalAbuse",
                     "WithholdsNecessities", "FalsePromises", "RestrictsMedicalCare",
                     "SexualAbuse")
_SCAM_METHODS = ("PhysicalThreats", "PhysicalAbuse", "WithholdsDocuments", "DebtBondage",
                 "ExcessiveWorkingHours", "FalsePromises", "PsychologicalAbuse")

PROFILES: dict[str, Profile] = {
    "np_gulf_domestic": Profile(
        nationality="NP", feminine=1.0, age=(19, 38), child_share=0.03,
        exploitation=("ForcedLabour",), exploitation_extra=("Servitude",),
        industries=("T_ActivitiesOfHouseholdsAsEmployers",), methods=_DOMESTIC_METHODS,
        recruitment=("ThroughFamilyOrFamilyEvents", "ThroughFriendsOrSocialEvents",
                     "AtAPlaceOfBusiness"),
        websites=("WhatsApp", "Viber", "FacebookMessenger"),
        vulnerabilities=("Poverty", "Migration", "Education"),
        relationships=("Acquainted", "Familial"),
        perpetrators=(("RecruiterOrIntermediary",), ("BrokerTravelAgent",),
                      ("Exploiter", "Abuser")),
        perpetrator_nationality=("NP", "IN"), languages=("ne",),
        jobs=("a housekeeper", "a nanny", "a cleaner in a hospital"),
        narrative=("{given} was told by {relation} that a family in {city} needed {job} for "
                   "US$ {salary} a month. Because domestic-work visas from Nepal were "
                   "restricted, she was taken across the border at {crossing} and flew from "
                   "India on a visit visa. The employer kept her passport; she worked {hours} "
                   "hours a day and was paid for {paid} of {months} months. She reached her "
                   "embassy's shelter and was repatriated."),
    ),
    "np_gulf_intercepted": Profile(
        nationality="NP", feminine=1.0, age=(18, 30), child_share=0.15,
        exploitation=("ForcedLabour",), industries=("T_ActivitiesOfHouseholdsAsEmployers",),
        methods=("FalsePromises", "WithholdsDocuments"),
        recruitment=("ThroughFamilyOrFamilyEvents", "ThroughOnlineSocialNetworks"),
        websites=("Facebook", "TikTok", "WhatsApp"), vulnerabilities=("Poverty", "Migration"),
        perpetrators=(("RecruiterOrIntermediary", "TravellingPartner"), ("Transporter",)),
        perpetrator_nationality=("NP", "IN"), languages=("ne", "hi"),
        jobs=("a housekeeper in the Gulf", "a job in a Dubai beauty salon"),
        narrative=("Intercepted at {crossing} travelling with a man who said he was her "
                   "{relation}. She had been promised {job}; her passport and a ticket from "
                   "Delhi were in his bag. She was referred to a shelter on the Nepal side."),
        extra={"intercepted": "1"},
    ),
    "np_gulf_construction": Profile(
        nationality="NP", feminine=0.0, age=(20, 45), child_share=0.0,
        exploitation=("ForcedLabour",),
        industries=("F_Construction", "N_AdministrativeAndSupportServiceActivities",
                    "I_AccommodationAndFoodServiceActivities"),
        methods=_LABOUR_METHODS,
        recruitment=("AtAPlaceOfBusiness", "ThroughAnOnlineAdvertisement",
                     "ThroughFriendsOrSocialEvents"),
        websites=("Facebook", "TikTok", "WhatsApp"), vulnerabilities=("Poverty", "Migration"),
        perpetrators=(("BrokerTravelAgent",), ("RecruiterOrIntermediary",), ("Exploiter",)),
        perpetrator_nationality=("NP",), languages=("ne",),
        jobs=("a driver", "a security guard", "a mason", "a hotel cleaner"),
        narrative=("{given} paid NPR {fee} in recruitment fees, borrowed at high interest, "
                   "for work as {job} in {city}. On arrival the contract was replaced, wages "
                   "were a third of what was promised and the company held his passport. He "
                   "worked {hours}-hour shifts for {months} months before a co-worker's "
                   "family contacted the hotline."),
    ),
    "np_india_sex": Profile(
        nationality="NP", feminine=1.0, age=(16, 25), child_share=0.35,
        exploitation=("SexualExploitation",), sex_types=("Prostitution",
                                                           "PrivateSexualServices"),
        industries=("", "I_AccommodationAndFoodServiceActivities"), methods=_SEX_METHODS,
        recruitment=("ThroughOnlineSocialNetworks", "ThroughFriendsOrSocialEvents",
                     "ThroughFamilyOrFamilyEvents"),
        websites=("Facebook", "TikTok", "FacebookMessenger", "Viber"),
        vulnerabilities=("Poverty", "Education", "AbuseSocialMedia", "Discrimination"),
        relationships=("Acquainted", "Familial"),
        perpetrators=(("RecruiterOrIntermediary", "TravellingPartner"), ("SoldIndividual",),
                      ("BoughtIndividual", "Exploiter")),
        perpetrator_nationality=("NP", "IN"), languages=("ne",),
        jobs=("marriage", "a job in a garment factory", "a job in a beauty parlour"),
        narrative=("{given} met a young man on social media who promised {job} in India. "
                   "He took her across the border at {crossing}; in {city} she was sold and "
                   "kept for {months} months, her earnings taken to repay a 'debt'. She was "
                   "rescued in a police raid and repatriated with help from the shelter."),
    ),
    "np_entertainment": Profile(
        nationality="NP", feminine=0.95, age=(16, 24), child_share=0.4,
        exploitation=("SexualExploitation",), exploitation_extra=("ForcedLabour",),
        sex_types=("Prostitution", "PrivateSexualServices"),
        industries=("I_AccommodationAndFoodServiceActivities",
                    "R_ArtsEntertainmentAndRecreation"),
        methods=("TakesEarnings", "DebtBondage", "PsychoactiveSubstance", "SexualAbuse",
                 "ExcessiveWorkingHours", "PsychologicalAbuse"),
        recruitment=("ThroughFriendsOrSocialEvents", "ThroughOnlineSocialNetworks"),
        websites=("TikTok", "Facebook"), vulnerabilities=("Poverty", "Education",
                                                          "Homelessness"),
        perpetrators=(("Exploiter",), ("RecruiterOrIntermediary",)),
        perpetrator_nationality=("NP",), languages=("ne",), passport=False,
        jobs=("a waitress", "a dancer", "a job in a restaurant"),
        narrative=("A friend from the village found {given} work as {job} in {city}. The "
                   "owner deducted rent and 'fines' from her wages, pushed her to drink with "
                   "customers and to go with them. Outreach workers met her on a night visit "
                   "after {months} months."),
    ),
    "np_child_labour": Profile(
        nationality="NP", feminine=0.45, age=(10, 16), child_share=1.0,
        exploitation=("ChildLabour",), exploitation_extra=("ForcedLabour",),
        industries=("C_Manufacturing", "I_AccommodationAndFoodServiceActivities"),
        methods=("DebtBondage", "ExcessiveWorkingHours", "WithholdsNecessities",
                 "PhysicalAbuse", "TakesEarnings"),
        recruitment=("ThroughFamilyOrFamilyEvents",),
        vulnerabilities=("Poverty", "Education", "SocialGroup", "Discrimination"),
        relationships=("Acquainted", "Familial"),
        perpetrators=(("RecruiterOrIntermediary",), ("Exploiter",)),
        perpetrator_nationality=("NP",), languages=("ne",), passport=False,
        jobs=("work and schooling in the city",), education=("PrimaryEducation",),
        narrative=("An agent paid {given}'s parents an advance against the season's work. "
                   "The child worked at a {place_kind} {hours} hours a day, did not attend "
                   "school and was not allowed to go home until the advance was 'repaid'. "
                   "Found during a joint inspection after {months} months."),
    ),
    "np_forced_marriage": Profile(
        nationality="NP", feminine=1.0, age=(16, 22), child_share=0.5,
        exploitation=("ForcedMarriage",), exploitation_extra=("Servitude",),
        industries=("T_ActivitiesOfHouseholdsAsEmployers",),
        methods=("FalsePromises", "PhysicalAbuse", "SexualAbuse", "PsychologicalAbuse",
                 "RestrictsFinancialAccess"),
        recruitment=("ThroughFamilyOrFamilyEvents", "ThroughFriendsOrSocialEvents"),
        vulnerabilities=("Poverty", "Education", "Discrimination"),
        relationships=("Familial", "Acquainted"),
        perpetrators=(("RecruiterOrIntermediary", "SoldIndividual"),
                      ("BoughtIndividual", "Abuser")),
        perpetrator_nationality=("NP", "IN"), languages=("ne",), passport=False,
        jobs=("marriage into a prosperous family",),
        narrative=("{given} was promised {job} across the border. She was taken through "
                   "{crossing} and married to a man in {city} who had paid a broker. She was "
                   "made to work in the house and the fields and could not leave. A neighbour "
                   "called the helpline after {months} months."),
    ),
    "np_malaysia_factory": Profile(
        nationality="NP", feminine=0.1, age=(20, 40), child_share=0.0,
        exploitation=("ForcedLabour",),
        industries=("C_Manufacturing", "N_AdministrativeAndSupportServiceActivities",
                    "A_AgricultureForestryAndFishing"),
        methods=_LABOUR_METHODS,
        recruitment=("AtAPlaceOfBusiness", "ThroughAnOnlineAdvertisement",
                     "ThroughFriendsOrSocialEvents"),
        websites=("Facebook", "TikTok"), vulnerabilities=("Poverty", "Migration",
                                                          "WorkEnvironment"),
        perpetrators=(("BrokerTravelAgent",), ("RecruiterOrIntermediary",), ("Exploiter",)),
        perpetrator_nationality=("NP", "MY"), languages=("ne",),
        jobs=("a factory worker", "a security guard"),
        narrative=("{given} paid NPR {fee} to a manpower agency for a job as {job} in "
                   "Malaysia. The employer kept his passport 'for safekeeping', deducted "
                   "levies and hostel rent, and threatened to report him to immigration when "
                   "he asked to leave. Identified during a labour inspection after {months} "
                   "months."),
    ),
    "np_scam_compound": Profile(
        nationality="NP", feminine=0.25, age=(20, 32), child_share=0.0,
        exploitation=("ForcedLabour",), exploitation_extra=("Other",),
        industries=("J_InformationAndCommunication",), methods=_SCAM_METHODS,
        recruitment=("ThroughAnOnlineAdvertisement", "ThroughOnlineSocialNetworks"),
        websites=("Telegram", "Facebook", "WhatsApp"), vulnerabilities=("Migration",),
        relationships=("Unaquainted",),
        perpetrators=(("RecruiterOrIntermediary",), ("Transporter", "Smuggler"),
                      ("Exploiter", "Abuser")),
        perpetrator_nationality=("NP", "TH", "MY"), languages=("ne", "en"),
        jobs=("customer-service work in Bangkok", "a data-entry job"),
        education=("UpperSecondaryEducation", "BachelorsOrEquivalentLevel"),
        narrative=("{given} answered an online advert for {job}. After landing in Bangkok "
                   "the group was driven to the border and taken by boat into a guarded "
                   "compound, where they were made to run online investment scams. Those who "
                   "missed targets were beaten; the family was asked for a ransom. Released "
                   "after {months} months and brought home."),
    ),
    "bd_india_sex": Profile(
        nationality="BD", feminine=1.0, age=(16, 28), child_share=0.35,
        exploitation=("SexualExploitation",), sex_types=("Prostitution",),
        methods=_SEX_METHODS,
        recruitment=("ThroughFriendsOrSocialEvents", "ThroughOnlineSocialNetworks",
                     "ThroughFamilyOrFamilyEvents"),
        websites=("Facebook", "TikTok", "Viber", "WhatsApp"),
        vulnerabilities=("Poverty", "Education", "Discrimination"),
        perpetrators=(("RecruiterOrIntermediary",), ("Smuggler", "Transporter"),
                      ("BoughtIndividual", "Exploiter")),
        perpetrator_nationality=("BD", "IN"), languages=("bn",), passport=False,
        jobs=("a job in a garment factory in Kolkata", "marriage", "work in a beauty parlour"),
        narrative=("{given} was promised {job}. A broker took her across at {crossing} "
                   "without papers and sold her in {city}. She was held for {months} months. "
                   "After rescue she stayed in a shelter while repatriation to Bangladesh was "
                   "arranged."),
    ),
    "bd_malaysia_air": Profile(
        nationality="BD", feminine=0.0, age=(20, 40), child_share=0.0,
        exploitation=("ForcedLabour",),
        industries=("F_Construction", "C_Manufacturing", "A_AgricultureForestryAndFishing"),
        methods=_LABOUR_METHODS,
        recruitment=("AtAPlaceOfBusiness", "ThroughFriendsOrSocialEvents",
                     "ThroughFamilyOrFamilyEvents"),
        websites=("Facebook", "WhatsApp", "Other"),
        vulnerabilities=("Poverty", "Migration"),
        perpetrators=(("BrokerTravelAgent",), ("RecruiterOrIntermediary",), ("Exploiter",)),
        perpetrator_nationality=("BD", "MY"), languages=("bn",),
        jobs=("a factory worker", "a construction worker", "a plantation worker"),
        narrative=("{given} sold family land to pay BDT {fee} for a job as {job} in "
                   "Malaysia. On arrival there was no job; he was moved between sites, unpaid "
                   "for {months} months and without a work permit, and warned that the police "
                   "would arrest him if he complained."),
    ),
    "bd_malaysia_sea": Profile(
        nationality="BD", feminine=0.05, age=(18, 35), child_share=0.1,
        exploitation=("ForcedLabour",), industries=("A_AgricultureForestryAndFishing",
                                                    "F_Construction"),
        methods=("DebtBondage", "PhysicalAbuse", "WithholdsNecessities",
                 "ThreatensChildrenFamily", "ThreatsLawEnforcement", "TakesEarnings"),
        recruitment=("ThroughFriendsOrSocialEvents", "AtWork"),
        vulnerabilities=("Poverty", "Migration", "Homelessness"), relationships=("Unaquainted",),
        perpetrators=(("Smuggler", "Transporter"), ("HarbouredIndividual", "Abuser"),
                      ("Exploiter",)),
        perpetrator_nationality=("BD", "MM", "TH"), languages=("bn",), passport=False,
        jobs=("work in Malaysia, paid after arrival",),
        narrative=("{given} was offered {job}. He was put on a fishing trawler off Teknaf "
                   "and spent {sea_days} days at sea, then was held in a jungle camp on the "
                   "border while the smugglers phoned his family for money. Sold on to a "
                   "{place_kind}, he worked {months} months without pay."),
    ),
    "in_sex_internal": Profile(
        nationality="IN", feminine=1.0, age=(16, 25), child_share=0.4,
        exploitation=("SexualExploitation",), sex_types=("Prostitution", "Pornography",
                                                           "RemoteInteractiveServices"),
        methods=_SEX_METHODS,
        recruitment=("ThroughOnlineSocialNetworks", "ThroughFriendsOrSocialEvents"),
        websites=("Facebook", "Instagram", "WhatsApp", "Telegram"),
        vulnerabilities=("Poverty", "Education", "AbuseSocialMedia", "AbusePhysical"),
        perpetrators=(("RecruiterOrIntermediary", "TravellingPartner"),
                      ("BoughtIndividual", "Exploiter")),
        perpetrator_nationality=("IN",), languages=("bn", "hi"), passport=False,
        jobs=("marriage", "a job in a call centre", "a part in a film"),
        narrative=("{given} was promised {job} by someone she met online and went with "
                   "him by train to {city}. She was sold to a brothel keeper and exploited "
                   "for {months} months until her family called the helpline with the "
                   "number she had used once."),
    ),
    "in_domestic_delhi": Profile(
        nationality="IN", feminine=0.9, age=(14, 25), child_share=0.45,
        exploitation=("ForcedLabour",), exploitation_extra=("ChildLabour", "Servitude"),
        industries=("T_ActivitiesOfHouseholdsAsEmployers",), methods=_DOMESTIC_METHODS,
        recruitment=("ThroughFamilyOrFamilyEvents", "ThroughFriendsOrSocialEvents"),
        vulnerabilities=("Poverty", "Education", "SocialGroup", "Discrimination"),
        relationships=("Acquainted", "Familial"),
        perpetrators=(("RecruiterOrIntermediary",), ("Exploiter",)),
        perpetrator_nationality=("IN",), languages=("hi",), passport=False,
        jobs=("a well-paid job as a domestic worker",),
        narrative=("A placement agent from the next village took {given} to {city} for "
                   "{job}. The agency collected her wages; the employer locked her in and "
                   "she worked {hours} hours a day for {months} months with no day off."),
    ),
    "in_forced_marriage": Profile(
        nationality="IN", feminine=1.0, age=(15, 22), child_share=0.5,
        exploitation=("ForcedMarriage",), exploitation_extra=("Servitude",),
        industries=("T_ActivitiesOfHouseholdsAsEmployers",),
        methods=("FalsePromises", "PhysicalAbuse", "SexualAbuse", "PsychologicalAbuse"),
        recruitment=("ThroughFamilyOrFamilyEvents",), vulnerabilities=("Poverty", "Education"),
        relationships=("Familial", "Acquainted"),
        perpetrators=(("RecruiterOrIntermediary", "SoldIndividual"),
                      ("BoughtIndividual", "Abuser")),
        perpetrator_nationality=("IN",), languages=("bn", "hi"), passport=False,
        jobs=("marriage into a prosperous family",),
        narrative=("{given}'s family was promised {job} without dowry. She was taken to "
                   "{city} and handed over to a man who had paid the broker. A neighbour "
                   "called the helpline after {months} months."),
    ),
    "in_brick_kiln": Profile(
        nationality="IN", feminine=0.4, age=(16, 50), child_share=0.15,
        exploitation=("ForcedLabour",), exploitation_extra=("ChildLabour",),
        industries=("C_Manufacturing",),
        methods=("DebtBondage", "ExcessiveWorkingHours", "RestrictsFinancialAccess",
                 "PhysicalThreats", "WithholdsNecessities", "TakesEarnings"),
        recruitment=("ThroughFriendsOrSocialEvents", "AtWork"),
        vulnerabilities=("Poverty", "SocialGroup", "Migration"),
        perpetrators=(("RecruiterOrIntermediary",), ("Exploiter",)),
        perpetrator_nationality=("IN",), languages=("hi",), passport=False,
        jobs=("seasonal work moulding bricks",),
        narrative=("{given}'s family took an advance from a labour contractor for "
                   "{job}. At the kiln the whole family worked from before dawn; the "
                   "advance grew with 'expenses' and they were told they could not leave "
                   "until it was repaid. Rescued after {months} months."),
    ),
    "in_forced_begging": Profile(
        nationality="IN", feminine=0.4, age=(7, 14), child_share=1.0,
        exploitation=("ForcedBegging",), exploitation_extra=("ChildLabour",),
        methods=("PhysicalAbuse", "WithholdsNecessities", "PsychoactiveSubstance",
                 "TakesEarnings", "PhysicalThreats"),
        recruitment=("ThroughFamilyOrFamilyEvents", "Other"),
        vulnerabilities=("Poverty", "Homelessness", "Education"),
        perpetrators=(("Exploiter", "ControlledIndividual"),),
        perpetrator_nationality=("IN",), languages=("hi", "bn"), passport=False,
        jobs=("work in the city",), education=("EarlyChildhoodEducation", "PrimaryEducation"),
        narrative=("{given} was brought to {city} for {job} and made to beg at the station "
                   "every day, handing over all takings. A railway child-help desk "
                   "identified the child after {months} months."),
    ),
    "in_gulf": Profile(
        nationality="IN", feminine=0.15, age=(22, 45), child_share=0.0,
        exploitation=("ForcedLabour",),
        industries=("F_Construction", "T_ActivitiesOfHouseholdsAsEmployers",
                    "H_TransportationAndStorage"),
        methods=_LABOUR_METHODS,
        recruitment=("AtAPlaceOfBusiness", "ThroughFriendsOrSocialEvents"),
        websites=("WhatsApp", "Facebook"), vulnerabilities=("Poverty", "Migration"),
        perpetrators=(("BrokerTravelAgent",), ("Exploiter",)),
        perpetrator_nationality=("IN",), languages=("hi",),
        jobs=("a driver", "a helper", "a construction worker"),
        narrative=("{given} went to {city} as {job} through an unregistered agent. The "
                   "sponsor confiscated the passport and stopped paying after two months. "
                   "The family called the helpline from home after {months} months."),
    ),
    "in_scam_compound": Profile(
        nationality="IN", feminine=0.2, age=(20, 32), child_share=0.0,
        exploitation=("ForcedLabour",), exploitation_extra=("Other",),
        industries=("J_InformationAndCommunication",), methods=_SCAM_METHODS,
        recruitment=("ThroughAnOnlineAdvertisement", "ThroughOnlineSocialNetworks"),
        websites=("Telegram", "WhatsApp", "Instagram"), vulnerabilities=("Migration",),
        relationships=("Unaquainted",),
        perpetrators=(("RecruiterOrIntermediary",), ("Exploiter", "Abuser")),
        perpetrator_nationality=("IN", "TH"), languages=("en", "hi"),
        jobs=("a data-entry job in Thailand", "a customer-support job"),
        education=("UpperSecondaryEducation", "BachelorsOrEquivalentLevel"),
        narrative=("{given} was recruited on a messaging app for {job}. Instead he was taken "
                   "across the border into a scam compound and forced to defraud people "
                   "online. He was freed after {months} months and called the helpline on "
                   "return."),
    ),
    "in_malaysia_services": Profile(
        nationality="IN", feminine=0.05, age=(22, 40), child_share=0.0,
        exploitation=("ForcedLabour",),
        industries=("I_AccommodationAndFoodServiceActivities", "S_OtherServiceActivities",
                    "G_WholesaleAndRetailTradeRepairOfMotorVehicles"),
        methods=_LABOUR_METHODS,
        recruitment=("AtAPlaceOfBusiness", "ThroughFamilyOrFamilyEvents"),
        vulnerabilities=("Poverty", "Migration"),
        perpetrators=(("BrokerTravelAgent",), ("Exploiter",)),
        perpetrator_nationality=("IN", "MY"), languages=("ta",),
        jobs=("a cook", "a barber", "a shop assistant"),
        narrative=("{given} came to Malaysia as {job} on a visit visa arranged by an agent. "
                   "The employer held the passport, paid nothing for {months} months and "
                   "threatened to report him as an overstayer. Identified in a joint "
                   "inspection."),
    ),
    "id_malaysia_domestic": Profile(
        nationality="ID", feminine=1.0, age=(18, 40), child_share=0.05,
        exploitation=("ForcedLabour",), exploitation_extra=("Servitude",),
        industries=("T_ActivitiesOfHouseholdsAsEmployers",), methods=_DOMESTIC_METHODS,
        recruitment=("ThroughFriendsOrSocialEvents", "AtAPlaceOfBusiness"),
        websites=("WhatsApp", "Facebook"), vulnerabilities=("Poverty", "Migration"),
        perpetrators=(("RecruiterOrIntermediary",), ("Transporter",), ("Exploiter",)),
        perpetrator_nationality=("ID", "MY"), languages=("id",),
        jobs=("a domestic worker",),
        narrative=("A sponsor (calo) recruited {given} in her village as {job}. She crossed "
                   "from Batam by ferry on a tourist pass; the employer took her passport, "
                   "she slept in the kitchen and was not paid for {months} months."),
    ),
    "id_sabah_plantation": Profile(
        nationality="ID", feminine=0.2, age=(16, 45), child_share=0.15,
        exploitation=("ForcedLabour",), exploitation_extra=("ChildLabour",),
        industries=("A_AgricultureForestryAndFishing",), methods=_LABOUR_METHODS,
        recruitment=("ThroughFamilyOrFamilyEvents", "ThroughFriendsOrSocialEvents"),
        vulnerabilities=("Poverty", "Migration", "Education"),
        perpetrators=(("RecruiterOrIntermediary", "Transporter"), ("Exploiter",)),
        perpetrator_nationality=("ID", "MY"), languages=("id",), passport=False,
        jobs=("harvesting work on an estate",),
        narrative=("{given} crossed from Nunukan to Tawau by boat for {job}. Wages were "
                   "paid by the tonne of fruit bunches and swallowed by deductions; without a "
                   "permit, the workers could not leave the estate. Identified after {months} "
                   "months."),
    ),
    "mm_malaysia_fishing": Profile(
        nationality="MM", feminine=0.05, age=(17, 35), child_share=0.1,
        exploitation=("ForcedLabour",), industries=("A_AgricultureForestryAndFishing",),
        methods=("DebtBondage", "PhysicalAbuse", "ExcessiveWorkingHours", "TakesEarnings",
                 "WithholdsDocuments", "ThreatsLawEnforcement", "WithholdsNecessities"),
        recruitment=("ThroughFriendsOrSocialEvents", "AtWork"),
        vulnerabilities=("Poverty", "Migration"), relationships=("Unaquainted",),
        perpetrators=(("Smuggler",), ("Transporter",), ("Exploiter", "Abuser")),
        perpetrator_nationality=("MM", "TH", "MY"), languages=("my",), passport=False,
        jobs=("work on a fishing boat", "plantation work"),
        narrative=("A broker in Myawaddy arranged {given}'s passage through Thailand for "
                   "{job}. The boss held the crew's papers, kept them at sea for weeks and "
                   "paid nothing for {months} months, saying their 'transport debt' was not "
                   "repaid."),
    ),
    "ng_malaysia_sex": Profile(
        nationality="NG", feminine=1.0, age=(18, 28), child_share=0.05,
        exploitation=("SexualExploitation",), sex_types=("Prostitution",),
        methods=("DebtBondage", "PsychologicalAbuse", "ThreatensChildrenFamily",
                 "TakesEarnings", "WithholdsDocuments", "FalsePromises"),
        recruitment=("ThroughFriendsOrSocialEvents", "ThroughFamilyOrFamilyEvents"),
        websites=("WhatsApp", "Facebook"), vulnerabilities=("Poverty", "Education"),
        perpetrators=(("RecruiterOrIntermediary",), ("Exploiter", "ControlledIndividual")),
        perpetrator_nationality=("NG",), languages=("en",),
        jobs=("a job in a hair salon", "a place at a college"),
        narrative=("{given} was promised {job} in Malaysia and made to swear an oath before "
                   "leaving. On arrival a 'madam' said she owed US$ {debt} for the journey and "
                   "put her to work in {city}. Identified in an inspection after {months} "
                   "months."),
    ),
}

COMMENTS = (
    "Follow-up call made; the person is safe and staying with family.",
    "Referred to legal aid for a compensation claim.",
    "Shelter placement extended by 30 days; medical check-up done.",
    "Family tracing completed; the family agrees to the return.",
    "Interpreter booked for the next interview.",
    "Livelihood grant application submitted.",
    "Statement recorded; the person does not want to testify for now.",
    "Repatriation documents requested from the embassy.",
    "Counselling sessions started (weekly).",
    "Recruitment agency's licence checked with the regulator; reported.",
)

CLOSURE_REASONS = (
    "Reintegrated with family; follow-ups completed.",
    "Person chose to stop receiving services.",
    "Moved to another district; no longer reachable.",
    "Support plan completed.",
)
REFERRAL_CLOSURES = (
    "Referred to the shelter for long-term support.",
    "Referred to a counterpart organisation in the country of origin.",
    "Handed to the police unit for investigation.",
)

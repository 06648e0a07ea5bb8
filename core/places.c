/* places.c — countries named in a text. The gazetteer below lists, per country, its
 * names, demonyms and adjectives, capital and major cities, by weight: 3 says the country
 * on its own, 2 is typical of it, 1 a hint (an ambiguous name: "Jordan", "Georgia",
 * "Chad"), 0 a phrase that contains a country's name but is not about it ("Indian Ocean",
 * "Michael Jordan"): it is recognised, scores nothing and hides the shorter name inside.
 *
 * Matching rules (the same as categorize/keywords): whole words, hyphens as spaces,
 * "Iraq's" as "Iraq", "U.S." as "US"; at each word the longest term wins and consumes its
 * words ("Northern Ireland" is GB and hides "Ireland"), and terms of the same length from
 * several countries all count. Names are proper nouns: a term's capitalised word matches
 * only a capitalised word ("China", not "china plates"; "Turkey", not "roast turkey"),
 * and a term in capitals ("US", "UK", "DRC") only capitals ("us" is a pronoun). In a text
 * with no lower-case letter (a shouted headline) capitals say nothing, so capitalised
 * words match any case and terms in capitals match nothing.
 *
 * To add a name, add it to its country's list for its weight; run `make test` (the seed
 * article must still give Iraq then Iran) and `build/tests/test_places`. */
#include "places.h"
#include "galley.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

typedef struct place_info {
    const char *code, *name;
    const char *terms[4]; /* '|'-separated, for weights 3, 2, 1 and 0 */
} place_info;

static const place_info gazetteer[] = {
    {"IQ", "Iraq",
     {"Iraq|Iraqi|Iraqis|Baghdad",
      "Mosul|Basra|Erbil|Kirkuk|Fallujah|Najaf|Karbala|Tikrit|Ramadi|Sulaymaniyah|Nineveh|Anbar|Amarah|Samarra|Iraqi Kurdistan",
      "",
      ""}},
    {"IR", "Iran",
     {"Iran|Iranian|Iranians|Tehran|Islamic Republic of Iran",
      "Isfahan|Mashhad|Tabriz|Shiraz|Qom|Khamenei|Revolutionary Guards",
      "Persian",
      "Persian Gulf"}},
    {"SY", "Syria",
     {"Syria|Syrian|Syrians|Damascus",
      "Aleppo|Homs|Idlib|Raqqa|Latakia|Deir ez-Zor|Hama",
      "",
      ""}},
    {"LB", "Lebanon",
     {"Lebanon|Lebanese|Beirut",
      "Tripoli, Lebanon|Sidon|Tyre",
      "Hezbollah",
      ""}},
    {"IL", "Israel",
     {"Israel|Israeli|Israelis|Jerusalem|Tel Aviv",
      "Haifa|Knesset|Netanyahu",
      "",
      ""}},
    {"PS", "Palestine",
     {"Palestine|Palestinian|Palestinians|Gaza|West Bank|Ramallah|Gaza Strip",
      "Hamas|Hebron|Nablus|Rafah|Khan Younis|Jenin",
      "",
      ""}},
    {"JO", "Jordan",
     {"Jordanian|Jordanians|Amman",
      "",
      "Jordan",
      "Jordan River|Michael Jordan"}},
    {"SA", "Saudi Arabia",
     {"Saudi Arabia|Saudi|Saudis|Riyadh",
      "Jeddah|Mecca|Medina",
      "",
      ""}},
    {"YE", "Yemen",
     {"Yemen|Yemeni|Yemenis|Sanaa|Houthi|Houthis",
      "Aden|Hodeidah",
      "",
      ""}},
    {"AE", "United Arab Emirates",
     {"United Arab Emirates|UAE|Emirati|Emiratis|Abu Dhabi|Dubai",
      "Sharjah",
      "",
      ""}},
    {"QA", "Qatar",
     {"Qatar|Qatari|Qataris|Doha",
      "",
      "",
      ""}},
    {"KW", "Kuwait",
     {"Kuwait|Kuwaiti|Kuwaitis",
      "",
      "",
      ""}},
    {"BH", "Bahrain",
     {"Bahrain|Bahraini|Bahrainis|Manama",
      "",
      "",
      ""}},
    {"OM", "Oman",
     {"Oman|Omani|Omanis|Muscat",
      "",
      "",
      ""}},
    {"TR", "Turkey",
     {"Turkish|Turks|Ankara|Istanbul|Türkiye",
      "Turkey|Izmir|Erdogan",
      "",
      ""}},
    {"EG", "Egypt",
     {"Egypt|Egyptian|Egyptians|Cairo",
      "Alexandria|Sinai|Suez|Luxor",
      "",
      ""}},
    {"LY", "Libya",
     {"Libya|Libyan|Libyans",
      "Tripoli|Benghazi|Misrata",
      "",
      ""}},
    {"TN", "Tunisia",
     {"Tunisia|Tunisian|Tunisians|Tunis",
      "",
      "",
      ""}},
    {"DZ", "Algeria",
     {"Algeria|Algerian|Algerians|Algiers",
      "",
      "",
      ""}},
    {"MA", "Morocco",
     {"Morocco|Moroccan|Moroccans|Rabat",
      "Casablanca|Marrakesh|Marrakech|Tangier",
      "",
      ""}},
    {"SD", "Sudan",
     {"Sudan|Sudanese|Khartoum",
      "Darfur|Omdurman",
      "",
      ""}},
    {"SS", "South Sudan",
     {"South Sudan|South Sudanese|Juba",
      "",
      "",
      ""}},
    {"AF", "Afghanistan",
     {"Afghanistan|Afghan|Afghans|Kabul",
      "Kandahar|Helmand|Herat|Mazar-i-Sharif|Jalalabad",
      "Taliban",
      ""}},
    {"PK", "Pakistan",
     {"Pakistan|Pakistani|Pakistanis|Islamabad|Karachi|Lahore",
      "Peshawar|Rawalpindi|Quetta|Waziristan",
      "Kashmir|Punjab",
      ""}},
    {"IN", "India",
     {"India|Indian|Indians|New Delhi|Delhi|Mumbai",
      "Bombay|Bangalore|Bengaluru|Kolkata|Calcutta|Chennai|Madras|Hyderabad|Bollywood",
      "Kashmir|Punjab",
      "Indian Ocean|American Indian|American Indians|West Indies"}},
    {"BD", "Bangladesh",
     {"Bangladesh|Bangladeshi|Bangladeshis|Dhaka",
      "Chittagong",
      "",
      ""}},
    {"LK", "Sri Lanka",
     {"Sri Lanka|Sri Lankan|Sri Lankans|Colombo",
      "Tamil Tigers|Jaffna",
      "",
      ""}},
    {"NP", "Nepal",
     {"Nepal|Nepalese|Nepali|Kathmandu",
      "",
      "",
      ""}},
    {"CN", "China",
     {"China|Chinese|Beijing|Shanghai|People's Republic of China",
      "Guangzhou|Shenzhen|Wuhan|Chongqing|Tianjin|Xinjiang|Tibet|Tibetan",
      "",
      ""}},
    {"TW", "Taiwan",
     {"Taiwan|Taiwanese|Taipei",
      "",
      "",
      ""}},
    {"HK", "Hong Kong",
     {"Hong Kong",
      "",
      "",
      ""}},
    {"JP", "Japan",
     {"Japan|Japanese|Tokyo",
      "Osaka|Kyoto|Yokohama|Hiroshima|Nagoya|Fukushima|Okinawa",
      "",
      ""}},
    {"KR", "South Korea",
     {"South Korea|South Korean|South Koreans|Seoul",
      "Busan|Incheon",
      "Korea|Korean|Koreans",
      "Korean peninsula"}},
    {"KP", "North Korea",
     {"North Korea|North Korean|North Koreans|Pyongyang",
      "Kim Jong-un|Kim Jong-il",
      "",
      ""}},
    {"MN", "Mongolia",
     {"Mongolia|Mongolian|Ulaanbaatar",
      "",
      "",
      ""}},
    {"VN", "Vietnam",
     {"Vietnam|Viet Nam|Vietnamese|Hanoi|Ho Chi Minh City",
      "Saigon",
      "",
      ""}},
    {"TH", "Thailand",
     {"Thailand|Thai|Thais|Bangkok",
      "Phuket|Chiang Mai",
      "",
      ""}},
    {"MY", "Malaysia",
     {"Malaysia|Malaysian|Malaysians|Kuala Lumpur",
      "",
      "",
      ""}},
    {"SG", "Singapore",
     {"Singapore|Singaporean|Singaporeans",
      "",
      "",
      ""}},
    {"ID", "Indonesia",
     {"Indonesia|Indonesian|Indonesians|Jakarta",
      "Bali|Java|Sumatra|Aceh|Surabaya",
      "",
      ""}},
    {"PH", "Philippines",
     {"Philippines|Filipino|Filipinos|Philippine|Manila",
      "Mindanao|Cebu",
      "",
      ""}},
    {"MM", "Myanmar",
     {"Myanmar|Burma|Burmese|Yangon|Rangoon|Naypyidaw",
      "Rohingya",
      "",
      ""}},
    {"KH", "Cambodia",
     {"Cambodia|Cambodian|Cambodians|Phnom Penh",
      "",
      "",
      ""}},
    {"LA", "Laos",
     {"Laos|Laotian|Vientiane",
      "",
      "",
      ""}},
    {"KZ", "Kazakhstan",
     {"Kazakhstan|Kazakh|Kazakhs|Astana|Almaty",
      "",
      "",
      ""}},
    {"UZ", "Uzbekistan",
     {"Uzbekistan|Uzbek|Uzbeks|Tashkent",
      "",
      "",
      ""}},
    {"TM", "Turkmenistan",
     {"Turkmenistan|Turkmen|Ashgabat",
      "",
      "",
      ""}},
    {"KG", "Kyrgyzstan",
     {"Kyrgyzstan|Kyrgyz|Bishkek",
      "",
      "",
      ""}},
    {"TJ", "Tajikistan",
     {"Tajikistan|Tajik|Tajiks|Dushanbe",
      "",
      "",
      ""}},
    {"GB", "United Kingdom",
     {"United Kingdom|UK|Britain|Great Britain|British|Briton|Britons|London|Londoners|England|Scotland|Scottish|Wales|Welsh|Northern Ireland|Downing Street|Westminster|Whitehall|Edinburgh|Cardiff|Belfast",
      "Manchester|Birmingham|Glasgow|Liverpool|Leeds|Bristol|Sheffield|Newcastle|Nottingham|Leicester|Aberdeen|Scots|Northern Irish|NHS|House of Commons|BBC",
      "English",
      "English language|New England|British Columbia"}},
    {"IE", "Ireland",
     {"Republic of Ireland|Irish Republic|Dublin|Ireland",
      "Irish|Galway|Limerick|Taoiseach|Dail",
      "",
      ""}},
    {"FR", "France",
     {"France|French|Paris|Frenchman|Frenchwoman|Parisian",
      "Marseille|Marseilles|Lyon|Toulouse|Lille|Strasbourg|Nantes|Bordeaux|Elysee|Élysée",
      "",
      "French fries"}},
    {"DE", "Germany",
     {"Germany|German|Germans|Berlin|Bundestag",
      "Munich|Hamburg|Frankfurt|Cologne|Stuttgart|Dusseldorf|Düsseldorf|Dresden|Leipzig|Bundesliga",
      "",
      ""}},
    {"IT", "Italy",
     {"Italy|Italian|Italians|Rome",
      "Milan|Naples|Turin|Florence|Venice|Sicily|Genoa|Bologna|Serie A",
      "",
      ""}},
    {"ES", "Spain",
     {"Spain|Spanish|Spaniard|Spaniards|Madrid",
      "Barcelona|Seville|Valencia|Bilbao|Catalonia|Catalan|Basque",
      "",
      ""}},
    {"PT", "Portugal",
     {"Portugal|Portuguese|Lisbon",
      "Porto",
      "",
      ""}},
    {"NL", "Netherlands",
     {"Netherlands|Dutch|Amsterdam|The Hague",
      "Rotterdam|Holland|Utrecht|Eindhoven",
      "",
      ""}},
    {"BE", "Belgium",
     {"Belgium|Belgian|Belgians",
      "Brussels|Antwerp|Ghent",
      "",
      ""}},
    {"CH", "Switzerland",
     {"Switzerland|Swiss|Bern|Berne",
      "Zurich|Zürich|Geneva|Basel|Lausanne",
      "",
      ""}},
    {"AT", "Austria",
     {"Austria|Austrian|Austrians|Vienna",
      "Salzburg|Graz|Innsbruck",
      "",
      ""}},
    {"PL", "Poland",
     {"Poland|Poles|Warsaw",
      "Krakow|Kraków|Gdansk|Wroclaw",
      "Polish",
      ""}},
    {"CZ", "Czech Republic",
     {"Czech Republic|Czechia|Czech|Czechs|Prague",
      "Brno",
      "",
      ""}},
    {"SK", "Slovakia",
     {"Slovakia|Slovak|Slovaks|Bratislava",
      "",
      "",
      ""}},
    {"HU", "Hungary",
     {"Hungary|Hungarian|Hungarians|Budapest",
      "",
      "",
      ""}},
    {"RO", "Romania",
     {"Romania|Romanian|Romanians|Bucharest",
      "Cluj",
      "",
      ""}},
    {"BG", "Bulgaria",
     {"Bulgaria|Bulgarian|Bulgarians|Sofia",
      "",
      "",
      ""}},
    {"GR", "Greece",
     {"Greece|Greek|Greeks|Athens",
      "Thessaloniki|Crete",
      "",
      ""}},
    {"CY", "Cyprus",
     {"Cyprus|Cypriot|Cypriots|Nicosia",
      "",
      "",
      ""}},
    {"SE", "Sweden",
     {"Sweden|Swedish|Swedes|Stockholm",
      "Gothenburg|Malmo|Malmö",
      "",
      ""}},
    {"NO", "Norway",
     {"Norway|Norwegian|Norwegians|Oslo",
      "Bergen",
      "",
      ""}},
    {"DK", "Denmark",
     {"Denmark|Danish|Danes|Copenhagen",
      "Aarhus",
      "",
      ""}},
    {"FI", "Finland",
     {"Finland|Finnish|Finns|Helsinki",
      "",
      "",
      ""}},
    {"IS", "Iceland",
     {"Iceland|Icelandic|Icelanders|Reykjavik",
      "",
      "",
      ""}},
    {"EE", "Estonia",
     {"Estonia|Estonian|Estonians|Tallinn",
      "",
      "",
      ""}},
    {"LV", "Latvia",
     {"Latvia|Latvian|Latvians|Riga",
      "",
      "",
      ""}},
    {"LT", "Lithuania",
     {"Lithuania|Lithuanian|Lithuanians|Vilnius",
      "",
      "",
      ""}},
    {"UA", "Ukraine",
     {"Ukraine|Ukrainian|Ukrainians|Kyiv|Kiev",
      "Kharkiv|Odesa|Odessa|Lviv|Donetsk|Luhansk|Mariupol|Donbas|Crimea|Zelensky|Zelenskyy",
      "",
      ""}},
    {"BY", "Belarus",
     {"Belarus|Belarusian|Belarusians|Minsk",
      "",
      "",
      ""}},
    {"MD", "Moldova",
     {"Moldova|Moldovan|Chisinau",
      "",
      "",
      ""}},
    {"RU", "Russia",
     {"Russia|Russian|Russians|Moscow|Kremlin|Russian Federation",
      "St Petersburg|Saint Petersburg|Chechnya|Chechen|Siberia|Novosibirsk|Vladivostok|Duma|Putin",
      "",
      ""}},
    {"RS", "Serbia",
     {"Serbia|Serbian|Serbians|Serbs|Belgrade",
      "",
      "",
      ""}},
    {"HR", "Croatia",
     {"Croatia|Croatian|Croatians|Croats|Zagreb",
      "Dubrovnik",
      "",
      ""}},
    {"BA", "Bosnia and Herzegovina",
     {"Bosnia|Bosnian|Bosnians|Sarajevo|Bosnia and Herzegovina",
      "Srebrenica",
      "",
      ""}},
    {"SI", "Slovenia",
     {"Slovenia|Slovenian|Slovenians|Ljubljana",
      "",
      "",
      ""}},
    {"AL", "Albania",
     {"Albania|Albanian|Albanians|Tirana",
      "",
      "",
      ""}},
    {"MK", "North Macedonia",
     {"North Macedonia|Macedonia|Macedonian|Skopje",
      "",
      "",
      ""}},
    {"GE", "Georgia",
     {"Tbilisi",
      "Georgian|Georgians",
      "Georgia",
      "Atlanta, Georgia|Georgia Tech"}},
    {"AM", "Armenia",
     {"Armenia|Armenian|Armenians|Yerevan",
      "",
      "",
      ""}},
    {"AZ", "Azerbaijan",
     {"Azerbaijan|Azerbaijani|Azeri|Azeris|Baku",
      "Nagorno-Karabakh",
      "",
      ""}},
    {"US", "United States",
     {"United States|United States of America|US|USA|Americans|Washington DC|White House|Pentagon|New York|New York City|California|Texas|Los Angeles|Chicago|San Francisco|Capitol Hill",
      "American|America|Florida|Boston|Seattle|Houston|Miami|Atlanta|Philadelphia|Detroit|Dallas|Las Vegas|New Jersey|Ohio|Michigan|Pennsylvania|Virginia|Illinois|Arizona|Massachusetts|Wall Street|Silicon Valley|Hollywood|Congress|New Orleans|Denver|Minnesota|Colorado|Wisconsin|New Mexico|Alabama|Louisiana|Kentucky|Tennessee|Missouri|Oregon|Iowa|North Carolina|South Carolina|New England|Atlanta, Georgia",
      "Washington",
      "Latin America|Latin American|Latin Americans|South America|South American|South Americans|Central America|Central American|North America|North American|American Samoa"}},
    {"CA", "Canada",
     {"Canada|Canadian|Canadians|Ottawa|Toronto|Montreal|Vancouver",
      "Quebec|Calgary|Edmonton|Alberta|Ontario|British Columbia|Winnipeg",
      "",
      ""}},
    {"MX", "Mexico",
     {"Mexico|Mexican|Mexicans|Mexico City",
      "Guadalajara|Monterrey|Tijuana|Cancun|Ciudad Juarez",
      "",
      "Gulf of Mexico"}},
    {"CU", "Cuba",
     {"Cuba|Cuban|Cubans|Havana",
      "",
      "",
      ""}},
    {"HT", "Haiti",
     {"Haiti|Haitian|Haitians|Port-au-Prince",
      "",
      "",
      ""}},
    {"DO", "Dominican Republic",
     {"Dominican Republic|Santo Domingo",
      "Dominican|Dominicans",
      "",
      ""}},
    {"JM", "Jamaica",
     {"Jamaica|Jamaican|Jamaicans|Kingston, Jamaica",
      "",
      "",
      ""}},
    {"GT", "Guatemala",
     {"Guatemala|Guatemalan|Guatemalans|Guatemala City",
      "",
      "",
      ""}},
    {"HN", "Honduras",
     {"Honduras|Honduran|Hondurans|Tegucigalpa",
      "",
      "",
      ""}},
    {"SV", "El Salvador",
     {"El Salvador|Salvadoran|Salvadorans|San Salvador",
      "",
      "",
      ""}},
    {"NI", "Nicaragua",
     {"Nicaragua|Nicaraguan|Nicaraguans|Managua",
      "",
      "",
      ""}},
    {"CR", "Costa Rica",
     {"Costa Rica|Costa Rican|San Jose, Costa Rica",
      "",
      "",
      ""}},
    {"PA", "Panama",
     {"Panama|Panamanian|Panama City|Panama Canal",
      "",
      "",
      ""}},
    {"CO", "Colombia",
     {"Colombia|Colombian|Colombians|Bogota|Bogotá",
      "Medellin|Medellín|Cali|Cartagena|FARC",
      "",
      ""}},
    {"VE", "Venezuela",
     {"Venezuela|Venezuelan|Venezuelans|Caracas",
      "Maracaibo",
      "",
      ""}},
    {"EC", "Ecuador",
     {"Ecuador|Ecuadorian|Ecuadorians|Quito",
      "Guayaquil",
      "",
      ""}},
    {"PE", "Peru",
     {"Peru|Peruvian|Peruvians|Lima",
      "",
      "",
      ""}},
    {"BO", "Bolivia",
     {"Bolivia|Bolivian|Bolivians|La Paz",
      "",
      "",
      ""}},
    {"BR", "Brazil",
     {"Brazil|Brazilian|Brazilians|Brasilia|Brasília|Rio de Janeiro|Sao Paulo|São Paulo",
      "Salvador, Brazil|Amazonas|Recife|Porto Alegre",
      "",
      ""}},
    {"CL", "Chile",
     {"Chile|Chilean|Chileans|Santiago",
      "",
      "",
      ""}},
    {"AR", "Argentina",
     {"Argentina|Argentine|Argentines|Argentinian|Argentinians|Buenos Aires",
      "Cordoba|Rosario",
      "",
      ""}},
    {"UY", "Uruguay",
     {"Uruguay|Uruguayan|Uruguayans|Montevideo",
      "",
      "",
      ""}},
    {"PY", "Paraguay",
     {"Paraguay|Paraguayan|Paraguayans|Asuncion",
      "",
      "",
      ""}},
    {"NG", "Nigeria",
     {"Nigeria|Nigerian|Nigerians|Abuja|Lagos",
      "Kano|Ibadan|Port Harcourt|Niger Delta|Boko Haram",
      "",
      ""}},
    {"GH", "Ghana",
     {"Ghana|Ghanaian|Ghanaians|Accra",
      "Kumasi",
      "",
      ""}},
    {"KE", "Kenya",
     {"Kenya|Kenyan|Kenyans|Nairobi",
      "Mombasa|Kisumu",
      "",
      ""}},
    {"ET", "Ethiopia",
     {"Ethiopia|Ethiopian|Ethiopians|Addis Ababa",
      "Tigray",
      "",
      ""}},
    {"SO", "Somalia",
     {"Somalia|Somali|Somalis|Mogadishu",
      "Puntland|Somaliland|al-Shabab",
      "",
      ""}},
    {"ER", "Eritrea",
     {"Eritrea|Eritrean|Eritreans|Asmara",
      "",
      "",
      ""}},
    {"UG", "Uganda",
     {"Uganda|Ugandan|Ugandans|Kampala",
      "",
      "",
      ""}},
    {"RW", "Rwanda",
     {"Rwanda|Rwandan|Rwandans|Kigali",
      "",
      "",
      ""}},
    {"TZ", "Tanzania",
     {"Tanzania|Tanzanian|Tanzanians|Dar es Salaam|Dodoma",
      "Zanzibar",
      "",
      ""}},
    {"CD", "Democratic Republic of the Congo",
     {"Democratic Republic of Congo|Democratic Republic of the Congo|DR Congo|DRC|Kinshasa",
      "Congo|Congolese|Goma",
      "",
      ""}},
    {"CG", "Republic of the Congo",
     {"Republic of Congo|Republic of the Congo|Congo-Brazzaville|Brazzaville",
      "",
      "",
      ""}},
    {"ZA", "South Africa",
     {"South Africa|South African|South Africans|Johannesburg|Pretoria|Cape Town",
      "Durban|Soweto",
      "",
      ""}},
    {"ZW", "Zimbabwe",
     {"Zimbabwe|Zimbabwean|Zimbabweans|Harare",
      "Bulawayo",
      "",
      ""}},
    {"ZM", "Zambia",
     {"Zambia|Zambian|Zambians|Lusaka",
      "",
      "",
      ""}},
    {"MW", "Malawi",
     {"Malawi|Malawian|Malawians|Lilongwe",
      "",
      "",
      ""}},
    {"MZ", "Mozambique",
     {"Mozambique|Mozambican|Mozambicans|Maputo",
      "",
      "",
      ""}},
    {"AO", "Angola",
     {"Angola|Angolan|Angolans|Luanda",
      "",
      "",
      ""}},
    {"NA", "Namibia",
     {"Namibia|Namibian|Namibians|Windhoek",
      "",
      "",
      ""}},
    {"BW", "Botswana",
     {"Botswana|Gaborone",
      "",
      "",
      ""}},
    {"MG", "Madagascar",
     {"Madagascar|Malagasy|Antananarivo",
      "",
      "",
      ""}},
    {"SN", "Senegal",
     {"Senegal|Senegalese|Dakar",
      "",
      "",
      ""}},
    {"ML", "Mali",
     {"Malian|Malians|Bamako",
      "Mali|Timbuktu",
      "",
      ""}},
    {"NE", "Niger",
     {"Nigerien|Nigeriens|Niamey",
      "Niger",
      "",
      "Niger River"}},
    {"TD", "Chad",
     {"Chadian|Chadians|N'Djamena|Ndjamena",
      "",
      "Chad",
      ""}},
    {"BF", "Burkina Faso",
     {"Burkina Faso|Burkinabe|Ouagadougou",
      "",
      "",
      ""}},
    {"CM", "Cameroon",
     {"Cameroon|Cameroonian|Cameroonians|Yaounde|Yaoundé",
      "Douala",
      "",
      ""}},
    {"CI", "Ivory Coast",
     {"Ivory Coast|Côte d'Ivoire|Cote d'Ivoire|Ivorian|Ivorians|Abidjan|Yamoussoukro",
      "",
      "",
      ""}},
    {"GN", "Guinea",
     {"Guinean|Conakry",
      "Guinea",
      "",
      "guinea pig|guinea pigs"}},
    {"GQ", "Equatorial Guinea",
     {"Equatorial Guinea|Malabo",
      "",
      "",
      ""}},
    {"GW", "Guinea-Bissau",
     {"Guinea-Bissau|Bissau",
      "",
      "",
      ""}},
    {"SL", "Sierra Leone",
     {"Sierra Leone|Sierra Leonean|Freetown",
      "",
      "",
      ""}},
    {"LR", "Liberia",
     {"Liberia|Liberian|Liberians|Monrovia",
      "",
      "",
      ""}},
    {"AU", "Australia",
     {"Australia|Australian|Australians|Canberra|Sydney|Melbourne",
      "Brisbane|Perth|Adelaide|Queensland|New South Wales|Victoria, Australia|Tasmania|Aussie",
      "",
      ""}},
    {"NZ", "New Zealand",
     {"New Zealand|New Zealander|New Zealanders|Auckland",
      "Christchurch|Kiwis",
      "Wellington",
      ""}},
    {"PG", "Papua New Guinea",
     {"Papua New Guinea|Port Moresby",
      "",
      "",
      ""}},
    {"FJ", "Fiji",
     {"Fiji|Fijian|Fijians|Suva",
      "",
      "",
      ""}},
};

#define NPLACES (sizeof gazetteer / sizeof *gazetteer)
static const int weights[4] = {3, 2, 1, 0};

/* How a word of a term matches a word of the text. */
enum { W_FOLD, W_PROPER, W_CAPS };

typedef struct term_word {
    char *fold; /* case-folded */
    char *exact; /* as written, for W_CAPS */
    int kind;
} term_word;

typedef struct term {
    term_word *words;
    size_t nwords;
    int place, weight;
} term;

struct places_index {
    term *terms; /* sorted by their first word's fold */
    size_t nterms;
};

/* A word of the text. */
typedef struct token {
    const char *fold; /* in the fold arena */
    const char *exact;
    int capital; /* starts with an upper-case letter */
} token;

/* ---- words -------------------------------------------------------------------------- */

static int is_word_cp(utf8proc_int32_t cp) {
    if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    utf8proc_category_t c = utf8proc_category(cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO);
}

static int is_apostrophe(utf8proc_int32_t cp) { return cp == '\'' || cp == 0x2019; }

/* The code point at s[i..n) into *cp; returns its length (1 for an invalid byte). */
static size_t next_cp(const char *s, size_t i, size_t n, utf8proc_int32_t *cp) {
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), cp);
    if (k <= 0) {
        *cp = 0xFFFD;
        return 1;
    }
    return (size_t)k;
}

/* Appends the case-folded form of s[0..n) to b. */
static void fold_into(gbuf *b, const char *s, size_t n) {
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        i += next_cp(s, i, n, &cp);
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_tolower(cp), enc);
        gbuf_append(b, (const char *)enc, (size_t)m);
    }
}

/* Splits s[0..n) into words: runs of letters, marks and digits; an apostrophe between two
 * of them joins ("d'Ivoire"), a final "'s" is dropped, and initials with dots ("U.S.")
 * become one word. Each word is written, NUL-terminated, as written then folded, into
 * arena; starts[] gets the offset of each pair. Returns the number of words. */
static size_t split_words(const char *s, size_t n, gbuf *arena, size_t **starts, size_t *cap) {
    size_t count = 0;
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        size_t k = next_cp(s, i, n, &cp);
        if (!is_word_cp(cp)) {
            i += k;
            continue;
        }
        gbuf word = GBUF_INIT;
        /* Initials: a capital, a dot, a capital, a dot... */
        size_t j = i;
        while (j + 1 < n && s[j] >= 'A' && s[j] <= 'Z' && s[j + 1] == '.' &&
               (j + 2 >= n || !is_word_cp((unsigned char)s[j + 2]) || (s[j + 2] >= 'A' && s[j + 2] <= 'Z'))) {
            gbuf_putc(&word, s[j]);
            j += 2;
        }
        if (word.len >= 2) {
            i = j;
        } else {
            word.len = 0;
            j = i;
            while (j < n) {
                size_t kk = next_cp(s, j, n, &cp);
                if (is_word_cp(cp)) {
                    gbuf_append(&word, s + j, kk);
                    j += kk;
                    continue;
                }
                if (is_apostrophe(cp) && j + kk < n) {
                    utf8proc_int32_t after;
                    next_cp(s, j + kk, n, &after);
                    if (is_word_cp(after)) {
                        gbuf_putc(&word, '\'');
                        j += kk;
                        continue;
                    }
                }
                break;
            }
            i = j;
            if (word.len > 2 && word.data[word.len - 2] == '\'' &&
                (word.data[word.len - 1] == 's' || word.data[word.len - 1] == 'S'))
                word.len -= 2;
        }
        if (word.failed) {
            gbuf_free(&word);
            arena->failed = 1;
            return count;
        }
        if (count == *cap) {
            size_t ncap = *cap ? *cap * 2 : 64;
            size_t *grown = realloc(*starts, ncap * sizeof *grown);
            if (!grown) {
                gbuf_free(&word);
                arena->failed = 1;
                return count;
            }
            *starts = grown;
            *cap = ncap;
        }
        (*starts)[count++] = arena->len;
        gbuf_append(arena, word.data, word.len);
        gbuf_putc(arena, '\0');
        fold_into(arena, word.data, word.len);
        gbuf_putc(arena, '\0');
        gbuf_free(&word);
    }
    return count;
}

static int has_lower(const char *s, size_t n) {
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        i += next_cp(s, i, n, &cp);
        if (utf8proc_category(cp) == UTF8PROC_CATEGORY_LL) return 1;
    }
    return 0;
}

static int starts_upper(const char *s) {
    utf8proc_int32_t cp;
    next_cp(s, 0, strlen(s), &cp);
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LU;
}

/* ---- the index ------------------------------------------------------------------------ */

static void free_terms(term *terms, size_t n) {
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < terms[i].nwords; j++) {
            free(terms[i].words[j].fold);
            free(terms[i].words[j].exact);
        }
        free(terms[i].words);
    }
    free(terms);
}

void places_index_free(places_index *ix) {
    if (!ix) return;
    free_terms(ix->terms, ix->nterms);
    free(ix);
}

/* Compiles one term ("Atlanta, Georgia") of place p. */
static int add_term(places_index *ix, size_t *cap, const char *text, size_t len, int place, int weight) {
    gbuf arena = GBUF_INIT;
    size_t *starts = NULL, scap = 0;
    size_t nw = split_words(text, len, &arena, &starts, &scap);
    /* "MPs", "US": capitals only (a plural s allowed) */
    int caps = 0;
    if (!has_lower(text, len)) caps = 1;
    else if (len >= 3 && text[len - 1] == 's' && !has_lower(text, len - 1)) caps = 1;
    int rc = GALLEY_ENOMEM;
    if (arena.failed || nw == 0) goto done;
    if (ix->nterms == *cap) {
        size_t ncap = *cap ? *cap * 2 : 1024;
        term *grown = realloc(ix->terms, ncap * sizeof *grown);
        if (!grown) goto done;
        ix->terms = grown;
        *cap = ncap;
    }
    term *t = &ix->terms[ix->nterms];
    t->words = calloc(nw, sizeof *t->words);
    if (!t->words) goto done;
    t->nwords = nw;
    t->place = place;
    t->weight = weight;
    ix->nterms++;
    for (size_t i = 0; i < nw; i++) {
        const char *exact = arena.data + starts[i];
        const char *fold = exact + strlen(exact) + 1;
        t->words[i].exact = g_strdup(exact);
        t->words[i].fold = g_strdup(fold);
        if (!t->words[i].exact || !t->words[i].fold) goto done;
        t->words[i].kind = caps ? W_CAPS : starts_upper(exact) ? W_PROPER : W_FOLD;
    }
    rc = GALLEY_OK;
done:
    gbuf_free(&arena);
    free(starts);
    return rc;
}

static int term_cmp(const void *a, const void *b) {
    const term *x = a, *y = b;
    return strcmp(x->words[0].fold, y->words[0].fold);
}

places_index *places_index_new(void) {
    places_index *ix = calloc(1, sizeof *ix);
    if (!ix) return NULL;
    size_t cap = 0;
    for (size_t p = 0; p < NPLACES; p++) {
        for (int w = 0; w < 4; w++) {
            const char *list = gazetteer[p].terms[w];
            while (*list) {
                size_t len = strcspn(list, "|");
                if (add_term(ix, &cap, list, len, (int)p, weights[w]) != GALLEY_OK) {
                    places_index_free(ix);
                    return NULL;
                }
                list += len;
                if (*list == '|') list++;
            }
        }
    }
    qsort(ix->terms, ix->nterms, sizeof *ix->terms, term_cmp);
    return ix;
}

/* ---- matching ------------------------------------------------------------------------- */

static int word_matches(const term_word *w, const token *t, int shouted) {
    if (w->kind == W_CAPS) return !shouted && strcmp(w->exact, t->exact) == 0;
    if (strcmp(w->fold, t->fold) != 0) return 0;
    return w->kind != W_PROPER || shouted || t->capital;
}

/* The first term whose first word folds to key, or ix->nterms. */
static size_t first_with(const places_index *ix, const char *key) {
    size_t lo = 0, hi = ix->nterms;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(ix->terms[mid].words[0].fold, key) < 0) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* Adds the matches of one part into evidence[] and mentions[]; returns its word count. */
static size_t match_part(const places_index *ix, const places_part *part, double *evidence, int *mentions,
                         int *failed) {
    gbuf arena = GBUF_INIT;
    size_t *starts = NULL, cap = 0;
    size_t n = split_words(part->text, part->len, &arena, &starts, &cap);
    token *toks = n ? malloc(n * sizeof *toks) : NULL;
    if (arena.failed || (n && !toks)) {
        *failed = 1;
        n = 0;
    }
    int shouted = !has_lower(part->text, part->len);
    for (size_t i = 0; i < n; i++) {
        toks[i].exact = arena.data + starts[i];
        toks[i].fold = toks[i].exact + strlen(toks[i].exact) + 1;
        toks[i].capital = starts_upper(toks[i].exact);
    }
    for (size_t i = 0; i < n;) {
        size_t best = 0, from = first_with(ix, toks[i].fold);
        for (size_t k = from; k < ix->nterms && strcmp(ix->terms[k].words[0].fold, toks[i].fold) == 0; k++) {
            const term *t = &ix->terms[k];
            if (t->nwords < best || i + t->nwords > n) continue;
            size_t j = 0;
            while (j < t->nwords && word_matches(&t->words[j], &toks[i + j], shouted)) j++;
            if (j == t->nwords) best = t->nwords;
        }
        /* Every term of the longest length that matches counts. */
        for (size_t k = from; best && k < ix->nterms && strcmp(ix->terms[k].words[0].fold, toks[i].fold) == 0;
             k++) {
            const term *t = &ix->terms[k];
            if (t->nwords != best || i + t->nwords > n) continue;
            size_t j = 0;
            while (j < t->nwords && word_matches(&t->words[j], &toks[i + j], shouted)) j++;
            if (j < t->nwords) continue;
            evidence[t->place] += t->weight * part->weight;
            if (t->weight > 0) mentions[t->place]++;
        }
        i += best ? best : 1;
    }
    free(toks);
    free(starts);
    gbuf_free(&arena);
    return n;
}

static int hit_cmp(const void *a, const void *b) {
    const place_hit *x = a, *y = b;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    return strcmp(x->code, y->code);
}

int places_find(places_index *ix, const places_part *parts, size_t nparts, place_hit **out, size_t *n) {
    *out = NULL;
    *n = 0;
    double evidence[NPLACES] = {0};
    int mentions[NPLACES] = {0};
    double words = 0;
    int failed = 0;
    for (size_t i = 0; i < nparts; i++)
        words += (double)match_part(ix, &parts[i], evidence, mentions, &failed) * parts[i].weight;
    if (failed) return GALLEY_ENOMEM;
    size_t count = 0;
    for (size_t p = 0; p < NPLACES; p++) count += evidence[p] > 0;
    if (!count) return GALLEY_OK;
    place_hit *hits = malloc(count * sizeof *hits);
    if (!hits) return GALLEY_ENOMEM;
    double dilution = 1 + words / PLACES_LENGTH_REF;
    size_t k = 0;
    for (size_t p = 0; p < NPLACES; p++) {
        if (evidence[p] <= 0) continue;
        hits[k].code = gazetteer[p].code;
        hits[k].name = gazetteer[p].name;
        hits[k].evidence = evidence[p];
        hits[k].score = 1 - exp(-(evidence[p] / dilution) / PLACES_SCALE);
        hits[k].mentions = mentions[p];
        k++;
    }
    qsort(hits, count, sizeof *hits, hit_cmp);
    *out = hits;
    *n = count;
    return GALLEY_OK;
}

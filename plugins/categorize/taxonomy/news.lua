-- taxonomy/news.lua — the default taxonomy of categorize/keywords: the 17 top-level
-- topics of IPTC Media Topics (the news industry's standard vocabulary), as weighted
-- term lists. The term lists are galley's own. Places come from galley.places.
--
-- Format: { <scheme> = { <label> = { name =, code =, terms =, negative = } } }
--   name      the readable name of the label
--   code      the label's code in an outside vocabulary (IPTC: "medtop:11000000"),
--             for exports; the stored label stays the short name
--   terms     { [weight] = { "term", ... }, ["term"] = weight }: a match adds its weight.
--             3 = says the label on its own, 2 = typical of it, 1 = a hint (ambiguous).
--             Weight 0 recognises a phrase and ignores it, which stops the shorter
--             terms inside it from matching ("Indian Ocean" is no evidence for India).
--   negative  the same shape; a match subtracts its weight.
-- Terms are words or phrases matched on whole words, case-insensitively, hyphens
-- counting as spaces ("al-Qaeda" = "al qaeda") and "Iraq's" as "Iraq". Words are
-- compared by their Snowball stems (galley.text.stem, English), so "election" also
-- finds "elections" and "elected" finds "electing"; listing both forms is harmless. A
-- word ending in "*" matches every word starting so ("militia*": militia, militias),
-- unstemmed. A term written all in capitals ("US", "AIDS") matches only capitals,
-- unstemmed. Within a scheme the longest term wins, so "Northern Ireland" (GB) hides
-- "Ireland" (IE) and "trade war" (economy) hides "war" (conflict).
--
-- Extending: add terms to a label's lists (a phrase is often better than a word:
-- "interest rate" says economy, "rate" says nothing); run `make eval` before and after,
-- and look at what the change does to the other labels, not only to the one you fixed.

local topic = {
  arts = {
    name = "arts, culture, entertainment and media",
    code = "medtop:01000000",
    terms = {
      [3] = {
        "film", "films", "movie", "movies", "actor", "actors", "actress", "actresses",
        "box office", "oscar", "oscars", "academy award", "academy awards", "grammy",
        "grammys", "brit awards", "bafta", "baftas", "emmy", "emmys", "golden globe",
        "golden globes", "album", "albums", "singer", "singers", "song", "songs", "music",
        "musician", "musicians", "concert", "concerts", "theatre", "theater", "comedy",
        "comedian", "sitcom", "novel", "novels", "novelist", "poet*", "literary",
        "sculpture", "hollywood", "hip-hop", "rapper", "jazz", "orchestra", "opera",
        "ballet", "premiere", "screenplay", "cinema", "cinemas", "entertainment",
        "showbiz", "record label", "soundtrack", "lyrics", "reality tv", "reality show",
        "bollywood", "talk show", "chat show", "tv drama", "film festival", "best actor",
        "best actress", "best film", "best director", "pop star", "film-maker",
        "filmmaker", "box-office", "blockbuster", "sequel", "playwright", "choreograph*",
        "art gallery", "art exhibition", "artwork", "artworks", "broadway", "west end",
        "pop music", "rock band", "boy band", "music industry", "film industry",
        "newspaper editor", "journalism", "broadcasting", "publishing house",
      },
      [2] = {
        "musical", "festival", "drama", "book", "books", "art", "artist", "artists",
        "exhibition", "museum", "museums", "gallery", "galleries", "painting",
        "paintings", "celebrity", "celebrities", "pop", "rap", "dance", "documentary",
        "animation", "animated", "nominated", "nomination", "nominations", "award",
        "awards", "author", "director", "tv show", "tv series", "singles",
        "studio", "studios", "stars", "theatres", "audiences", "hit", "hits", "chart",
        "presenter", "presenters", "viewers", "broadcaster", "episode", "episodes",
        "charts", "band", "bands", "starring", "starred", "poem", "fiction", "comic",
        "culture", "cultural", "heritage", "media", "newspaper", "magazine", "journalist",
        "journalists", "radio",
      },
      [1] = {
        "star", "show", "shows", "series", "television", "channel", "writer", "rock",
        "stage", "tour", "soap", "audience", "producer", "producers", "role", "single",
        "tv", "christmas", "perform", "performance", "record", "story",
      },
    },
  },

  conflict = {
    name = "conflict, war and peace",
    code = "medtop:16000000",
    terms = {
      [3] = {
        "war", "wars", "warfare", "military", "troops", "soldier", "soldiers",
        "armed forces", "security forces", "militia*", "militant", "militants",
        "insurgen*", "terroris*", "suicide bomber", "suicide bombing", "airstrike",
        "airstrikes", "air strike", "air strikes", "missile", "missiles", "artillery",
        "shelling", "ceasefire", "truce", "invasion", "invade*", "battlefield", "isis",
        "islamic state", "al-qaeda", "taliban", "hezbollah", "hamas", "boko haram",
        "al-shabab", "jihad*", "genocide", "ethnic cleansing", "massacre", "paramilitar*",
        "NATO", "ministry of defence", "hostage", "hostages", "peacekeep*", "guerrilla",
        "guerrillas", "air force", "nuclear weapons", "weapons of mass destruction", "coup",
        "war crimes", "bombing", "bombings", "bomber", "bombers", "warplanes", "warship",
        "warships", "civil war", "front line", "army", "armies", "peace talks",
        "peace process", "peace deal", "peace agreement", "armistice", "rebel forces",
        "landmine", "landmines", "drone strike", "drone strikes", "war zone",
        "occupying forces", "coalition forces", "counter-terrorism", "counterterrorism",
      },
      [2] = {
        "armed", "terror", "bomb", "bombs", "bombed", "explosion", "explosions",
        "explosive", "explosives", "conflict", "conflicts", "fighting", "fighters",
        "combat", "weapon", "weapons", "offensive", "casualties", "wounded", "civilians",
        "extremis*", "sectarian", "defence", "defense", "pentagon", "siege", "navy",
        "naval", "spy", "espionage", "rebel", "rebels", "insurgency", "occupied",
        "gunmen", "clashes", "violence", "refugee camp", "air raid",
        "shot dead", "militarily", "commander", "commanders", "regime forces",
      },
      [1] = {
        "attack", "attacks", "attacked", "rocket", "rockets", "occupation", "battle",
        "forces", "drone", "drones", "arms", "security", "intelligence", "fighter",
        "threat", "threats", "border guard", "troop", "victory", "destroyed", "killed",
        "peace",
      },
    },
    negative = {
      [2] = { "price war", "bidding war", "trade war", "war of words", "war chest",
              "format war", "console war", "browser war", "talent war" },
    },
  },

  crime = {
    name = "crime, law and justice",
    code = "medtop:02000000",
    terms = {
      [3] = {
        "police officer", "police officers", "arrest", "arrested", "arrests", "jury",
        "guilty", "not guilty", "convicted", "sentenced", "prison", "prisons", "jail",
        "jailed", "murder", "murdered", "murders", "crime", "crimes", "criminal",
        "criminals", "theft", "fraud", "robbery", "burglary", "detective",
        "detectives", "suspect", "suspects", "prosecutor", "prosecutors", "prosecution",
        "prosecuted", "stabbing", "stabbed", "gang", "gangs", "homicide", "rape",
        "raped", "sexual abuse", "bail", "drug trafficking", "bribery",
        "money laundering", "offender", "offenders", "kidnap*", "war on drugs",
        "death penalty", "acquitted", "verdict", "magistrate", "magistrates",
        "crown court", "high court", "coroner", "manslaughter", "convictions",
        "court case", "criminal justice", "pleaded guilty", "pleaded not guilty",
        "life sentence", "police said", "gunman",
      },
      [2] = {
        "police", "charged", "court", "courts", "trial", "judge", "judges", "prisoners",
        "conviction", "stolen", "investigators", "lawyer", "lawyers", "attorney",
        "lawsuit", "sued", "shooting", "assault", "smuggling", "corruption", "offence",
        "offences", "custody", "detainees", "detained", "inquest", "supreme court",
        "appeal court", "court of appeal", "hearing", "testified", "illegal",
        "illegally", "crackdown", "defendant", "defendants", "legal action",
      },
      [1] = {
        "charges", "investigation", "legal", "law", "laws", "victim", "victims",
        "sentence", "executed", "execution", "piracy", "accused", "alleged",
        "allegedly", "allegations", "justice", "ruling",
      },
    },
  },

  disaster = {
    name = "disaster, accident and emergency incident",
    code = "medtop:03000000",
    terms = {
      [3] = {
        "earthquake", "earthquakes", "tsunami", "tsunamis", "natural disaster",
        "natural disasters", "plane crash", "air crash", "train crash", "car crash",
        "road accident", "shipwreck", "capsized", "derailed", "derailment", "landslide",
        "landslides", "mudslide", "avalanche", "volcano", "volcanic eruption", "wildfire",
        "wildfires", "bushfire", "bushfires", "forest fire", "famine", "death toll",
        "rescue workers", "rescuers", "survivors", "disaster relief", "aid agencies",
        "emergency services", "firefighters", "fire brigade", "evacuated", "evacuation",
        "collapsed building", "building collapse", "industrial accident", "explosion at",
        "flash floods", "floodwaters", "humanitarian crisis", "relief effort",
        "the quake", "aftershock", "aftershocks", "magnitude",
      },
      [2] = {
        "disaster", "disasters", "catastrophe", "accident", "accidents", "crash",
        "crashed", "flood", "floods", "flooding", "hurricane", "hurricanes", "cyclone",
        "typhoon", "tornado", "blaze", "fire", "fires", "rescue", "rescued", "debris",
        "rubble", "emergency", "victims", "injured", "drowned", "relief", "quake",
        "devastat*", "destruction", "homeless",
      },
      [1] = {
        "dead", "killed", "died", "missing", "storm", "storms", "aid", "collapse",
        "damage", "damaged",
      },
    },
    negative = {
      [2] = { "market crash", "stock market crash", "crash course", "fire sale",
              "disaster for", "ceasefire" },
    },
  },

  economy = {
    name = "economy, business and finance",
    code = "medtop:04000000",
    terms = {
      [3] = {
        "stock market", "share price", "shares", "stock exchange", "profit*", "revenue",
        "revenues", "econom*", "inflation", "interest rate", "interest rates",
        "central bank", "banking", "banker", "bankers", "investor", "investors",
        "investment", "investments", "sterling", "yen", "currency", "currencies",
        "oil price", "oil prices", "OPEC", "gdp", "merger", "mergers", "takeover",
        "acquisition", "acquisitions", "chief executive", "ceo", "earnings",
        "quarterly", "trade deficit", "trade war", "exports", "imports",
        "retail", "retailer", "retailers", "consumer spending", "hedge fund",
        "manufactur*", "shareholder", "shareholders", "dividend", "dividends",
        "bankrupt*", "insolvency", "ftse", "dow jones", "nasdaq", "wall street", "IMF",
        "world bank", "federal reserve", "bank of england", "recession", "price war",
        "bidding war", "pension fund", "mortgage", "mortgages", "housing market",
        "property market", "commodities", "entrepreneur*", "venture capital", "ipo",
        "economic health", "financial health", "stock markets", "market share",
        "pre-tax", "tax cuts", "trade surplus", "fiscal", "budget deficit", "tariff",
        "tariffs", "bond market", "bonds", "treasury", "exchange rate", "stock price",
        "financial services", "annual results", "trading update", "first quarter",
        "second quarter", "third quarter", "fourth quarter", "financial year",
        "market value", "free trade", "trade deal", "subsidiary", "corporate",
      },
      [2] = {
        "business", "businesses", "company", "companies", "firm", "firms", "market",
        "markets", "stock", "stocks", "sales", "growth", "bank", "banks", "invest",
        "invested", "investing", "dollar", "dollars", "euros", "crude", "quarter",
        "trade", "export", "import", "consumer", "consumers", "prices", "debt",
        "debts", "analyst", "analysts", "industry", "industries", "industrial", "factory",
        "factories", "customers", "financial", "finance", "airline", "airlines",
        "loans", "barrel", "barrels", "turnover", "billion", "deficit",
        "brands", "exporter", "importer", "economist", "economists", "tax", "taxes",
        "budget", "spending", "retail sales", "car maker", "carmaker",
      },
      [1] = {
        "deal", "deals", "price", "fund", "funds", "chairman", "boss", "bosses",
        "executive", "executives", "brand", "credit", "output", "orders", "demand",
        "supply", "oil", "euro", "pound", "million", "cost", "costs", "contract",
        "jobs", "unemployment",
      },
    },
  },

  education = {
    name = "education",
    code = "medtop:05000000",
    terms = {
      [3] = {
        "school", "schools", "pupil", "pupils", "teacher", "teachers", "education",
        "educational", "exam", "exams", "curriculum", "tuition", "tuition fees",
        "classroom", "classrooms", "headteacher", "headteachers", "head teacher",
        "literacy", "numeracy", "kindergarten", "scholarship", "scholarships", "GCSE",
        "GCSEs", "a-levels", "ofsted", "lecturer", "lecturers", "undergraduate",
        "undergraduates", "postgraduate", "schoolchildren", "primary school",
        "secondary school", "high school", "truancy", "education secretary",
        "top-up fees", "university places", "student loans", "higher education",
        "further education", "school board", "schooling",
      },
      [2] = {
        "students", "student", "teaching", "university", "universities", "college",
        "colleges", "examinations", "graduate", "graduates", "academic", "nursery",
        "campus", "grades", "phd", "learning", "school children",
      },
      [1] = {
        "degree", "degrees", "professor", "training", "skills",
      },
    },
  },

  environment = {
    name = "environment",
    code = "medtop:06000000",
    terms = {
      [3] = {
        "climate", "climate change", "global warming", "emissions", "carbon dioxide",
        "greenhouse gas", "greenhouse gases", "pollut*", "environmental",
        "environmentalist", "environmentalists", "wildlife", "conservationist",
        "conservationists", "renewable", "renewables", "renewable energy", "solar power",
        "wind power", "wind farm", "wind farms", "wind turbine", "wind turbines",
        "deforestation", "rainforest", "rainforests", "biodiversity",
        "endangered species", "recycling", "fossil fuel", "fossil fuels",
        "kyoto", "paris agreement", "ecolog*", "eco-friendly", "plastic waste",
        "air quality", "habitat", "habitats", "glacier", "glaciers", "sea levels",
        "sea level", "energy efficiency", "environment agency", "greenpeace",
        "friends of the earth", "carbon emissions", "ozone", "net zero",
      },
      [2] = {
        "environment", "carbon", "greenhouse", "conservation", "solar", "forest",
        "forests", "endangered", "extinction", "sustainab*", "oceans", "nuclear power",
        "waste", "toxic", "green energy", "clean energy", "drought",
      },
      [1] = {
        "green", "coal", "plastic", "temperatures", "species", "energy", "amazon",
        "animals",
      },
    },
    negative = {
      [1] = { "green light" },
    },
  },

  health = {
    name = "health",
    code = "medtop:07000000",
    terms = {
      [3] = {
        "health care", "healthcare", "hospital", "hospitals", "doctor", "doctors",
        "patient", "patients", "disease", "diseases", "cancer", "vaccin*", "medical",
        "medicine", "medicines", "NHS", "surgery", "surgeon", "surgeons", "pandemic",
        "epidemic", "infection", "infections", "obesity", "diabetes", "heart disease",
        "mental health", "nurse", "nurses", "clinical", "clinical trial",
        "clinical trials", "symptoms", "diagnos*", "covid", "coronavirus", "flu",
        "influenza", "bird flu", "hiv", "AIDS", "malaria", "ebola",
        "world health organization", "world health organisation", "tuberculosis",
        "blood pressure", "dementia", "alzheimer", "prescription", "prescriptions",
        "antibiotic", "antibiotics", "illness", "illnesses", "health service",
        "public health", "GP", "GPs", "cholesterol", "asthma", "health secretary",
        "health minister", "cholera", "measles",
      },
      [2] = {
        "health", "treatment", "treatments", "clinic", "clinics", "outbreak", "infected",
        "smoking", "pharmac*", "pregnancy", "pregnant", "nutrition", "mortality",
        "drugs", "drug", "virus", "viruses", "WHO", "hospitalised", "hospitalized",
        "healthy", "medic", "medics", "transplant",
      },
      [1] = {
        "alcohol", "stroke", "ill", "sick", "births", "diet", "care",
      },
    },
  },

  ["human-interest"] = {
    name = "human interest",
    code = "medtop:08000000",
    terms = {
      [3] = {
        "royal family", "the queen", "the king", "prince", "princess", "duchess",
        "royal wedding", "centenarian", "birthday", "anniversary", "heartwarming",
        "good samaritan", "reunited", "pet", "pets", "zoo", "panda", "celebrity couple",
        "record-breaking", "guinness world records", "oldest person", "lottery winner",
        "quirky", "bizarre",
      },
      [2] = {
        "royal", "royals", "wedding", "weddings", "dog", "dogs", "cat", "cats",
        "animal", "animals", "obituary", "tribute", "tributes", "curious", "eccentric",
        "hero", "heroes", "lottery", "jackpot",
      },
      [1] = {
        "family", "mother", "father", "daughter", "son", "life", "love", "story",
      },
    },
  },

  labour = {
    name = "labour",
    code = "medtop:09000000",
    terms = {
      [3] = {
        "trade union", "trade unions", "labor union", "labor unions", "labour union",
        "industrial action", "strike action", "walkout", "walkouts", "picket",
        "picket line", "collective bargaining", "minimum wage", "job cuts", "layoffs",
        "laid off", "redundancies", "unemployment", "jobless", "unemployed",
        "employment tribunal", "labour market", "labor market", "workforce",
        "working hours", "working conditions", "workers' rights", "pay rise",
        "pay deal", "pay dispute", "pay freeze", "staff shortage", "job losses",
        "employment rate", "jobless rate", "job seekers", "jobseekers", "employees",
        "tuc", "afl-cio", "go on strike", "went on strike", "on strike",
      },
      [2] = {
        "workers", "worker", "union", "unions", "strike", "strikes", "employment",
        "employer", "employers", "wages", "wage", "salary", "salaries", "jobs",
        "pension", "pensions", "retirement", "staff", "recruitment", "hiring",
        "overtime", "contract workers",
      },
      [1] = {
        "job", "pay", "work", "labour", "labor",
      },
    },
  },

  lifestyle = {
    name = "lifestyle and leisure",
    code = "medtop:10000000",
    terms = {
      [3] = {
        "recipe", "recipes", "restaurant", "restaurants", "chef", "chefs", "cuisine",
        "holiday", "holidays", "holidaymakers", "tourism", "tourist", "tourists",
        "travel", "traveller", "travellers", "resort", "resorts", "hotel", "hotels",
        "fashion", "fashion week", "catwalk", "designer", "hobby", "hobbies",
        "gardening", "leisure", "wine", "fitness", "yoga", "vacation", "cruise",
        "dating", "wellbeing", "well-being", "home improvement", "interior design",
        "lifestyle", "beauty", "cosmetics", "shopping",
      },
      [2] = {
        "food", "foods", "dish", "dishes", "cooking", "meal", "meals", "beer", "coffee",
        "garden", "gardens", "trip", "trips", "destination", "destinations", "flight",
        "flights", "style", "clothes", "clothing", "diet", "exercise", "car", "cars",
        "motoring", "weekend",
      },
      [1] = {
        "fun", "visit", "visitors", "enjoy", "home", "house",
      },
    },
  },

  politics = {
    name = "politics",
    code = "medtop:11000000",
    terms = {
      [3] = {
        "election", "elections", "parliament*", "MP", "MPs", "minister", "ministers",
        "prime minister", "political", "politics", "politician", "politicians",
        "lawmakers", "senate", "senator", "senators", "congressman", "congresswoman",
        "voters", "ballot", "referendum", "manifesto", "presidential", "tory",
        "tories", "liberal democrat", "liberal democrats", "lib dem", "lib dems",
        "home secretary", "foreign secretary", "secretary of state", "downing street",
        "whitehall", "house of commons", "house of lords", "constituency",
        "constituencies", "opinion poll", "opinion polls", "impeach*", "brexit",
        "general election", "by-election", "shadow cabinet", "polling stations",
        "backbench*", "frontbench*", "party leader", "party conference", "MSP", "MSPs",
        "devolution", "select committee", "white paper", "green paper", "civil servants",
        "civil service", "home office", "foreign office", "new law", "new laws",
        "labour party", "conservative party", "democratic party", "republican party",
        "foreign minister", "foreign ministry", "head of state", "prime ministers",
        "election campaign", "campaign trail", "legislation",
      },
      [2] = {
        "government", "governments", "governing", "opposition", "party", "cabinet",
        "legislat*", "congress", "vote", "votes", "voting", "elected", "democra*",
        "republican*", "conservative", "conservatives", "labour", "mayor", "governor",
        "presidency", "diplomat*", "diplomacy", "ambassador", "summit", "treaty",
        "chancellor", "white house", "kremlin", "westminster", "commons", "coalition",
        "polls", "incumbent", "candidate", "candidates", "veto", "dictator*",
        "authoritarian", "councillor", "councillors", "campaigners", "minority government",
        "state department", "foreign policy", "ruling party", "the lords", "nationalist",
        "nationalists", "public spending", "taxpayers", "civil liberties", "quango",
        "sanctions", "regime",
      },
      [1] = {
        "parties", "president", "campaign", "campaigning", "policy", "policies",
        "reform", "reforms", "embassy", "peers", "poll", "nominee",
        "council", "EU", "european union", "human rights", "spokesman",
        "political football", "law", "laws", "leader", "leaders", "debate", "committee",
        "inquiry", "pledge", "pledged", "assembly", "secretary", "department",
        "independence", "official", "officials",
      },
    },
  },

  religion = {
    name = "religion",
    code = "medtop:12000000",
    terms = {
      [3] = {
        "religion", "religions", "religious", "church", "churches", "mosque", "mosques",
        "synagogue", "synagogues", "pope", "vatican", "bishop", "bishops", "archbishop",
        "priest", "priests", "imam", "imams", "clergy", "christianity", "judaism",
        "islam", "catholic", "catholics", "protestant", "protestants", "hinduism",
        "buddhist", "buddhists", "buddhism", "sikh", "sikhs", "worship", "prayer",
        "prayers", "pilgrim", "pilgrims", "pilgrimage", "ramadan", "bible", "quran",
        "koran", "theolog*", "sermon", "blasphemy", "atheist", "atheists", "diocese",
        "congregation", "monk", "monks", "nun", "nuns", "church of england",
      },
      [2] = {
        "muslim", "muslims", "christian", "christians", "jewish", "jews", "hindu",
        "hindus", "cleric", "clerics", "faith", "eid", "easter", "god", "spiritual",
        "secular", "holy", "sacred", "temple", "temples", "shrine",
      },
      [1] = {
        "islamic", "sunni", "sunnis", "shia", "shiite", "shiites", "saint",
      },
    },
  },

  science = {
    name = "science and technology",
    code = "medtop:13000000",
    terms = {
      [3] = {
        "science", "scientist", "scientists", "scientific", "nasa", "astronom*",
        "planet", "planets", "telescope", "physics", "physicist", "physicists",
        "chemistry", "biology", "biologist", "biologists", "genetics", "genome", "dna",
        "evolutionary", "fossil", "fossils", "dinosaur", "dinosaurs", "laboratory",
        "laboratories", "lunar", "orbit", "spacecraft", "astronaut", "astronauts",
        "space station", "quantum", "archaeolog*", "neuroscien*", "stem cell",
        "stem cells", "galaxy", "galaxies", "solar system", "comet", "asteroid",
        "molecule", "molecules", "microbes", "hypothesis", "royal society",
        "particle physics", "space probe",
        "technology", "technologies", "technological", "software", "computer",
        "computers", "computing", "internet", "website", "websites", "mobile phone",
        "mobile phones", "handset", "handsets", "broadband", "microsoft", "google",
        "IBM", "nintendo", "playstation", "xbox", "video game", "video games",
        "computer game", "computer games", "gamers", "apps", "smartphone", "smartphones",
        "gadget", "gadgets", "computer virus", "computer viruses", "malware", "spyware",
        "spam", "hacker", "hackers", "e-mail", "e-mails", "email", "emails",
        "search engine", "search engines", "processor", "processors", "wireless", "wi-fi",
        "bluetooth", "download", "downloads", "downloading", "file-sharing",
        "peer-to-peer", "robotics", "artificial intelligence", "AI", "cyber*", "telecom*",
        "operating system", "linux", "blog", "blogs", "blogger", "bloggers", "podcast",
        "podcasts", "ipod", "high-definition", "silicon valley", "digital tv",
        "camera phone", "camera phones", "laptop", "laptops", "PC", "PCs", "browser",
        "browsers", "firefox", "yahoo", "ebay", "facebook", "twitter", "social media",
        "social network", "social networking", "semiconductor*", "5G", "4G", "3G",
        "encryption", "firewall", "digital music", "itunes", "gigabyte*", "bandwidth",
        "programmer", "programmers", "open source", "algorithm", "algorithms",
        "cloud computing", "virtual reality", "hi-tech", "high-tech", "electronics",
        "consumer electronics", "voip", "skype", "games console", "games consoles",
        "online services", "net users", "web users", "tech firms", "gameplay", "multiplayer",
        "game developers", "games developers", "games industry", "games makers",
        "games maker", "mp3 player", "mp3 players", "dvd player", "dvd players",
        "media player", "media players", "music player", "music players", "online gaming",
      },
      [2] = {
        "researchers", "species", "genetic", "gene", "genes", "evolution", "lab", "labs",
        "experiment", "experiments", "mars", "particle", "particles", "mathematic*",
        "chemist", "ESA", "bacteria", "peer-reviewed", "journal nature", "rocket launch",
        "tech", "online", "web", "digital", "mobile", "mobiles", "phone", "phones",
        "intel", "gaming", "app", "device", "devices", "users", "hacking", "hack",
        "chip", "chips", "network", "networks", "downloaded", "robot", "robots", "dvd",
        "dvds", "console", "consoles", "server", "servers", "electronic", "innovation",
        "telephone", "satellite tv", "wireless networks", "data", "screens", "virus",
        "viruses", "sony", "apple", "handheld", "graphics", "gamer",
      },
      [1] = {
        "research", "study", "studies", "space", "moon", "satellite", "cell", "cells",
        "discovery", "discovered", "theory", "professor", "nature", "journal",
        "net", "user", "windows", "hd", "start-up", "start-ups", "camera",
        "privacy", "piracy", "pirated", "screen", "programming", "code", "3d",
        "engineers", "games",
      },
    },
  },

  society = {
    name = "society",
    code = "medtop:14000000",
    terms = {
      [3] = {
        "gender", "equality", "inequality", "discrimination", "immigrant",
        "immigrants", "migrant", "migrants", "asylum seeker", "asylum seekers",
        "poverty", "homelessness", "welfare", "pensioner", "pensioners",
        "elderly", "older people", "same-sex", "lgbt*", "civil rights", "racism",
        "racist", "race relations", "census", "divorce", "disabled", "disability",
        "carers", "childcare", "domestic violence", "feminis*", "social services",
        "social workers", "social care", "child poverty", "gay marriage",
        "human trafficking",
      },
      [2] = {
        "society", "families", "immigration", "refugee", "refugees", "asylum",
        "housing", "community", "communities", "charity", "charities", "volunteer",
        "volunteers", "youth", "young people", "marriage",
        "gay", "protest", "protests", "protesters", "population", "abortion",
        "adoption", "women's rights", "benefits", "homeless",
      },
      [1] = {
        "social", "family", "children", "child", "women", "poor", "demonstration",
        "demonstrations", "rights", "human rights",
      },
    },
  },

  sport = {
    name = "sport",
    code = "medtop:15000000",
    terms = {
      [3] = {
        "sport", "sports", "football", "footballer", "footballers", "soccer", "rugby",
        "tennis", "cricket", "cricketer", "cricketers", "golf", "golfer", "golfers",
        "athlet*", "olympi*", "paralymp*", "boxing", "boxer", "striker", "midfielder",
        "goalkeeper", "referee", "championship", "championships", "tournament",
        "tournaments", "semi-final", "semi-finals", "quarter-final", "quarter-finals",
        "premiership", "premier league", "grand slam", "world cup", "six nations",
        "world series", "super bowl", "NBA", "NFL", "fifa", "uefa", "medal", "medals",
        "gold medal", "marathon", "formula one", "F1", "grand prix", "wimbledon",
        "test match", "innings", "wicket", "wickets", "batsman", "bowler", "trophy",
        "relegation", "scrum", "fly-half", "hat-trick", "knockout stages",
        "champions league", "davis cup", "sprinter", "cyclist", "cyclists",
        "basketball", "baseball", "hockey", "swimmer", "world record",
        "world champion", "european championship", "league title", "doping",
      },
      [2] = {
        "season", "league", "cup", "squad", "stadium", "players", "player", "racing",
        "champion", "champions", "finals", "knockout", "injury", "scored", "goals",
        "teams", "clubs", "seeded", "title race", "tour de france", "race", "races",
        "kick-off", "defeated", "victories", "win", "wins", "won", "winner", "fixture",
        "fixtures", "points", "captain", "title", "opponent", "opponents", "final",
        "match", "matches", "coach",
      },
      [1] = {
        "team", "club", "fans", "goal", "score", "manager", "defeat", "transfer",
        "injured", "penalty", "defender", "record", "games", "training", "game",
      },
    },
  },

  weather = {
    name = "weather",
    code = "medtop:17000000",
    terms = {
      [3] = {
        "weather", "forecast", "forecasters", "met office", "meteorolog*", "rainfall",
        "heavy rain", "heatwave", "heat wave", "snowfall", "heavy snow", "blizzard",
        "frost", "temperatures", "sunshine", "thunderstorm", "thunderstorms", "hailstorm",
        "cold snap", "weather warning", "storm warning", "gale", "gales", "monsoon",
        "el nino", "la nina", "celsius", "fahrenheit", "degrees celsius", "humidity",
        "national weather service", "wind chill", "high winds", "gusts",
      },
      [2] = {
        "rain", "snow", "storm", "storms", "hurricane", "typhoon", "cyclone", "wind",
        "winds", "cold", "hot", "heat", "ice", "icy", "fog", "drought", "flood",
        "flooding", "sunny", "cloudy", "showers", "temperature",
      },
      [1] = {
        "winter", "summer", "spring", "autumn", "degrees", "warm", "warning",
      },
    },
  },
}

-- Places: no place table here, so categorize/keywords uses galley's own gazetteer
-- (galley.places, core/places.c): about 150 countries by ISO 3166-1 alpha-2 code. A
-- taxonomy may still have a place table of its own, in the format above.
return { topic = topic }

-- taxonomy/news.lua — the default taxonomy of categorize/keywords: the 17 top-level
-- topics of IPTC Media Topics (the news industry's standard vocabulary) and countries,
-- as weighted term lists. The term lists are galley's own.
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
-- Place labels are ISO 3166-1 alpha-2 codes.
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

-- Places: the country's names and adjectives, capital and main cities. [0] terms are
-- phrases that contain a country's name but are not about it.
local place = {
  -- Middle East and North Africa
  IQ = { name = "Iraq", terms = {
    [3] = { "Iraq", "Iraqi", "Iraqis", "Baghdad" },
    [2] = { "Mosul", "Basra", "Erbil", "Kirkuk", "Fallujah", "Najaf", "Karbala", "Tikrit",
            "Ramadi", "Sulaymaniyah", "Nineveh", "Anbar", "Amarah", "Samarra",
            "Iraqi Kurdistan" },
  } },
  IR = { name = "Iran", terms = {
    [3] = { "Iran", "Iranian", "Iranians", "Tehran", "Islamic Republic of Iran" },
    [2] = { "Isfahan", "Mashhad", "Tabriz", "Shiraz", "Qom", "Khamenei",
            "Revolutionary Guards" },
    [1] = { "Persian" },
    [0] = { "Persian Gulf" },
  } },
  SY = { name = "Syria", terms = {
    [3] = { "Syria", "Syrian", "Syrians", "Damascus" },
    [2] = { "Aleppo", "Homs", "Idlib", "Raqqa", "Latakia", "Deir ez-Zor", "Hama" },
  } },
  LB = { name = "Lebanon", terms = {
    [3] = { "Lebanon", "Lebanese", "Beirut" },
    [2] = { "Tripoli, Lebanon", "Sidon", "Tyre" },
    [1] = { "Hezbollah" },
  } },
  IL = { name = "Israel", terms = {
    [3] = { "Israel", "Israeli", "Israelis", "Jerusalem", "Tel Aviv" },
    [2] = { "Haifa", "Knesset", "Netanyahu" },
  } },
  PS = { name = "Palestine", terms = {
    [3] = { "Palestine", "Palestinian", "Palestinians", "Gaza", "West Bank",
            "Ramallah", "Gaza Strip" },
    [2] = { "Hamas", "Hebron", "Nablus", "Rafah", "Khan Younis", "Jenin" },
  } },
  JO = { name = "Jordan", terms = {
    [3] = { "Jordanian", "Jordanians", "Amman" },
    [1] = { "Jordan" },
    [0] = { "Jordan River" },
    },
    negative = { [1] = { "Michael Jordan" } },
  },
  SA = { name = "Saudi Arabia", terms = {
    [3] = { "Saudi Arabia", "Saudi", "Saudis", "Riyadh" },
    [2] = { "Jeddah", "Mecca", "Medina" },
  } },
  YE = { name = "Yemen", terms = {
    [3] = { "Yemen", "Yemeni", "Yemenis", "Sanaa", "Houthi", "Houthis" },
    [2] = { "Aden", "Hodeidah" },
  } },
  AE = { name = "United Arab Emirates", terms = {
    [3] = { "United Arab Emirates", "UAE", "Emirati", "Emiratis", "Abu Dhabi", "Dubai" },
    [2] = { "Sharjah" },
  } },
  QA = { name = "Qatar", terms = { [3] = { "Qatar", "Qatari", "Qataris", "Doha" } } },
  KW = { name = "Kuwait", terms = { [3] = { "Kuwait", "Kuwaiti", "Kuwaitis" } } },
  BH = { name = "Bahrain", terms = { [3] = { "Bahrain", "Bahraini", "Bahrainis", "Manama" } } },
  OM = { name = "Oman", terms = { [3] = { "Oman", "Omani", "Omanis", "Muscat" } } },
  TR = { name = "Turkey", terms = {
    [3] = { "Turkish", "Turks", "Ankara", "Istanbul", "Türkiye" },
    [2] = { "Turkey", "Izmir", "Erdogan" },
  } },
  EG = { name = "Egypt", terms = {
    [3] = { "Egypt", "Egyptian", "Egyptians", "Cairo" },
    [2] = { "Alexandria", "Sinai", "Suez", "Luxor" },
  } },
  LY = { name = "Libya", terms = {
    [3] = { "Libya", "Libyan", "Libyans" },
    [2] = { "Tripoli", "Benghazi", "Misrata" },
  } },
  TN = { name = "Tunisia", terms = { [3] = { "Tunisia", "Tunisian", "Tunisians", "Tunis" } } },
  DZ = { name = "Algeria", terms = { [3] = { "Algeria", "Algerian", "Algerians", "Algiers" } } },
  MA = { name = "Morocco", terms = {
    [3] = { "Morocco", "Moroccan", "Moroccans", "Rabat" },
    [2] = { "Casablanca", "Marrakesh", "Marrakech", "Tangier" },
  } },
  SD = { name = "Sudan", terms = {
    [3] = { "Sudan", "Sudanese", "Khartoum" },
    [2] = { "Darfur", "Omdurman" },
  } },
  SS = { name = "South Sudan", terms = { [3] = { "South Sudan", "South Sudanese", "Juba" } } },

  -- Asia
  AF = { name = "Afghanistan", terms = {
    [3] = { "Afghanistan", "Afghan", "Afghans", "Kabul" },
    [2] = { "Kandahar", "Helmand", "Herat", "Mazar-i-Sharif", "Jalalabad" },
    [1] = { "Taliban" },
  } },
  PK = { name = "Pakistan", terms = {
    [3] = { "Pakistan", "Pakistani", "Pakistanis", "Islamabad", "Karachi", "Lahore" },
    [2] = { "Peshawar", "Rawalpindi", "Quetta", "Waziristan" },
    [1] = { "Kashmir", "Punjab" },
  } },
  IN = { name = "India", terms = {
    [3] = { "India", "Indian", "Indians", "New Delhi", "Delhi", "Mumbai" },
    [2] = { "Bombay", "Bangalore", "Bengaluru", "Kolkata", "Calcutta", "Chennai",
            "Madras", "Hyderabad", "Bollywood" },
    [1] = { "Kashmir", "Punjab" },
    [0] = { "Indian Ocean", "American Indian", "American Indians", "West Indies" },
  } },
  BD = { name = "Bangladesh", terms = {
    [3] = { "Bangladesh", "Bangladeshi", "Bangladeshis", "Dhaka" },
    [2] = { "Chittagong" },
  } },
  LK = { name = "Sri Lanka", terms = {
    [3] = { "Sri Lanka", "Sri Lankan", "Sri Lankans", "Colombo" },
    [2] = { "Tamil Tigers", "Jaffna" },
  } },
  NP = { name = "Nepal", terms = { [3] = { "Nepal", "Nepalese", "Nepali", "Kathmandu" } } },
  CN = { name = "China", terms = {
    [3] = { "China", "Chinese", "Beijing", "Shanghai", "People's Republic of China" },
    [2] = { "Guangzhou", "Shenzhen", "Wuhan", "Chongqing", "Tianjin", "Xinjiang",
            "Tibet", "Tibetan" },
  } },
  TW = { name = "Taiwan", terms = { [3] = { "Taiwan", "Taiwanese", "Taipei" } } },
  HK = { name = "Hong Kong", terms = { [3] = { "Hong Kong" } } },
  JP = { name = "Japan", terms = {
    [3] = { "Japan", "Japanese", "Tokyo" },
    [2] = { "Osaka", "Kyoto", "Yokohama", "Hiroshima", "Nagoya", "Fukushima", "Okinawa" },
  } },
  KR = { name = "South Korea", terms = {
    [3] = { "South Korea", "South Korean", "South Koreans", "Seoul" },
    [2] = { "Busan", "Incheon" },
    [1] = { "Korea", "Korean", "Koreans" },
    [0] = { "Korean peninsula" },
  } },
  KP = { name = "North Korea", terms = {
    [3] = { "North Korea", "North Korean", "North Koreans", "Pyongyang" },
    [2] = { "Kim Jong-un", "Kim Jong-il" },
  } },
  MN = { name = "Mongolia", terms = { [3] = { "Mongolia", "Mongolian", "Ulaanbaatar" } } },
  VN = { name = "Vietnam", terms = {
    [3] = { "Vietnam", "Viet Nam", "Vietnamese", "Hanoi", "Ho Chi Minh City" },
    [2] = { "Saigon" },
  } },
  TH = { name = "Thailand", terms = {
    [3] = { "Thailand", "Thai", "Thais", "Bangkok" },
    [2] = { "Phuket", "Chiang Mai" },
  } },
  MY = { name = "Malaysia", terms = {
    [3] = { "Malaysia", "Malaysian", "Malaysians", "Kuala Lumpur" },
  } },
  SG = { name = "Singapore", terms = { [3] = { "Singapore", "Singaporean", "Singaporeans" } } },
  ID = { name = "Indonesia", terms = {
    [3] = { "Indonesia", "Indonesian", "Indonesians", "Jakarta" },
    [2] = { "Bali", "Java", "Sumatra", "Aceh", "Surabaya" },
  } },
  PH = { name = "Philippines", terms = {
    [3] = { "Philippines", "Filipino", "Filipinos", "Philippine", "Manila" },
    [2] = { "Mindanao", "Cebu" },
  } },
  MM = { name = "Myanmar", terms = {
    [3] = { "Myanmar", "Burma", "Burmese", "Yangon", "Rangoon", "Naypyidaw" },
    [2] = { "Rohingya" },
  } },
  KH = { name = "Cambodia", terms = { [3] = { "Cambodia", "Cambodian", "Cambodians", "Phnom Penh" } } },
  LA = { name = "Laos", terms = { [3] = { "Laos", "Laotian", "Vientiane" } } },
  KZ = { name = "Kazakhstan", terms = {
    [3] = { "Kazakhstan", "Kazakh", "Kazakhs", "Astana", "Almaty" },
  } },
  UZ = { name = "Uzbekistan", terms = { [3] = { "Uzbekistan", "Uzbek", "Uzbeks", "Tashkent" } } },
  TM = { name = "Turkmenistan", terms = { [3] = { "Turkmenistan", "Turkmen", "Ashgabat" } } },
  KG = { name = "Kyrgyzstan", terms = { [3] = { "Kyrgyzstan", "Kyrgyz", "Bishkek" } } },
  TJ = { name = "Tajikistan", terms = { [3] = { "Tajikistan", "Tajik", "Tajiks", "Dushanbe" } } },

  -- Europe
  GB = { name = "United Kingdom", terms = {
    [3] = { "United Kingdom", "UK", "Britain", "Great Britain", "British", "Briton",
            "Britons", "London", "Londoners", "England", "Scotland", "Scottish", "Wales",
            "Welsh", "Northern Ireland", "Downing Street", "Westminster", "Whitehall",
            "Edinburgh", "Cardiff", "Belfast" },
    [2] = { "Manchester", "Birmingham", "Glasgow", "Liverpool", "Leeds", "Bristol",
            "Sheffield", "Newcastle", "Nottingham", "Leicester", "Aberdeen", "Scots",
            "Northern Irish", "NHS", "House of Commons", "BBC" },
    [1] = { "English" },
    [0] = { "English language", "New England", "British Columbia" },
  } },
  IE = { name = "Ireland", terms = {
    [3] = { "Republic of Ireland", "Irish Republic", "Dublin", "Ireland" },
    [2] = { "Irish", "Galway", "Limerick", "Taoiseach", "Dail" },
  } },
  FR = { name = "France", terms = {
    [3] = { "France", "French", "Paris", "Frenchman", "Frenchwoman", "Parisian" },
    [2] = { "Marseille", "Marseilles", "Lyon", "Toulouse", "Lille", "Strasbourg",
            "Nantes", "Bordeaux", "Elysee", "Élysée" },
    [0] = { "French fries" },
  } },
  DE = { name = "Germany", terms = {
    [3] = { "Germany", "German", "Germans", "Berlin", "Bundestag" },
    [2] = { "Munich", "Hamburg", "Frankfurt", "Cologne", "Stuttgart", "Dusseldorf",
            "Düsseldorf", "Dresden", "Leipzig", "Bundesliga" },
  } },
  IT = { name = "Italy", terms = {
    [3] = { "Italy", "Italian", "Italians", "Rome" },
    [2] = { "Milan", "Naples", "Turin", "Florence", "Venice", "Sicily", "Genoa",
            "Bologna", "Serie A" },
  } },
  ES = { name = "Spain", terms = {
    [3] = { "Spain", "Spanish", "Spaniard", "Spaniards", "Madrid" },
    [2] = { "Barcelona", "Seville", "Valencia", "Bilbao", "Catalonia", "Catalan",
            "Basque" },
  } },
  PT = { name = "Portugal", terms = {
    [3] = { "Portugal", "Portuguese", "Lisbon" },
    [2] = { "Porto" },
  } },
  NL = { name = "Netherlands", terms = {
    [3] = { "Netherlands", "Dutch", "Amsterdam", "The Hague" },
    [2] = { "Rotterdam", "Holland", "Utrecht", "Eindhoven" },
  } },
  BE = { name = "Belgium", terms = {
    [3] = { "Belgium", "Belgian", "Belgians" },
    [2] = { "Brussels", "Antwerp", "Ghent" },
  } },
  CH = { name = "Switzerland", terms = {
    [3] = { "Switzerland", "Swiss", "Bern", "Berne" },
    [2] = { "Zurich", "Zürich", "Geneva", "Basel", "Lausanne" },
  } },
  AT = { name = "Austria", terms = {
    [3] = { "Austria", "Austrian", "Austrians", "Vienna" },
    [2] = { "Salzburg", "Graz", "Innsbruck" },
  } },
  PL = { name = "Poland", terms = {
    [3] = { "Poland", "Poles", "Warsaw" },
    [2] = { "Krakow", "Kraków", "Gdansk", "Wroclaw" },
    [1] = { "Polish" },
  } },
  CZ = { name = "Czech Republic", terms = {
    [3] = { "Czech Republic", "Czechia", "Czech", "Czechs", "Prague" },
    [2] = { "Brno" },
  } },
  SK = { name = "Slovakia", terms = { [3] = { "Slovakia", "Slovak", "Slovaks", "Bratislava" } } },
  HU = { name = "Hungary", terms = { [3] = { "Hungary", "Hungarian", "Hungarians", "Budapest" } } },
  RO = { name = "Romania", terms = {
    [3] = { "Romania", "Romanian", "Romanians", "Bucharest" },
    [2] = { "Cluj" },
  } },
  BG = { name = "Bulgaria", terms = { [3] = { "Bulgaria", "Bulgarian", "Bulgarians", "Sofia" } } },
  GR = { name = "Greece", terms = {
    [3] = { "Greece", "Greek", "Greeks", "Athens" },
    [2] = { "Thessaloniki", "Crete" },
  } },
  CY = { name = "Cyprus", terms = { [3] = { "Cyprus", "Cypriot", "Cypriots", "Nicosia" } } },
  SE = { name = "Sweden", terms = {
    [3] = { "Sweden", "Swedish", "Swedes", "Stockholm" },
    [2] = { "Gothenburg", "Malmo", "Malmö" },
  } },
  NO = { name = "Norway", terms = {
    [3] = { "Norway", "Norwegian", "Norwegians", "Oslo" },
    [2] = { "Bergen" },
  } },
  DK = { name = "Denmark", terms = {
    [3] = { "Denmark", "Danish", "Danes", "Copenhagen" },
    [2] = { "Aarhus" },
  } },
  FI = { name = "Finland", terms = {
    [3] = { "Finland", "Finnish", "Finns", "Helsinki" },
  } },
  IS = { name = "Iceland", terms = { [3] = { "Iceland", "Icelandic", "Icelanders", "Reykjavik" } } },
  EE = { name = "Estonia", terms = { [3] = { "Estonia", "Estonian", "Estonians", "Tallinn" } } },
  LV = { name = "Latvia", terms = { [3] = { "Latvia", "Latvian", "Latvians", "Riga" } } },
  LT = { name = "Lithuania", terms = { [3] = { "Lithuania", "Lithuanian", "Lithuanians", "Vilnius" } } },
  UA = { name = "Ukraine", terms = {
    [3] = { "Ukraine", "Ukrainian", "Ukrainians", "Kyiv", "Kiev" },
    [2] = { "Kharkiv", "Odesa", "Odessa", "Lviv", "Donetsk", "Luhansk", "Mariupol",
            "Donbas", "Crimea", "Zelensky", "Zelenskyy" },
  } },
  BY = { name = "Belarus", terms = { [3] = { "Belarus", "Belarusian", "Belarusians", "Minsk" } } },
  MD = { name = "Moldova", terms = { [3] = { "Moldova", "Moldovan", "Chisinau" } } },
  RU = { name = "Russia", terms = {
    [3] = { "Russia", "Russian", "Russians", "Moscow", "Kremlin", "Russian Federation" },
    [2] = { "St Petersburg", "Saint Petersburg", "Chechnya", "Chechen", "Siberia",
            "Novosibirsk", "Vladivostok", "Duma", "Putin" },
  } },
  RS = { name = "Serbia", terms = { [3] = { "Serbia", "Serbian", "Serbians", "Serbs", "Belgrade" } } },
  HR = { name = "Croatia", terms = {
    [3] = { "Croatia", "Croatian", "Croatians", "Croats", "Zagreb" },
    [2] = { "Dubrovnik" },
  } },
  BA = { name = "Bosnia and Herzegovina", terms = {
    [3] = { "Bosnia", "Bosnian", "Bosnians", "Sarajevo", "Bosnia and Herzegovina" },
    [2] = { "Srebrenica" },
  } },
  SI = { name = "Slovenia", terms = { [3] = { "Slovenia", "Slovenian", "Slovenians", "Ljubljana" } } },
  AL = { name = "Albania", terms = { [3] = { "Albania", "Albanian", "Albanians", "Tirana" } } },
  MK = { name = "North Macedonia", terms = {
    [3] = { "North Macedonia", "Macedonia", "Macedonian", "Skopje" },
  } },
  GE = { name = "Georgia", terms = {
    [3] = { "Tbilisi" },
    [2] = { "Georgian", "Georgians" },
    [1] = { "Georgia" },
    [0] = { "Atlanta, Georgia", "Georgia Tech" },
  } },
  AM = { name = "Armenia", terms = { [3] = { "Armenia", "Armenian", "Armenians", "Yerevan" } } },
  AZ = { name = "Azerbaijan", terms = {
    [3] = { "Azerbaijan", "Azerbaijani", "Azeri", "Azeris", "Baku" },
    [2] = { "Nagorno-Karabakh" },
  } },

  -- The Americas
  US = { name = "United States", terms = {
    [3] = { "United States", "United States of America", "US", "USA", "Americans",
            "Washington DC", "White House", "Pentagon", "New York",
            "New York City", "California", "Texas", "Los Angeles", "Chicago",
            "San Francisco", "Capitol Hill" },
    [2] = { "American", "America", "Florida", "Boston", "Seattle", "Houston", "Miami",
            "Atlanta", "Philadelphia", "Detroit", "Dallas", "Las Vegas", "New Jersey",
            "Ohio", "Michigan", "Pennsylvania", "Virginia", "Illinois", "Arizona",
            "Massachusetts", "Wall Street", "Silicon Valley", "Hollywood", "Congress",
            "New Orleans", "Denver", "Minnesota", "Colorado", "Wisconsin", "New Mexico",
            "Alabama", "Louisiana", "Kentucky", "Tennessee", "Missouri", "Oregon",
            "Iowa", "North Carolina", "South Carolina", "New England", "Atlanta, Georgia" },
    [1] = { "Washington" },
    [0] = { "Latin America", "Latin American", "Latin Americans", "South America",
            "South American", "South Americans", "Central America", "Central American",
            "North America", "North American", "American Samoa" },
  } },
  CA = { name = "Canada", terms = {
    [3] = { "Canada", "Canadian", "Canadians", "Ottawa", "Toronto", "Montreal",
            "Vancouver" },
    [2] = { "Quebec", "Calgary", "Edmonton", "Alberta", "Ontario", "British Columbia",
            "Winnipeg" },
  } },
  MX = { name = "Mexico", terms = {
    [3] = { "Mexico", "Mexican", "Mexicans", "Mexico City" },
    [2] = { "Guadalajara", "Monterrey", "Tijuana", "Cancun", "Ciudad Juarez" },
    [0] = { "Gulf of Mexico" },
  } },
  CU = { name = "Cuba", terms = { [3] = { "Cuba", "Cuban", "Cubans", "Havana" } } },
  HT = { name = "Haiti", terms = { [3] = { "Haiti", "Haitian", "Haitians", "Port-au-Prince" } } },
  DO = { name = "Dominican Republic", terms = {
    [3] = { "Dominican Republic", "Santo Domingo" },
    [2] = { "Dominican", "Dominicans" },
  } },
  JM = { name = "Jamaica", terms = { [3] = { "Jamaica", "Jamaican", "Jamaicans", "Kingston, Jamaica" } } },
  GT = { name = "Guatemala", terms = { [3] = { "Guatemala", "Guatemalan", "Guatemalans", "Guatemala City" } } },
  HN = { name = "Honduras", terms = { [3] = { "Honduras", "Honduran", "Hondurans", "Tegucigalpa" } } },
  SV = { name = "El Salvador", terms = { [3] = { "El Salvador", "Salvadoran", "Salvadorans", "San Salvador" } } },
  NI = { name = "Nicaragua", terms = { [3] = { "Nicaragua", "Nicaraguan", "Nicaraguans", "Managua" } } },
  CR = { name = "Costa Rica", terms = { [3] = { "Costa Rica", "Costa Rican", "San Jose, Costa Rica" } } },
  PA = { name = "Panama", terms = { [3] = { "Panama", "Panamanian", "Panama City", "Panama Canal" } } },
  CO = { name = "Colombia", terms = {
    [3] = { "Colombia", "Colombian", "Colombians", "Bogota", "Bogotá" },
    [2] = { "Medellin", "Medellín", "Cali", "Cartagena", "FARC" },
  } },
  VE = { name = "Venezuela", terms = {
    [3] = { "Venezuela", "Venezuelan", "Venezuelans", "Caracas" },
    [2] = { "Maracaibo" },
  } },
  EC = { name = "Ecuador", terms = {
    [3] = { "Ecuador", "Ecuadorian", "Ecuadorians", "Quito" },
    [2] = { "Guayaquil" },
  } },
  PE = { name = "Peru", terms = { [3] = { "Peru", "Peruvian", "Peruvians", "Lima" } } },
  BO = { name = "Bolivia", terms = { [3] = { "Bolivia", "Bolivian", "Bolivians", "La Paz" } } },
  BR = { name = "Brazil", terms = {
    [3] = { "Brazil", "Brazilian", "Brazilians", "Brasilia", "Brasília", "Rio de Janeiro",
            "Sao Paulo", "São Paulo" },
    [2] = { "Salvador, Brazil", "Amazonas", "Recife", "Porto Alegre" },
  } },
  CL = { name = "Chile", terms = { [3] = { "Chile", "Chilean", "Chileans", "Santiago" } } },
  AR = { name = "Argentina", terms = {
    [3] = { "Argentina", "Argentine", "Argentines", "Argentinian", "Argentinians",
            "Buenos Aires" },
    [2] = { "Cordoba", "Rosario" },
  } },
  UY = { name = "Uruguay", terms = { [3] = { "Uruguay", "Uruguayan", "Uruguayans", "Montevideo" } } },
  PY = { name = "Paraguay", terms = { [3] = { "Paraguay", "Paraguayan", "Paraguayans", "Asuncion" } } },

  -- Africa
  NG = { name = "Nigeria", terms = {
    [3] = { "Nigeria", "Nigerian", "Nigerians", "Abuja", "Lagos" },
    [2] = { "Kano", "Ibadan", "Port Harcourt", "Niger Delta", "Boko Haram" },
  } },
  GH = { name = "Ghana", terms = { [3] = { "Ghana", "Ghanaian", "Ghanaians", "Accra" }, [2] = { "Kumasi" } } },
  KE = { name = "Kenya", terms = {
    [3] = { "Kenya", "Kenyan", "Kenyans", "Nairobi" },
    [2] = { "Mombasa", "Kisumu" },
  } },
  ET = { name = "Ethiopia", terms = {
    [3] = { "Ethiopia", "Ethiopian", "Ethiopians", "Addis Ababa" },
    [2] = { "Tigray" },
  } },
  SO = { name = "Somalia", terms = {
    [3] = { "Somalia", "Somali", "Somalis", "Mogadishu" },
    [2] = { "Puntland", "Somaliland", "al-Shabab" },
  } },
  ER = { name = "Eritrea", terms = { [3] = { "Eritrea", "Eritrean", "Eritreans", "Asmara" } } },
  UG = { name = "Uganda", terms = { [3] = { "Uganda", "Ugandan", "Ugandans", "Kampala" } } },
  RW = { name = "Rwanda", terms = { [3] = { "Rwanda", "Rwandan", "Rwandans", "Kigali" } } },
  TZ = { name = "Tanzania", terms = {
    [3] = { "Tanzania", "Tanzanian", "Tanzanians", "Dar es Salaam", "Dodoma" },
    [2] = { "Zanzibar" },
  } },
  CD = { name = "Democratic Republic of the Congo", terms = {
    [3] = { "Democratic Republic of Congo", "Democratic Republic of the Congo", "DR Congo",
            "DRC", "Kinshasa" },
    [2] = { "Congo", "Congolese", "Goma" },
  } },
  CG = { name = "Republic of the Congo", terms = {
    [3] = { "Republic of Congo", "Republic of the Congo", "Congo-Brazzaville",
            "Brazzaville" },
  } },
  ZA = { name = "South Africa", terms = {
    [3] = { "South Africa", "South African", "South Africans", "Johannesburg",
            "Pretoria", "Cape Town" },
    [2] = { "Durban", "Soweto" },
  } },
  ZW = { name = "Zimbabwe", terms = {
    [3] = { "Zimbabwe", "Zimbabwean", "Zimbabweans", "Harare" },
    [2] = { "Bulawayo" },
  } },
  ZM = { name = "Zambia", terms = { [3] = { "Zambia", "Zambian", "Zambians", "Lusaka" } } },
  MW = { name = "Malawi", terms = { [3] = { "Malawi", "Malawian", "Malawians", "Lilongwe" } } },
  MZ = { name = "Mozambique", terms = { [3] = { "Mozambique", "Mozambican", "Mozambicans", "Maputo" } } },
  AO = { name = "Angola", terms = { [3] = { "Angola", "Angolan", "Angolans", "Luanda" } } },
  NA = { name = "Namibia", terms = { [3] = { "Namibia", "Namibian", "Namibians", "Windhoek" } } },
  BW = { name = "Botswana", terms = { [3] = { "Botswana", "Gaborone" } } },
  MG = { name = "Madagascar", terms = { [3] = { "Madagascar", "Malagasy", "Antananarivo" } } },
  SN = { name = "Senegal", terms = { [3] = { "Senegal", "Senegalese", "Dakar" } } },
  ML = { name = "Mali", terms = {
    [3] = { "Malian", "Malians", "Bamako" },
    [2] = { "Mali", "Timbuktu" },
  } },
  NE = { name = "Niger", terms = {
    [3] = { "Nigerien", "Nigeriens", "Niamey" },
    [2] = { "Niger" },
    [0] = { "Niger River" },
  } },
  TD = { name = "Chad", terms = {
    [3] = { "Chadian", "Chadians", "N'Djamena", "Ndjamena" },
    [1] = { "Chad" },
  } },
  BF = { name = "Burkina Faso", terms = { [3] = { "Burkina Faso", "Burkinabe", "Ouagadougou" } } },
  CM = { name = "Cameroon", terms = {
    [3] = { "Cameroon", "Cameroonian", "Cameroonians", "Yaounde", "Yaoundé" },
    [2] = { "Douala" },
  } },
  CI = { name = "Ivory Coast", terms = {
    [3] = { "Ivory Coast", "Côte d'Ivoire", "Cote d'Ivoire", "Ivorian", "Ivorians",
            "Abidjan", "Yamoussoukro" },
  } },
  GN = { name = "Guinea", terms = {
    [3] = { "Guinean", "Conakry" },
    [2] = { "Guinea" },
    [0] = { "guinea pig", "guinea pigs" },
  } },
  GQ = { name = "Equatorial Guinea", terms = { [3] = { "Equatorial Guinea", "Malabo" } } },
  GW = { name = "Guinea-Bissau", terms = { [3] = { "Guinea-Bissau", "Bissau" } } },
  SL = { name = "Sierra Leone", terms = { [3] = { "Sierra Leone", "Sierra Leonean", "Freetown" } } },
  LR = { name = "Liberia", terms = { [3] = { "Liberia", "Liberian", "Liberians", "Monrovia" } } },

  -- Oceania
  AU = { name = "Australia", terms = {
    [3] = { "Australia", "Australian", "Australians", "Canberra", "Sydney", "Melbourne" },
    [2] = { "Brisbane", "Perth", "Adelaide", "Queensland", "New South Wales", "Victoria, Australia",
            "Tasmania", "Aussie" },
  } },
  NZ = { name = "New Zealand", terms = {
    [3] = { "New Zealand", "New Zealander", "New Zealanders", "Auckland" },
    [2] = { "Christchurch", "Kiwis" },
    [1] = { "Wellington" },
  } },
  PG = { name = "Papua New Guinea", terms = { [3] = { "Papua New Guinea", "Port Moresby" } } },
  FJ = { name = "Fiji", terms = { [3] = { "Fiji", "Fijian", "Fijians", "Suva" } } },
}

return { topic = topic, place = place }

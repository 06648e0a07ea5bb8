/* stopwords.c — galley's own stop word lists, grouped by word class so that they can be
 * reviewed: articles and determiners, pronouns, prepositions, conjunctions, auxiliary
 * verbs, then frequent adverbs. Words are case-folded, as galley.text.lower gives them. */
#include "stopwords.h"

#include <stddef.h>
#include <string.h>

static const char *const english[] = {
    /* determiners */
    "a", "an", "the", "this", "that", "these", "those", "some", "any", "each", "every", "either", "neither",
    "no", "all", "both", "few", "many", "much", "more", "most", "other", "others", "another", "such", "own",
    "same",
    /* pronouns */
    "i", "me", "my", "mine", "myself", "you", "your", "yours", "yourself", "yourselves", "he", "him", "his",
    "himself", "she", "her", "hers", "herself", "it", "its", "itself", "we", "us", "our", "ours", "ourselves",
    "they", "them", "their", "theirs", "themselves", "who", "whom", "whose", "which", "what", "one", "none",
    /* prepositions */
    "about", "above", "after", "against", "among", "around", "at", "before", "below", "between", "by", "down",
    "during", "for", "from", "in", "into", "like", "of", "off", "on", "out", "over", "since", "through", "to",
    "under", "until", "up", "with", "within", "without",
    /* conjunctions */
    "and", "or", "but", "nor", "so", "yet", "if", "because", "although", "though", "while", "whether", "than",
    "as", "when", "where", "why", "how", "however", "then",
    /* auxiliaries */
    "am", "is", "are", "was", "were", "be", "been", "being", "have", "has", "had", "do", "does", "did", "can",
    "cannot", "could", "may", "might", "must", "shall", "should", "will", "would",
    /* contractions */
    "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't", "can't", "couldn't", "won't",
    "wouldn't", "shouldn't", "i'm", "you're", "he's", "she's", "it's", "we're", "they're", "that's",
    "there's",
    /* adverbs */
    "not", "also", "only", "just", "very", "too", "again", "ever", "never", "always", "often", "here",
    "there", "now", "once", "even", NULL};

static const char *const french[] = {
    /* determiners */
    "le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "au", "aux", "ce", "cet", "cette", "ces",
    "mon", "ma", "mes", "ton", "ta", "tes", "son", "sa", "ses", "notre", "nos", "votre", "vos", "leur",
    "leurs", "quel", "quelle", "quels", "quelles", "tout", "tous", "toute", "toutes",
    /* pronouns */
    "je", "j", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles", "me", "m", "te", "t", "se", "s",
    "lui", "moi", "toi", "eux", "y", "en", "qui", "que", "qu", "quoi", "dont", "où", "ceci", "cela", "ça",
    "c", "celui", "celle", "ceux", "celles",
    /* prepositions */
    "à", "dans", "par", "pour", "avec", "sans", "sur", "sous", "chez", "entre", "vers", "contre", "depuis",
    "pendant", "après", "avant",
    /* conjunctions */
    "et", "ou", "mais", "donc", "ni", "car", "si", "comme", "quand", "lorsque", "puisque",
    /* auxiliaries */
    "est", "sont", "suis", "es", "sommes", "êtes", "était", "étaient", "été", "être", "sera", "seront",
    "serait", "fut", "ai", "as", "a", "avons", "avez", "ont", "avait", "avaient", "avoir", "eu", "aura",
    "fait",
    /* adverbs */
    "ne", "n", "pas", "plus", "moins", "très", "trop", "aussi", "bien", "encore", "déjà", "ici", "là",
    "alors", "ainsi", "puis", "même", NULL};

static const char *const german[] = {
    /* determiners */
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "eines", "einem", "einen", "kein",
    "keine", "keinen", "dieser", "diese", "dieses", "diesem", "diesen", "jeder", "jede", "jedes", "jedem",
    "jeden", "alle", "alles", "allen", "mein", "meine", "dein", "deine", "sein", "seine", "seinen", "seinem",
    "seiner", "ihre", "ihren", "ihrem", "ihrer", "unser", "euer", "welche", "welcher", "welches",
    /* pronouns */
    "ich", "du", "er", "sie", "es", "wir", "ihr", "mich", "dich", "sich", "uns", "euch", "mir", "dir", "ihm",
    "ihn", "ihnen", "man", "was", "wer", "wen", "wem", "etwas", "nichts", "dessen",
    /* prepositions */
    "an", "am", "auf", "aus", "bei", "beim", "bis", "durch", "für", "gegen", "hinter", "in", "im", "ins",
    "mit", "nach", "ohne", "seit", "über", "um", "unter", "von", "vom", "vor", "zu", "zum", "zur", "zwischen",
    /* conjunctions */
    "und", "oder", "aber", "denn", "sondern", "dass", "ob", "weil", "wenn", "als", "wie", "damit", "doch",
    /* auxiliaries */
    "bin", "bist", "ist", "sind", "seid", "war", "waren", "gewesen", "wird", "werden", "wurde", "wurden",
    "hat", "habe", "haben", "hatte", "hatten", "kann", "können", "muss", "soll",
    /* adverbs */
    "nicht", "auch", "noch", "schon", "nur", "sehr", "mehr", "so", "da", "dann", "dort", "hier", "jetzt",
    "nun", "ja", "nein", "wieder", "wo", "warum", NULL};

static const char *const spanish[] = {
    /* determiners */
    "el", "la", "los", "las", "lo", "un", "una", "unos", "unas", "al", "del", "este", "esta", "estos",
    "estas", "ese", "esa", "esos", "esas", "aquel", "aquella", "mi", "mis", "tu", "tus", "su", "sus",
    "nuestro", "nuestra", "todo", "toda", "todos", "todas", "otro", "otra", "otros", "otras", "cada", "mucho",
    "muchos", "poco",
    /* pronouns */
    "yo", "tú", "él", "ella", "ellos", "ellas", "nosotros", "usted", "ustedes", "me", "te", "se", "le", "les",
    "nos", "esto", "eso", "algo", "nada", "que", "qué", "quien", "quienes", "cual", "cómo", "dónde", "cuándo",
    /* prepositions */
    "a", "ante", "con", "contra", "de", "desde", "durante", "en", "entre", "hasta", "hacia", "para", "por",
    "según", "sin", "sobre", "tras",
    /* conjunctions */
    "y", "e", "o", "u", "pero", "sino", "porque", "aunque", "si", "como", "cuando", "donde", "ni",
    /* auxiliaries */
    "es", "son", "era", "eran", "fue", "fueron", "ser", "sido", "sea", "está", "están", "estaba", "estar",
    "estado", "ha", "han", "había", "haber", "hay", "tiene", "tienen",
    /* adverbs */
    "no", "sí", "ya", "más", "menos", "muy", "también", "tan", "tanto", "así", "aún", "antes", NULL};

static const char *const italian[] = {
    /* determiners and articulated prepositions */
    "il", "lo", "la", "i", "gli", "le", "l", "un", "uno", "una", "del", "dello", "della", "dei", "degli",
    "delle", "al", "allo", "alla", "ai", "agli", "alle", "dal", "dallo", "dalla", "dai", "dagli", "dalle",
    "nel", "nello", "nella", "nei", "negli", "nelle", "sul", "sulla", "sui", "questo", "questa", "questi",
    "queste", "quello", "quella", "quelle", "ogni", "tutto", "tutti", "mio", "mia", "suo", "sua", "suoi",
    "sue", "nostro", "nostra",
    /* pronouns */
    "io", "tu", "lui", "lei", "noi", "voi", "loro", "mi", "ti", "si", "ci", "vi", "ne", "che", "chi", "cui",
    "cosa", "quale", "quanto",
    /* prepositions */
    "di", "a", "ad", "da", "in", "con", "su", "per", "tra", "fra", "contro", "senza",
    /* conjunctions */
    "e", "ed", "o", "ma", "se", "perché", "come", "quando", "dove", "anche",
    /* auxiliaries */
    "è", "sono", "sei", "siamo", "era", "erano", "essere", "stato", "sia", "ha", "hanno", "ho", "avere",
    "aveva", "avevano", "fa", "sta",
    /* adverbs */
    "non", "più", "molto", "già", "ancora", "poi", "così", NULL};

static const char *const portuguese[] = {
    /* determiners and contractions */
    "o", "a", "os", "as", "um", "uma", "uns", "umas", "do", "da", "dos", "das", "no", "na", "nos", "nas",
    "ao", "aos", "à", "às", "pelo", "pela", "pelos", "pelas", "num", "numa", "este", "esta", "estes", "esse",
    "essa", "esses", "essas", "aquele", "aquela", "aqueles", "meu", "minha", "teu", "tua", "seu", "sua",
    "seus", "suas",
    /* pronouns */
    "eu", "tu", "ele", "ela", "nós", "vós", "eles", "elas", "você", "vocês", "me", "te", "se", "lhe", "lhes",
    "vos", "isto", "isso", "que", "quem", "qual", "dele", "dela", "deles",
    /* prepositions */
    "de", "em", "por", "para", "com", "sem", "sobre", "entre", "até", "contra", "depois",
    /* conjunctions */
    "e", "ou", "mas", "nem", "porque", "quando", "como", "onde",
    /* auxiliaries */
    "é", "são", "era", "eram", "foi", "foram", "ser", "está", "estão", "estar", "tem", "têm", "ter", "há",
    /* adverbs */
    "não", "sim", "já", "mais", "muito", "também", "só", "ainda", "assim", "bem", "mesmo", NULL};

static const char *const dutch[] = {
    /* determiners */
    "de", "het", "een", "deze", "die", "dit", "dat", "geen", "alle", "mijn", "zijn", "haar", "hun", "onze",
    "veel",
    /* pronouns */
    "ik", "jij", "je", "hij", "zij", "ze", "wij", "we", "jullie", "u", "mij", "me", "hem", "ons", "zich",
    "zelf", "wat", "wie", "men", "niets", "er",
    /* prepositions */
    "aan", "bij", "door", "in", "met", "na", "naar", "om", "op", "over", "te", "tegen", "tot", "uit", "van",
    "voor", "zonder",
    /* conjunctions */
    "en", "of", "maar", "want", "dus", "als", "dan", "omdat", "toen", "hoe", "waar",
    /* auxiliaries */
    "is", "ben", "bent", "was", "waren", "wordt", "worden", "werd", "heb", "hebben", "heeft", "had", "kan",
    "kon", "zal", "wil", "doen", "zei",
    /* adverbs */
    "niet", "ook", "nog", "al", "wel", "toch", "nu", "hier", "daar", "zo", "meer", NULL};

static const char *const russian[] = {
    /* determiners */
    "этот", "эта", "это", "эти", "этого", "этой", "этом", "тот", "та", "то", "те", "того", "том", "тем",
    "весь", "вся", "все", "всё", "всего", "всех", "мой", "свой", "свою", "какой", "такой", "один", "чей",
    /* pronouns */
    "я", "ты", "он", "она", "оно", "мы", "вы", "они", "меня", "мне", "тебя", "себя", "себе", "его", "её",
    "ее", "ему", "ей", "нее", "неё", "него", "нам", "нас", "вам", "вас", "им", "их", "них", "кто", "что",
    "чего", "чем",
    /* prepositions */
    "в", "во", "на", "с", "со", "к", "ко", "по", "о", "об", "от", "до", "из", "за", "у", "для", "без", "под",
    "над", "при", "про", "после", "между", "через",
    /* conjunctions */
    "и", "а", "но", "или", "либо", "да", "если", "когда", "чтобы", "потому", "хотя", "как", "так", "также",
    "тоже",
    /* auxiliaries */
    "быть", "был", "была", "было", "были", "есть", "будет", "может", "можно",
    /* particles and adverbs */
    "не", "ни", "ли", "же", "бы", "ну", "вот", "уже", "еще", "ещё", "только", "даже", "очень", "нет", "там",
    "здесь", "где", "теперь", "потом", "более", NULL};

static const char *const arabic[] = {
    /* prepositions, with and without hamza as both are written */
    "في", "من", "إلى", "الى", "على", "عن", "مع", "بين", "عند", "قبل", "بعد", "فوق", "تحت", "حول", "ضد",
    "خلال", "منذ", "حتى", "لدى", "نحو",
    /* demonstratives and relatives */
    "هذا", "هذه", "ذلك", "تلك", "هؤلاء", "هناك", "هنا", "الذي", "التي", "الذى", "التى", "الذين", "اللذين",
    "اللتين", "اللواتي",
    /* pronouns */
    "أنا", "انا", "نحن", "أنت", "انت", "أنتم", "انتم", "هو", "هي", "هم", "هن", "هما", "له", "لها", "لهم",
    "به", "بها", "فيه", "فيها", "منه", "منها", "عليه", "عليها",
    /* particles and conjunctions */
    "و", "ف", "ب", "ل", "أو", "او", "أم", "ثم", "بل", "لكن", "إن", "ان", "أن", "إنه", "انه", "أنه", "إذا",
    "اذا", "لو", "كما", "حيث", "إلا", "الا", "قد", "لقد", "لا", "لم", "لن", "ما", "ليس", "ليست", "كل", "بعض",
    "غير", "أي", "اي", "أيضا", "ايضا",
    /* interrogatives */
    "ماذا", "متى", "أين", "اين", "كيف",
    /* the verb "to be" */
    "كان", "كانت", "كانوا", "يكون", "تكون",
    /* frequent forms with the conjunction و */
    "وفي", "ومن", "وعلى", "وإلى", "وقد", "وهو", "وهي", "وكان", "وأن", "وان", "وإن", "ولا", "وما", NULL};

typedef struct stopword_list {
    const char *lang;
    const char *const *words;
} stopword_list;

static const stopword_list lists[] = {
    {"en", english},    {"fr", french}, {"de", german},  {"es", spanish}, {"it", italian},
    {"pt", portuguese}, {"nl", dutch},  {"ru", russian}, {"ar", arabic},
};

const char *const *stopwords_list(const char *lang) {
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
        if (strcmp(lists[i].lang, lang) == 0) return lists[i].words;
    return NULL;
}

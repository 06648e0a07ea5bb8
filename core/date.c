/* date.c — reads one date (and time) as people and machines write it, to ISO 8601. */
#include "date.h"

#include <string.h>

/* A date is short; anything longer is a sentence, not a date. */
#define DATE_TEXT_MAX 160
#define DATE_TOKENS_MAX 40
#define DATE_FREE_MAX 4

typedef enum tok_kind { TOK_NUM, TOK_WORD, TOK_PUNCT } tok_kind;

typedef struct token {
    tok_kind kind;
    const char *text; /* TOK_WORD: into the normalised text; not NUL-terminated */
    size_t len;
    long value; /* TOK_NUM */
    int digits; /* TOK_NUM: how many digits were written */
    char punct; /* TOK_PUNCT */
    int glued;  /* no space before this token */
} token;

typedef struct free_num {
    long value;
    int digits;
} free_num;

/* What has been read so far; -1 means "not given". */
typedef struct parts {
    long year, month, day;
    long hour, min, sec;
    int ampm; /* 0 none, 1 AM, 2 PM */
    int has_zone;
    long offset; /* minutes east of UTC */
    int month_named;
    free_num nums[DATE_FREE_MAX];
    int nnums;
} parts;

/* ---- normalisation -------------------------------------------------------- */

/* Decodes one UTF-8 code point; malformed input yields 0xFFFD for one byte, which no
 * table matches, so the string is simply not a date. */
static size_t decode(const unsigned char *s, unsigned *cp) {
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    int n = (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
    if (!n) {
        *cp = 0xFFFD;
        return 1;
    }
    unsigned v = s[0] & (0x7F >> n);
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    *cp = v;
    return (size_t)n;
}

static int is_unicode_space(unsigned cp) {
    return cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F || cp == 0x3000 ||
           cp == 0xFEFF || cp == 0x200E || cp == 0x200F;
}

/* Arabic harakat and tatweel change nothing in a word ("مساءً" is "مساء"). */
static int is_arabic_mark(unsigned cp) { return (cp >= 0x064B && cp <= 0x0652) || cp == 0x0640; }

static size_t put_utf8(char *out, unsigned cp) {
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
}

/* Rewrites s so that the tokenizer and the name tables see one spelling: ASCII lower
 * case, ASCII digits for Arabic-Indic ones, ',' for the Arabic comma, '-' for dashes, plain alef for
 * أ إ آ (writers use either), one ' ' for any space. The result is never longer. */
static int normalise(const char *s, char *out, size_t outsize) {
    const unsigned char *p = (const unsigned char *)s;
    size_t o = 0;
    while (*p) {
        unsigned cp;
        p += decode(p, &cp);
        if (cp >= 'A' && cp <= 'Z')
            cp += 'a' - 'A';
        else if (cp >= 0x0660 && cp <= 0x0669)
            cp = '0' + (cp - 0x0660);
        else if (cp >= 0x06F0 && cp <= 0x06F9)
            cp = '0' + (cp - 0x06F0);
        else if (cp == 0x060C)
            cp = ',';
        else if (cp >= 0x2010 && cp <= 0x2015)
            cp = '-';
        else if (cp == 0x0623 || cp == 0x0625 || cp == 0x0622)
            cp = 0x0627;
        else if (cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' || is_unicode_space(cp))
            cp = ' ';
        else if (is_arabic_mark(cp))
            continue;
        if (cp >= 0x10000) return -1; /* no date is written with those */
        if (o + 4 >= outsize) return -1;
        o += put_utf8(out + o, cp);
    }
    out[o] = '\0';
    return 0;
}

/* ---- tokens --------------------------------------------------------------- */

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Letters of a word: ASCII letters and every non-ASCII byte (Arabic letters). */
static int is_word_byte(char c) { return (c >= 'a' && c <= 'z') || (unsigned char)c >= 0x80; }

/* A dot inside a word ("a.m") or closing it ("Sept.", "a.m.") is part of the word. */
static int word_dot(const char *dot) {
    return is_word_byte(dot[1]) || dot[1] == ' ' || dot[1] == ',' || dot[1] == '\0';
}

/* Splits the normalised text into numbers, words and punctuation. Dots inside and at
 * the end of a word belong to it ("a.m.", "Sept.") and are dropped when matching. */
static int tokenize(const char *s, token *toks, int max) {
    int n = 0;
    int glued = 1;
    while (*s) {
        if (*s == ' ') {
            glued = 0;
            s++;
            continue;
        }
        if (n == max) return -1;
        token *t = &toks[n++];
        memset(t, 0, sizeof *t);
        t->glued = glued;
        glued = 1;
        t->text = s;
        if (is_digit(*s)) {
            t->kind = TOK_NUM;
            while (is_digit(*s)) {
                if (t->digits < 9) t->value = t->value * 10 + (*s - '0');
                t->digits++;
                s++;
            }
        } else if (is_word_byte(*s)) {
            t->kind = TOK_WORD;
            while (is_word_byte(*s) || (*s == '.' && word_dot(s)))
                s++;
        } else {
            t->kind = TOK_PUNCT;
            t->punct = *s++;
        }
        t->len = (size_t)(s - t->text);
    }
    return n;
}

/* Compares a word token with a lower-case name, ignoring the dots inside the word. */
static int word_is(const token *t, const char *name) {
    if (t->kind != TOK_WORD) return 0;
    size_t j = 0;
    for (size_t i = 0; i < t->len; i++) {
        if (t->text[i] == '.') continue;
        if (!name[j] || t->text[i] != name[j]) return 0;
        j++;
    }
    return name[j] == '\0';
}

static int word_in(const token *t, const char *const *names) {
    for (size_t i = 0; names[i]; i++)
        if (word_is(t, names[i])) return 1;
    return 0;
}

/* ---- name tables (normalised spellings) ----------------------------------- */

typedef struct named_value {
    const char *name;
    int value;
} named_value;

static const named_value month_names[] = {
    /* English, full and abbreviated */
    {"january", 1},
    {"jan", 1},
    {"february", 2},
    {"feb", 2},
    {"march", 3},
    {"mar", 3},
    {"april", 4},
    {"apr", 4},
    {"may", 5},
    {"june", 6},
    {"jun", 6},
    {"july", 7},
    {"jul", 7},
    {"august", 8},
    {"aug", 8},
    {"september", 9},
    {"sept", 9},
    {"sep", 9},
    {"october", 10},
    {"oct", 10},
    {"november", 11},
    {"nov", 11},
    {"december", 12},
    {"dec", 12},
    /* French, German, Spanish, Portuguese, Italian and Dutch, full and in the
     * abbreviations newspapers print; lower case as written ("März", "août"). Short
     * forms that are English words ("set", "out") are left out. */
    {"janvier", 1},
    {"janv", 1},
    {"février", 2},
    {"fevrier", 2},
    {"févr", 2},
    {"mars", 3},
    {"avril", 4},
    {"avr", 4},
    {"mai", 5},
    {"juin", 6},
    {"juillet", 7},
    {"juil", 7},
    {"août", 8},
    {"aout", 8},
    {"septembre", 9},
    {"octobre", 10},
    {"novembre", 11},
    {"décembre", 12},
    {"decembre", 12},
    {"déc", 12},
    {"januar", 1},
    {"jänner", 1},
    {"februar", 2},
    {"märz", 3},
    {"maerz", 3},
    {"mär", 3},
    {"juni", 6},
    {"juli", 7},
    {"oktober", 10},
    {"okt", 10},
    {"dezember", 12},
    {"dez", 12},
    {"enero", 1},
    {"ene", 1},
    {"febrero", 2},
    {"marzo", 3},
    {"abril", 4},
    {"abr", 4},
    {"mayo", 5},
    {"junio", 6},
    {"julio", 7},
    {"agosto", 8},
    {"ago", 8},
    {"septiembre", 9},
    {"setiembre", 9},
    {"octubre", 10},
    {"noviembre", 11},
    {"diciembre", 12},
    {"dic", 12},
    {"janeiro", 1},
    {"fevereiro", 2},
    {"fev", 2},
    {"março", 3},
    {"maio", 5},
    {"junho", 6},
    {"julho", 7},
    {"setembro", 9},
    {"outubro", 10},
    {"novembro", 11},
    {"dezembro", 12},
    {"gennaio", 1},
    {"gen", 1},
    {"febbraio", 2},
    {"aprile", 4},
    {"maggio", 5},
    {"mag", 5},
    {"giugno", 6},
    {"giu", 6},
    {"luglio", 7},
    {"lug", 7},
    {"settembre", 9},
    {"ottobre", 10},
    {"ott", 10},
    {"dicembre", 12},
    {"januari", 1},
    {"februari", 2},
    {"maart", 3},
    {"mrt", 3},
    {"mei", 5},
    {"augustus", 8},
    /* Egyptian and Gulf names (alef already normalised) */
    {"يناير", 1},
    {"فبراير", 2},
    {"مارس", 3},
    {"ابريل", 4},
    {"مايو", 5},
    {"يونيو", 6},
    {"يونيه", 6},
    {"يوليو", 7},
    {"يوليه", 7},
    {"اغسطس", 8},
    {"سبتمبر", 9},
    {"اكتوبر", 10},
    {"نوفمبر", 11},
    {"ديسمبر", 12},
    /* Levantine and Iraqi names of one word */
    {"شباط", 2},
    {"اذار", 3},
    {"نيسان", 4},
    {"ايار", 5},
    {"حزيران", 6},
    {"تموز", 7},
    {"اب", 8},
    {"ايلول", 9},
    {NULL, 0}};

/* Levantine names of two words: "كانون الثاني" is January, "تشرين الأول" October. */
typedef struct two_word_month {
    const char *first, *second;
    int value;
} two_word_month;

static const two_word_month two_word_months[] = {
    /* كانون الثاني, تشرين الأول, تشرين الثاني, كانون الأول */
    {"كانون", "الثاني", 1},
    {"تشرين", "الاول", 10},
    {"تشرين", "الثاني", 11},
    {"كانون", "الاول", 12},
    {NULL, NULL, 0}};

static const char *const day_names[] = {
    /* English, full and abbreviated */
    "monday", "mon", "tuesday", "tue", "tues", "wednesday", "wed", "thursday", "thu", "thur", "thurs",
    "friday", "fri", "saturday", "sat", "sunday", "sun",
    /* French, German, Spanish, Portuguese, Italian, Dutch */
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "montag", "dienstag", "mittwoch",
    "donnerstag", "freitag", "samstag", "sonnabend", "sonntag", "lunes", "martes", "miércoles", "miercoles",
    "jueves", "viernes", "sábado", "sabado", "domingo", "segunda", "terça", "terca", "quarta", "quinta",
    "sexta", "lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica", "maandag",
    "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag",
    /* Arabic, Saturday to Friday */
    "السبت", "الاحد", "الاثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعة", NULL};

/* Words that join the parts of a date and carry nothing: "on the 14th of July at 6 PM",
 * "يوم الجمعة ... الساعة 6", "في". */
static const char *const filler_words[] = {"at", "on", "the", "of", "t", "يوم", "الساعة", "في",
                                           /* "le 3 mars 2021 à 10:30", "3 de marzo de 2021", "um 10:30 Uhr",
                                            * "segunda-feira", "il 3 marzo", "om 10.30 uur" */
                                           "le", "à", "de", "del", "um", "uhr", "feira", "às", "il", "el",
                                           "om", "uur", NULL};

static const char *const am_words[] = {"am", "ص", "صباحا", "صباح", NULL};
static const char *const pm_words[] = {"pm", "م", "مساء", "مساءا", NULL};

static const named_value zone_names[] = {
    /* minutes east of UTC */
    {"gmt", 0},    {"ut", 0},     {"utc", 0},    {"z", 0},      {"est", -300}, {"edt", -240}, {"cst", -360},
    {"cdt", -300}, {"mst", -420}, {"mdt", -360}, {"pst", -480}, {"pdt", -420}, {NULL, 0}};

static const char *const ordinal_suffixes[] = {"st", "nd", "rd", "th", "er", "º", NULL}; /* "1er", "1º" too */

static int lookup(const token *t, const named_value *table, int *value) {
    for (size_t i = 0; table[i].name; i++)
        if (word_is(t, table[i].name)) {
            *value = table[i].value;
            return 1;
        }
    return 0;
}

/* ---- calendar arithmetic ------------------------------------------------- */

static int is_leap(long y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(long y, long m) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm), so no
 * time zone of the process can creep in as it would through mktime(). */
static long days_from_civil(long y, long m, long d) {
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, long *y, long *m, long *d) {
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

/* ---- grammar --------------------------------------------------------------- */

static int is_punct(const token *toks, int n, int i, char c) {
    return i < n && toks[i].kind == TOK_PUNCT && toks[i].punct == c;
}

static int is_num(const token *toks, int n, int i) { return i < n && toks[i].kind == TOK_NUM; }

static int is_ampm_word(const token *t) { return word_in(t, am_words) || word_in(t, pm_words); }

/* "18:24", "18:24:05", "18:24:05.250": returns the tokens used, 0 if not a clock. */
static int read_clock(const token *toks, int n, int i, parts *p) {
    if (!is_num(toks, n, i) || !is_punct(toks, n, i + 1, ':') || !is_num(toks, n, i + 2)) return 0;
    if (toks[i].digits > 2 || toks[i + 2].digits != 2) return -1;
    if (p->hour >= 0) return -1;
    p->hour = toks[i].value;
    p->min = toks[i + 2].value;
    p->sec = 0;
    int used = 3;
    if (is_punct(toks, n, i + 3, ':') && is_num(toks, n, i + 4)) {
        if (toks[i + 4].digits != 2) return -1;
        p->sec = toks[i + 4].value;
        used = 5;
        /* Fractions of a second are below what we keep. */
        if ((is_punct(toks, n, i + 5, '.') || is_punct(toks, n, i + 5, ',')) && is_num(toks, n, i + 6) &&
            toks[i + 6].glued)
            used = 7;
    }
    return used;
}

/* "2017-07-14", "14/07/2017", "14.07.2017": the same separator twice between numbers. */
static int read_numeric_date(const token *toks, int n, int i, parts *p) {
    if (!is_num(toks, n, i) || i + 4 >= n || toks[i + 1].kind != TOK_PUNCT) return 0;
    char sep = toks[i + 1].punct;
    if (sep != '-' && sep != '/' && sep != '.') return 0;
    if (!is_num(toks, n, i + 2) || !is_punct(toks, n, i + 3, sep) || !is_num(toks, n, i + 4)) return 0;
    if (p->year >= 0 || p->month_named) return -1;
    const token *a = &toks[i], *b = &toks[i + 2], *c = &toks[i + 4];
    if (a->digits == 4 && b->digits <= 2 && c->digits <= 2) {
        p->year = a->value;
        p->month = b->value;
        p->day = c->value;
    } else if (c->digits == 4 && a->digits <= 2 && b->digits <= 2) {
        /* Day-first or month-first: decided only when the numbers leave no doubt. */
        if (a->value > 12 && b->value <= 12) {
            p->day = a->value;
            p->month = b->value;
        } else if (b->value > 12 && a->value <= 12) {
            p->month = a->value;
            p->day = b->value;
        } else if (a->value == b->value) {
            p->month = p->day = a->value;
        } else {
            return -1;
        }
        p->year = c->value;
    } else {
        return -1; /* two-digit years make the order itself ambiguous */
    }
    return 5;
}

/* "+03:00", "+0300", "-05", after a clock; "GMT+3" after a zone name. */
static int read_offset(const token *toks, int n, int i, parts *p, int after_zone_name) {
    char sign = toks[i].punct;
    /* The number is glued to its sign: "18:24 - 14 July" is a separator, not -14:00. */
    if ((sign != '+' && sign != '-') || !is_num(toks, n, i + 1) || !toks[i + 1].glued || p->hour < 0)
        return 0;
    const token *h = &toks[i + 1];
    long minutes;
    int used = 2;
    if (h->digits == 4) {
        minutes = (h->value / 100) * 60 + h->value % 100;
        if (h->value % 100 > 59) return -1;
    } else if (h->digits == 2 || (after_zone_name && h->digits == 1)) {
        minutes = h->value * 60;
        if (is_punct(toks, n, i + 2, ':') && is_num(toks, n, i + 3)) {
            if (toks[i + 3].digits != 2 || toks[i + 3].value > 59) return -1;
            minutes += toks[i + 3].value;
            used = 4;
        }
    } else {
        return 0;
    }
    if (minutes > 14 * 60) return -1;
    if (p->has_zone && !after_zone_name) return -1;
    p->offset += sign == '-' ? -minutes : minutes;
    p->has_zone = 1;
    return used;
}

/* A number that is not part of a clock or numeric date: a day or a year, placed later. */
static int keep_number(const token *toks, int n, int i, parts *p) {
    if (p->nnums == DATE_FREE_MAX) return -1;
    p->nums[p->nnums].value = toks[i].value;
    p->nums[p->nnums].digits = toks[i].digits;
    p->nnums++;
    if (i + 1 < n && toks[i + 1].glued && word_in(&toks[i + 1], ordinal_suffixes)) {
        if (toks[i].digits > 2) return -1;
        return 2;
    }
    return 1;
}

static int read_number(const token *toks, int n, int i, parts *p) {
    int used = read_clock(toks, n, i, p);
    if (used) return used;
    used = read_numeric_date(toks, n, i, p);
    if (used) return used;
    /* "6 PM": an hour on its own. */
    if (i + 1 < n && is_ampm_word(&toks[i + 1]) && toks[i].digits <= 2 && p->hour < 0) {
        p->hour = toks[i].value;
        p->min = p->sec = 0;
        return 1;
    }
    return keep_number(toks, n, i, p);
}

static int read_month_name(const token *toks, int n, int i, parts *p) {
    int value;
    int used = 0;
    if (lookup(&toks[i], month_names, &value)) {
        used = 1;
    } else if (i + 1 < n) {
        for (size_t k = 0; two_word_months[k].first; k++)
            if (word_is(&toks[i], two_word_months[k].first) &&
                word_is(&toks[i + 1], two_word_months[k].second)) {
                value = two_word_months[k].value;
                used = 2;
                break;
            }
    }
    if (!used) return 0;
    if (p->month_named || p->month >= 0) return -1;
    p->month = value;
    p->month_named = 1;
    return used;
}

static int read_word(const token *toks, int n, int i, parts *p) {
    const token *t = &toks[i];
    int value;
    int used = read_month_name(toks, n, i, p);
    if (used) return used;
    if (word_in(t, day_names) || word_in(t, filler_words)) return 1;
    if (word_in(t, am_words) || word_in(t, pm_words)) {
        int pm = word_in(t, pm_words);
        if (p->hour < 0) {
            /* Without a clock, "م" is the era (AD) written after the year. */
            return pm && word_is(t, "م") ? 1 : -1;
        }
        if (p->ampm) return -1;
        p->ampm = pm ? 2 : 1;
        return 1;
    }
    if (lookup(t, zone_names, &value)) {
        if (p->has_zone) return -1;
        p->has_zone = 1;
        p->offset = value;
        if (i + 1 < n && toks[i + 1].kind == TOK_PUNCT && value == 0) {
            int more = read_offset(toks, n, i + 1, p, 1);
            if (more < 0) return -1;
            return 1 + more;
        }
        return 1;
    }
    return -1;
}

static int read_punct(const token *toks, int n, int i, parts *p) {
    char c = toks[i].punct;
    if (c == '+' || c == '-') {
        int used = read_offset(toks, n, i, p, 0);
        if (used) return used;
        return c == '-' ? 1 : -1;
    }
    if (strchr(",./()", c)) return 1;
    return -1;
}

/* Places the numbers left over around a month name: a day and a year. */
static int place_free_numbers(parts *p) {
    if (!p->month_named) return p->nnums == 0 && p->year >= 0 ? 0 : -1;
    if (p->nnums != 2) return -1;
    free_num a = p->nums[0], b = p->nums[1];
    if (a.digits == 4 && b.digits <= 2) {
        p->year = a.value;
        p->day = b.value;
    } else if (b.digits == 4 && a.digits <= 2) {
        p->day = a.value;
        p->year = b.value;
    } else if (a.digits <= 2 && b.digits == 2) {
        /* RFC 822 "14 Jul 17": two-digit years, 00-49 in this century. */
        p->day = a.value;
        p->year = b.value < 50 ? 2000 + b.value : 1900 + b.value;
    } else {
        return -1;
    }
    return 0;
}

static int validate(parts *p) {
    if (p->year < 1000 || p->year > 9999 || p->month < 1 || p->month > 12 || p->day < 1 ||
        p->day > days_in_month(p->year, p->month))
        return -1;
    if (p->hour < 0) return p->ampm ? -1 : 0;
    if (p->min > 59 || p->sec > 59) return -1;
    if (p->ampm) {
        if (p->hour < 1 || p->hour > 12) return -1;
        p->hour = p->hour % 12 + (p->ampm == 2 ? 12 : 0);
    } else if (p->hour > 23) {
        return -1;
    }
    return 0;
}

/* Writes v as exactly `width` digits (v is known to fit). */
static char *put_digits(char *o, long v, int width) {
    for (int i = width - 1; i >= 0; i--) {
        o[i] = (char)('0' + v % 10);
        v /= 10;
    }
    return o + width;
}

static void write_iso(char out[DATE_ISO_MAX], long y, long m, long d, long hour, long min, long sec,
                      int with_time, int utc) {
    char *o = put_digits(out, y, 4);
    *o++ = '-';
    o = put_digits(o, m, 2);
    *o++ = '-';
    o = put_digits(o, d, 2);
    if (with_time) {
        *o++ = 'T';
        o = put_digits(o, hour, 2);
        *o++ = ':';
        o = put_digits(o, min, 2);
        *o++ = ':';
        o = put_digits(o, sec, 2);
        if (utc) *o++ = 'Z';
    }
    *o = '\0';
}

/* Writes the result, converting to UTC when a zone was given. */
static int format_iso(const parts *p, char out[DATE_ISO_MAX]) {
    if (p->hour < 0 || !p->has_zone) {
        write_iso(out, p->year, p->month, p->day, p->hour, p->min, p->sec, p->hour >= 0, 0);
        return 0;
    }
    long minutes = days_from_civil(p->year, p->month, p->day) * 1440 + p->hour * 60 + p->min - p->offset;
    long days = minutes >= 0 ? minutes / 1440 : -((-minutes + 1439) / 1440);
    long rest = minutes - days * 1440;
    long y, m, d;
    civil_from_days(days, &y, &m, &d);
    if (y < 1000 || y > 9999) return -1;
    write_iso(out, y, m, d, rest / 60, rest % 60, p->sec, 1, 1);
    return 0;
}

int date_parse(const char *s, char out[DATE_ISO_MAX]) {
    char text[DATE_TEXT_MAX * 2];
    token toks[DATE_TOKENS_MAX];
    if (!s || strlen(s) > DATE_TEXT_MAX || normalise(s, text, sizeof text) < 0) return -1;
    int n = tokenize(text, toks, DATE_TOKENS_MAX);
    if (n <= 0) return -1;
    parts p = {-1, -1, -1, -1, -1, -1, 0, 0, 0, 0, {{0, 0}}, 0};
    for (int i = 0; i < n;) {
        int used;
        switch (toks[i].kind) {
        case TOK_NUM: used = read_number(toks, n, i, &p); break;
        case TOK_WORD: used = read_word(toks, n, i, &p); break;
        default: used = read_punct(toks, n, i, &p); break;
        }
        if (used <= 0) return -1;
        i += used;
    }
    if (place_free_numbers(&p) < 0 || validate(&p) < 0) return -1;
    return format_iso(&p, out);
}

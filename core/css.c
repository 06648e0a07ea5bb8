/* css.c — CSS selectors to XPath 1.0. A small recursive-descent reader over the
 * selector text writes location steps as it goes; libxml2's XPath engine does the
 * matching, so select() and xpath() share one evaluator and its limits. */
#include "css.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef struct reader {
    const char *src, *p;
    gbuf *out;
    char *err;
    size_t errsize;
    int failed;
} reader;

static int fail(reader *r, const char *at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(reader *r, const char *at, const char *fmt, ...) {
    if (r->failed) return -1;
    r->failed = 1;
    char what[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    snprintf(r->err, r->errsize, "%s at position %d in '%s'", what, (int)(at - r->src) + 1, r->src);
    return -1;
}

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static void skip_space(reader *r) {
    while (is_space(*r->p)) r->p++;
}

static int name_start(unsigned char c) { return isalpha(c) || c == '_' || c == '-' || c >= 0x80 || c == '\\'; }
static int name_char(unsigned char c) { return name_start(c) || isdigit(c); }

/* One backslash escape at r->p (on the backslash) into b: a hex code point (up to six
 * digits and one optional space after) or the next character as itself. */
static int read_escape(reader *r, gbuf *b) {
    const char *at = r->p++;
    if (isxdigit((unsigned char)*r->p)) {
        unsigned cp = 0;
        for (int i = 0; i < 6 && isxdigit((unsigned char)*r->p); i++, r->p++)
            cp = cp * 16 + (unsigned)(isdigit((unsigned char)*r->p) ? *r->p - '0' : (tolower((unsigned char)*r->p) - 'a' + 10));
        if (is_space(*r->p)) r->p++;
        /* What XML (so XPath) cannot hold reads as U+FFFD, as CSS does with NUL. */
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF ||
            (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r'))
            cp = 0xFFFD;
        utf8_put(b, cp);
        return 0;
    }
    if (!*r->p || *r->p == '\n') return fail(r, at, "a backslash that escapes nothing");
    gbuf_putc(b, *r->p++);
    return 0;
}

/* A name (tag, class, id, attribute) into b; `digits_first` lets it start with a digit. */
static int read_name(reader *r, gbuf *b, int digits_first, const char *what) {
    const char *start = r->p;
    if (!name_start((unsigned char)*r->p) && !(digits_first && isdigit((unsigned char)*r->p)))
        return fail(r, r->p, "expected %s", what);
    while (name_char((unsigned char)*r->p)) {
        if (*r->p == '\\') {
            if (read_escape(r, b) < 0) return -1;
        } else {
            gbuf_putc(b, *r->p++);
        }
    }
    if (b->len == 0) return fail(r, start, "expected %s", what);
    gbuf_putc(b, '\0');
    b->len--;
    return 0;
}

static void lower(gbuf *b) {
    for (size_t i = 0; i < b->len; i++) b->data[i] = (char)tolower((unsigned char)b->data[i]);
}

/* A quoted string ('...' or "...") into b. */
static int read_string(reader *r, gbuf *b) {
    const char *at = r->p;
    char q = *r->p++;
    while (*r->p && *r->p != q) {
        if (*r->p == '\\') {
            if (r->p[1] == '\n') r->p += 2; /* an escaped newline continues the string */
            else if (read_escape(r, b) < 0) return -1;
        } else {
            gbuf_putc(b, *r->p++);
        }
    }
    if (*r->p != q) return fail(r, at, "a string that is never closed");
    r->p++;
    gbuf_putc(b, '\0');
    b->len--;
    return 0;
}

/* s as an XPath string literal: XPath 1.0 has no escapes, so a string holding both
 * quote characters is built with concat(). */
static void put_literal(gbuf *out, const char *s, size_t n) {
    if (!memchr(s, '\'', n)) {
        gbuf_putc(out, '\'');
        gbuf_append(out, s, n);
        gbuf_putc(out, '\'');
    } else if (!memchr(s, '"', n)) {
        gbuf_putc(out, '"');
        gbuf_append(out, s, n);
        gbuf_putc(out, '"');
    } else {
        gbuf_puts(out, "concat(");
        size_t i = 0;
        while (i < n) {
            size_t j = i;
            while (j < n && s[j] != '\'') j++;
            if (j > i) {
                gbuf_putc(out, '\'');
                gbuf_append(out, s + i, j - i);
                gbuf_puts(out, "',");
            }
            if (j < n) gbuf_puts(out, "\"'\",");
            i = j + 1;
        }
        gbuf_puts(out, "'')");
    }
}

/* 1 when s can stand in XPath as a name test (an NCName of ASCII letters, digits,
 * '_', '-', '.', not starting with a digit, '-' or '.'). */
static int plain_name(const char *s) {
    if (!isalpha((unsigned char)*s) && *s != '_') return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-' && *s != '.') return 0;
    return 1;
}

/* The attribute node test for name: @name, or @*[name()='...'] for other names. */
static void put_attr(gbuf *out, const gbuf *name) {
    if (plain_name(name->data)) {
        gbuf_putc(out, '@');
        gbuf_puts(out, name->data);
    } else {
        gbuf_puts(out, "@*[name()=");
        put_literal(out, name->data, name->len);
        gbuf_putc(out, ']');
    }
}

/* [contains(concat(' ', normalize-space(@a), ' '), ' v ')]: v is one of the words. */
static void put_word_match(gbuf *out, const gbuf *attr, const char *v, size_t n) {
    int bad = n == 0;
    for (size_t i = 0; i < n; i++)
        if (is_space(v[i])) bad = 1;
    if (bad) { /* CSS: an empty word or one with spaces never matches */
        gbuf_puts(out, "[false()]");
        return;
    }
    gbuf_puts(out, "[contains(concat(' ',normalize-space(");
    put_attr(out, attr);
    gbuf_puts(out, "),' '),");
    gbuf b = GBUF_INIT;
    gbuf_putc(&b, ' ');
    gbuf_append(&b, v, n);
    gbuf_putc(&b, ' ');
    put_literal(out, b.data ? b.data : "", b.len);
    if (b.failed) out->failed = 1;
    gbuf_free(&b);
    gbuf_puts(out, ")]");
}

/* [attr], [attr=v], [attr~=v], [attr|=v], [attr^=v], [attr$=v], [attr*=v]; r->p is
 * on the '['. */
static int read_attr(reader *r, gbuf *out) {
    const char *open = r->p++;
    gbuf name = GBUF_INIT, value = GBUF_INIT;
    int rc = -1;
    skip_space(r);
    if (read_name(r, &name, 0, "an attribute name after '['") < 0) goto done;
    lower(&name);
    skip_space(r);
    char op = 0;
    if (*r->p == ']') {
        r->p++;
        gbuf_putc(out, '[');
        put_attr(out, &name);
        gbuf_putc(out, ']');
        rc = 0;
        goto done;
    }
    if (*r->p == '=') {
        op = '=';
        r->p++;
    } else if (strchr("~|^$*", *r->p) && *r->p && r->p[1] == '=') {
        op = *r->p;
        r->p += 2;
    } else {
        fail(r, r->p, "expected ']' or one of = ~= |= ^= $= *= in the attribute selector");
        goto done;
    }
    skip_space(r);
    if (*r->p == '"' || *r->p == '\'') {
        if (read_string(r, &value) < 0) goto done;
    } else if (read_name(r, &value, 1, "a value (a name or a quoted string)") < 0) {
        goto done;
    }
    skip_space(r);
    if (*r->p != ']') {
        if (isalpha((unsigned char)*r->p))
            fail(r, r->p, "attribute selector flags (' i', ' s') are not supported");
        else
            fail(r, r->p, "expected ']' to close the '[' at position %d", (int)(open - r->src) + 1);
        goto done;
    }
    r->p++;
    const char *v = value.data ? value.data : "";
    size_t n = value.len;
    switch (op) {
    case '=':
        gbuf_putc(out, '[');
        put_attr(out, &name);
        gbuf_putc(out, '=');
        put_literal(out, v, n);
        gbuf_putc(out, ']');
        break;
    case '~':
        put_word_match(out, &name, v, n);
        break;
    case '|': /* v itself, or v followed by '-' */
        gbuf_putc(out, '[');
        put_attr(out, &name);
        gbuf_putc(out, '=');
        put_literal(out, v, n);
        gbuf_puts(out, " or starts-with(");
        put_attr(out, &name);
        gbuf_putc(out, ',');
        {
            gbuf d = GBUF_INIT;
            gbuf_append(&d, v, n);
            gbuf_putc(&d, '-');
            put_literal(out, d.data ? d.data : "", d.len);
            if (d.failed) out->failed = 1;
            gbuf_free(&d);
        }
        gbuf_puts(out, ")]");
        break;
    default: /* ^= $= *=: an empty value matches nothing, as in CSS */
        if (n == 0) {
            gbuf_puts(out, "[false()]");
            break;
        }
        if (op == '^' || op == '*') {
            gbuf_puts(out, op == '^' ? "[starts-with(" : "[contains(");
            put_attr(out, &name);
            gbuf_putc(out, ',');
            put_literal(out, v, n);
            gbuf_puts(out, ")]");
        } else { /* XPath 1.0 has no ends-with */
            gbuf_puts(out, "[substring(");
            put_attr(out, &name);
            gbuf_puts(out, ",string-length(");
            put_attr(out, &name);
            gbuf_printf(out, ")-%zu)=", n - 1);
            put_literal(out, v, n);
            gbuf_putc(out, ']');
        }
        break;
    }
    rc = 0;
done:
    if (name.failed || value.failed) out->failed = 1;
    gbuf_free(&name);
    gbuf_free(&value);
    return rc;
}

/* :first-child, :last-child, :only-child, :nth-child(N); r->p is on the ':'. */
static int read_pseudo(reader *r, gbuf *out) {
    const char *at = r->p++;
    gbuf name = GBUF_INIT;
    if (*r->p == ':') {
        r->p++;
        while (name_char((unsigned char)*r->p)) r->p++;
        return fail(r, at, "pseudo-elements ('%.*s') select no elements and are not supported",
                    (int)(r->p - at), at);
    }
    if (read_name(r, &name, 0, "a pseudo-class name after ':'") < 0) {
        gbuf_free(&name);
        return -1;
    }
    lower(&name);
    int rc = 0;
    if (strcmp(name.data, "first-child") == 0) {
        gbuf_puts(out, "[not(preceding-sibling::*)]");
    } else if (strcmp(name.data, "last-child") == 0) {
        gbuf_puts(out, "[not(following-sibling::*)]");
    } else if (strcmp(name.data, "only-child") == 0) {
        gbuf_puts(out, "[not(preceding-sibling::*) and not(following-sibling::*)]");
    } else if (strcmp(name.data, "nth-child") == 0 && *r->p == '(') {
        r->p++;
        skip_space(r);
        const char *num = r->p;
        long n = 0;
        while (isdigit((unsigned char)*r->p) && n < 1000000) n = n * 10 + (*r->p++ - '0');
        skip_space(r);
        if (num == r->p || !isdigit((unsigned char)*num) || *r->p != ')' || n < 1)
            rc = fail(r, num, ":nth-child() takes a whole number from 1 here (no an+b, odd or even)");
        else {
            r->p++;
            gbuf_printf(out, "[count(preceding-sibling::*)=%ld]", n - 1);
        }
    } else {
        if (*r->p == '(') { /* show the whole thing in the message */
            int depth = 0;
            while (*r->p) {
                if (*r->p == '(') depth++;
                if (*r->p == ')' && --depth == 0) {
                    r->p++;
                    break;
                }
                r->p++;
            }
        }
        rc = fail(r, at, "'%.*s' is not supported (the pseudo-classes are :first-child, :last-child, "
                         ":only-child and :nth-child(N))", (int)(r->p - at), at);
    }
    if (name.failed) out->failed = 1;
    gbuf_free(&name);
    return rc;
}

/* One compound selector (tag and conditions) as a step on `axis`; `adjacent` makes it
 * the next element sibling only. */
static int read_compound(reader *r, const char *axis, int adjacent) {
    gbuf tag = GBUF_INIT, preds = GBUF_INIT;
    int rc = 0, parts = 0;
    if (*r->p == '*') {
        r->p++;
        parts++;
    } else if (name_start((unsigned char)*r->p)) {
        rc = read_name(r, &tag, 0, "a tag name");
        lower(&tag);
        parts++;
    }
    while (rc == 0) {
        char c = *r->p;
        if (c == '#' || c == '.') {
            r->p++;
            gbuf v = GBUF_INIT;
            rc = read_name(r, &v, c == '#', c == '#' ? "an id after '#'" : "a class name after '.'");
            if (rc == 0 && c == '#') {
                gbuf_puts(&preds, "[@id=");
                put_literal(&preds, v.data, v.len);
                gbuf_putc(&preds, ']');
            } else if (rc == 0) {
                gbuf cls = GBUF_INIT;
                gbuf_puts(&cls, "class");
                put_word_match(&preds, &cls, v.data, v.len);
                gbuf_free(&cls);
            }
            if (v.failed) preds.failed = 1;
            gbuf_free(&v);
        } else if (c == '[') {
            rc = read_attr(r, &preds);
        } else if (c == ':') {
            rc = read_pseudo(r, &preds);
        } else {
            break;
        }
        parts++;
    }
    if (rc == 0 && !parts) {
        if (!*r->p) rc = fail(r, r->p, "expected a selector, found the end");
        else rc = fail(r, r->p, "unexpected '%c' (not part of the supported selector syntax)", *r->p);
    }
    if (rc == 0) {
        gbuf *out = r->out;
        if (adjacent) {
            gbuf_puts(out, "following-sibling::*[1]");
            if (tag.len && plain_name(tag.data)) gbuf_printf(out, "[self::%s]", tag.data);
        } else {
            gbuf_puts(out, axis);
            gbuf_puts(out, tag.len && plain_name(tag.data) ? tag.data : "*");
        }
        if (tag.len && !plain_name(tag.data)) {
            gbuf_puts(out, "[name()=");
            put_literal(out, tag.data, tag.len);
            gbuf_putc(out, ']');
        }
        if (preds.len) gbuf_append(out, preds.data, preds.len);
        if (tag.failed || preds.failed) out->failed = 1;
    }
    gbuf_free(&tag);
    gbuf_free(&preds);
    return rc;
}

/* A combinator at r->p (after white space was seen or not): '>', '+', '~', or a
 * descendant space; 0 when none (the end, ',' follows). */
static char read_combinator(reader *r) {
    int space = is_space(*r->p);
    skip_space(r);
    if (*r->p == '>' || *r->p == '+' || *r->p == '~') {
        char c = *r->p++;
        skip_space(r);
        return c;
    }
    if (!*r->p || *r->p == ',') return 0;
    return space ? ' ' : 0;
}

static const char *axis_of(char comb) {
    switch (comb) {
    case '>': return "child::";
    case '~': return "following-sibling::";
    default: return "descendant::";
    }
}

/* One complex selector: compounds joined by combinators. */
static int read_complex(reader *r) {
    skip_space(r);
    char comb = ' ';
    if (*r->p == '>' || *r->p == '+' || *r->p == '~') { /* relative to the context node */
        comb = *r->p++;
        skip_space(r);
    }
    for (int first = 1;; first = 0) {
        if (!first) gbuf_putc(r->out, '/');
        if (read_compound(r, axis_of(comb), comb == '+') < 0) return -1;
        const char *at = r->p;
        comb = read_combinator(r);
        if (!comb) {
            if (*r->p && *r->p != ',')
                return fail(r, at, "unexpected '%c' (not part of the supported selector syntax)", *r->p);
            return 0;
        }
        if (!*r->p || *r->p == ',') return fail(r, r->p, "expected a selector after '%c'", comb);
    }
}

/* Characters XPath would refuse (libxml2 takes XML's characters only): control
 * characters, bytes that are not UTF-8, U+FFFE and U+FFFF. */
static int check_chars(reader *r) {
    const unsigned char *p = (const unsigned char *)r->src;
    while (*p) {
        if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
            return fail(r, (const char *)p, "a control character (\\x%02X)", *p);
        if (*p < 0x80) {
            p++;
            continue;
        }
        size_t n = utf8_seq(p, strlen((const char *)p));
        unsigned cp = 0;
        if (n) utf8_decode(p, n, &cp);
        if (!n) return fail(r, (const char *)p, "bytes that are not UTF-8");
        if (cp == 0xFFFE || cp == 0xFFFF) return fail(r, (const char *)p, "a character XML does not allow");
        p += n;
    }
    return 0;
}

int css_to_xpath(const char *selector, gbuf *out, char *err, size_t errsize) {
    reader r = {selector, selector, out, err, errsize, 0};
    size_t start = out->len;
    if (check_chars(&r) < 0) return -1;
    skip_space(&r);
    if (!*r.p) {
        snprintf(err, errsize, "an empty selector");
        return -1;
    }
    for (;;) {
        if (read_complex(&r) < 0) {
            out->len = start;
            return -1;
        }
        skip_space(&r);
        if (!*r.p) break;
        /* read_complex stops only at the end or a ',' */
        r.p++;
        skip_space(&r);
        if (!*r.p) {
            fail(&r, r.p, "expected a selector after ','");
            out->len = start;
            return -1;
        }
        gbuf_puts(out, " | ");
    }
    if (out->failed) {
        snprintf(err, errsize, "out of memory");
        return -1;
    }
    return 0;
}

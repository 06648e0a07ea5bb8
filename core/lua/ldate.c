/* ldate.c — galley.date for plugins: read dates, write them as ISO 8601 UTC, compare them
 * and turn them into os.time() seconds. The calendar arithmetic is our own (proleptic
 * Gregorian, UTC), so the time zone of the process never creeps in. */
#include "../date.h"
#include "bridge.h"

#include <lauxlib.h>
#include <lua.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define SECONDS_PER_DAY 86400

/* A point in time read from an ISO 8601 string, in UTC. */
typedef struct iso_point {
    int64_t seconds; /* since 1970-01-01T00:00:00Z; midnight for a date alone */
    long nanos;
    int has_time;
} iso_point;

/* ---- calendar arithmetic ----------------------------------------------------------- */

static int64_t floor_div(int64_t a, int64_t b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }

static int is_leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int64_t y, int m) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Days since 1970-01-01 of year y, month m (1-12), day d: March-based years put the leap
 * day last, so a month's first day follows from (153 m + 2) / 5. */
static int64_t days_from_civil(int64_t y, int m, int d) {
    if (m <= 2) y--;
    int64_t era = floor_div(y, 400);
    int64_t year_of_era = y - era * 400;
    int64_t day_of_year = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

static void civil_from_days(int64_t days, int64_t *y, int *m, int *d) {
    days += 719468;
    int64_t era = floor_div(days, 146097);
    int64_t day_of_era = days - era * 146097;
    int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    int64_t mp = (5 * day_of_year + 2) / 153;
    *d = (int)(day_of_year - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = year_of_era + era * 400 + (*m <= 2);
}

/* ---- reading ISO 8601 ---------------------------------------------------------------- */

/* Reads exactly `width` digits at *p into *v. */
static int read_digits(const char **p, const char *end, int width, int *v) {
    if (end - *p < width) return 0;
    int x = 0;
    for (int i = 0; i < width; i++) {
        char c = (*p)[i];
        if (c < '0' || c > '9') return 0;
        x = x * 10 + (c - '0');
    }
    *p += width;
    *v = x;
    return 1;
}

static int read_char(const char **p, const char *end, char c) {
    if (*p < end && **p == c) {
        (*p)++;
        return 1;
    }
    return 0;
}

/* Reads YYYY-MM-DD[(T| )hh:mm[:ss[(.|,)fraction]][Z|±hh[:mm]|±hhmm]]: all of s. */
static int iso_read_strict(const char *s, size_t len, iso_point *out) {
    const char *p = s, *end = s + len;
    int y, mo, d, h = 0, mi = 0, sec = 0;
    long nanos = 0, offset = 0;
    if (!read_digits(&p, end, 4, &y) || !read_char(&p, end, '-') || !read_digits(&p, end, 2, &mo) ||
        !read_char(&p, end, '-') || !read_digits(&p, end, 2, &d))
        return 0;
    if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo)) return 0;
    out->has_time = p < end;
    if (out->has_time) {
        if (!(read_char(&p, end, 'T') || read_char(&p, end, 't') || read_char(&p, end, ' '))) return 0;
        if (!read_digits(&p, end, 2, &h) || !read_char(&p, end, ':') || !read_digits(&p, end, 2, &mi))
            return 0;
        if (read_char(&p, end, ':')) {
            if (!read_digits(&p, end, 2, &sec)) return 0;
            if (read_char(&p, end, '.') || read_char(&p, end, ',')) {
                int digits = 0;
                for (; p < end && *p >= '0' && *p <= '9'; p++, digits++)
                    if (digits < 9) nanos = nanos * 10 + (*p - '0');
                if (!digits) return 0;
                for (; digits < 9; digits++)
                    nanos *= 10;
            }
        }
        if (h > 23 || mi > 59 || sec > 60) return 0; /* 60: a leap second */
        if (read_char(&p, end, 'Z') || read_char(&p, end, 'z')) {
            offset = 0;
        } else if (p < end && (*p == '+' || *p == '-')) {
            int sign = *p++ == '-' ? -1 : 1, oh, om = 0;
            if (!read_digits(&p, end, 2, &oh)) return 0;
            if (p < end) {
                read_char(&p, end, ':');
                if (!read_digits(&p, end, 2, &om)) return 0;
            }
            if (oh > 23 || om > 59) return 0;
            offset = sign * (oh * 60L + om) * 60;
        }
    }
    if (p != end) return 0;
    out->seconds = days_from_civil(y, mo, d) * SECONDS_PER_DAY + h * 3600 + mi * 60 + sec - offset;
    out->nanos = nanos;
    return 1;
}

/* Reads an ISO 8601 string, or else any date galley.date.parse reads. */
static int iso_read(const char *s, size_t len, iso_point *out) {
    if (iso_read_strict(s, len, out)) return 1;
    char iso[DATE_ISO_MAX];
    if (strlen(s) != len || date_parse(s, iso) < 0) return 0;
    return iso_read_strict(iso, strlen(iso), out);
}

static iso_point check_point(lua_State *L, int arg) {
    size_t len;
    const char *s = luaL_checklstring(L, arg, &len);
    iso_point pt;
    if (!iso_read(s, len, &pt)) {
        lua_pushfstring(L, "not a date: '%s'", s);
        luaL_argerror(L, arg, lua_tostring(L, -1));
    }
    return pt;
}

/* ---- the functions ------------------------------------------------------------------- */

static int l_date_parse(lua_State *L) {
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    char iso[DATE_ISO_MAX];
    if (strlen(s) != len || date_parse(s, iso) < 0)
        lua_pushnil(L);
    else
        lua_pushstring(L, iso);
    return 1;
}

/* An integer field of the table at 1; def when absent (def < 0: required). */
static int64_t date_field(lua_State *L, const char *key, int64_t def) {
    int t = lua_getfield(L, 1, key);
    int64_t v = def;
    if (t == LUA_TNIL) {
        if (def < 0) luaL_error(L, "galley.date.format: field '%s' missing", key);
    } else {
        int isint;
        lua_Integer x = lua_tointegerx(L, -1, &isint);
        if (t != LUA_TNUMBER || !isint)
            luaL_error(L, "galley.date.format: field '%s' is not an integer", key);
        /* Out-of-range fields carry over as in os.time(); this bound keeps that exact. */
        if (x < -100000000 || x > 100000000)
            luaL_error(L, "galley.date.format: field '%s' out of range", key);
        v = x;
    }
    lua_pop(L, 1);
    return v;
}

static int l_date_format(lua_State *L) {
    int t = lua_type(L, 1);
    luaL_argexpected(L, t == LUA_TNUMBER || t == LUA_TTABLE, 1, "os.time() integer or date table");
    int with_time;
    int64_t seconds;
    if (t == LUA_TNUMBER) {
        lua_Integer x = luaL_checkinteger(L, 1);
        luaL_argcheck(L, x > -1000000000000000LL && x < 1000000000000000LL, 1, "time out of range");
        seconds = x;
        with_time = 1;
    } else {
        int64_t y = date_field(L, "year", -1), mo = date_field(L, "month", -1), d = date_field(L, "day", -1);
        int64_t h = date_field(L, "hour", 0), mi = date_field(L, "min", 0), sec = date_field(L, "sec", 0);
        y += floor_div(mo - 1, 12);
        mo = mo - 1 - floor_div(mo - 1, 12) * 12 + 1;
        seconds = (days_from_civil(y, (int)mo, 1) + d - 1) * SECONDS_PER_DAY + h * 3600 + mi * 60 + sec;
        with_time = lua_getfield(L, 1, "hour") != LUA_TNIL;
        lua_pop(L, 1);
    }
    if (!lua_isnoneornil(L, 2)) {
        luaL_checktype(L, 2, LUA_TBOOLEAN);
        with_time = lua_toboolean(L, 2);
    }
    int64_t days = floor_div(seconds, SECONDS_PER_DAY), rest = seconds - days * SECONDS_PER_DAY, y;
    int m, d;
    civil_from_days(days, &y, &m, &d);
    if (y < 0 || y > 9999) return luaL_error(L, "galley.date.format: year %I outside 0-9999", (LUAI_UACINT)y);
    char out[32];
    if (with_time)
        snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02dZ", (int)y, m, d, (int)(rest / 3600),
                 (int)(rest / 60 % 60), (int)(rest % 60));
    else
        snprintf(out, sizeof out, "%04d-%02d-%02d", (int)y, m, d);
    lua_pushstring(L, out);
    return 1;
}

static int l_date_compare(lua_State *L) {
    iso_point a = check_point(L, 1), b = check_point(L, 2);
    int c;
    if (!a.has_time || !b.has_time) {
        int64_t da = floor_div(a.seconds, SECONDS_PER_DAY), db = floor_div(b.seconds, SECONDS_PER_DAY);
        c = (da > db) - (da < db);
    } else {
        c = (a.seconds > b.seconds) - (a.seconds < b.seconds);
        if (!c) c = (a.nanos > b.nanos) - (a.nanos < b.nanos);
    }
    lua_pushinteger(L, c);
    return 1;
}

static int l_date_to_time(lua_State *L) {
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    iso_point pt;
    if (iso_read(s, len, &pt))
        lua_pushinteger(L, (lua_Integer)pt.seconds);
    else
        lua_pushnil(L);
    return 1;
}

int luaopen_galley_date(lua_State *L) {
    static const luaL_Reg date[] = {{"parse", l_date_parse},
                                    {"format", l_date_format},
                                    {"compare", l_date_compare},
                                    {"to_time", l_date_to_time},
                                    {NULL, NULL}};
    luaL_newlib(L, date);
    return 1;
}

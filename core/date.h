/* date.h — dates as people and machines write them, to ISO 8601. */
#ifndef GALLEY_DATE_H
#define GALLEY_DATE_H

#define DATE_ISO_MAX 32

/* Parses the whole of s as one date (and time): ISO 8601 / RFC 3339 (the basic format
 * "20031231T101455Z" too), RFC 822/1123 with its zone names and the common North
 * American, European, Japanese and Australian ones ("CET", "JST", "GMT+2"),
 * English and Arabic month and day names ("Friday، 14 July 2017 06:24 PM",
 * "الجمعة 14 يوليو 2017"), Arabic-Indic digits, 12 h (AM/PM, ص/م) and 24 h clocks,
 * and numeric forms that are not ambiguous. Writes ISO 8601 into out:
 * "2017-07-14" (date only), "2017-07-14T18:24:00" (no zone given: none is invented),
 * or "2017-07-14T15:24:00Z" (a zone or offset was given: converted to UTC).
 * Returns 0 when parsed, -1 when s is not a date. */
int date_parse(const char *s, char out[DATE_ISO_MAX]);

/* The span of time an ISO 8601 string names, in seconds since 1970-01-01T00:00:00Z,
 * both ends included: "2017" is the whole year, "2017-07" the month, "2017-07-14" the
 * day, "2017-07-14T18:24" the minute, "2017-07-14T18:24:05.5Z" the second. An offset or
 * Z converts to UTC; a time with no zone is read as UTC (none is invented). Anything
 * else date_parse() reads is accepted too, at the precision it gives. Returns 0, or -1
 * when s is not a date. */
int date_span(const char *s, long long *start, long long *end);

#endif

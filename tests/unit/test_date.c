/* test_date.c — date_parse: the forms it reads, the zones it converts, what it refuses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four above first */
#include <cmocka.h>

#include <string.h>

#include "date.h"

/* Asserts that s parses to want (NULL: that it is refused), naming s when it fails. */
static void check(const char *s, const char *want) {
    char out[DATE_ISO_MAX] = "";
    int rc = date_parse(s, out);
    if (want && (rc != 0 || strcmp(out, want) != 0))
        fail_msg("date_parse(\"%s\"): expected \"%s\", got %s \"%s\"", s, want, rc ? "failure" : "", out);
    if (!want && rc == 0) fail_msg("date_parse(\"%s\"): expected a refusal, got \"%s\"", s, out);
}

static void test_iso_8601(void **state) {
    (void)state;
    check("2017-07-14", "2017-07-14");
    check("2017-07-14T18:24", "2017-07-14T18:24:00");
    check("2017-07-14T18:24:05", "2017-07-14T18:24:05");
    check("2017-07-14 18:24:05", "2017-07-14T18:24:05");
    check("2017-07-14T18:24:05Z", "2017-07-14T18:24:05Z");
    check("2017-07-14T18:24:05.250Z", "2017-07-14T18:24:05Z");
    check("2017-07-14T18:24:05+03:00", "2017-07-14T15:24:05Z");
    check("2017-07-14T18:24:05-0430", "2017-07-14T22:54:05Z");
    check("2017-07-14T18:24+02", "2017-07-14T16:24:00Z");
    check("  2017-07-14T18:24:05z  ", "2017-07-14T18:24:05Z");
}

static void test_rfc_822(void **state) {
    (void)state;
    check("Fri, 14 Jul 2017 18:24:00 GMT", "2017-07-14T18:24:00Z");
    check("Fri, 14 Jul 2017 18:24:00 +0300", "2017-07-14T15:24:00Z");
    check("Fri, 14 Jul 2017 18:24 EST", "2017-07-14T23:24:00Z");
    check("Fri, 14 Jul 2017 18:24:00 EDT", "2017-07-14T22:24:00Z");
    check("14 Jul 2017 18:24:00 PDT", "2017-07-15T01:24:00Z");
    check("Fri, 14 Jul 17 18:24:00 UT", "2017-07-14T18:24:00Z");
    check("Sat, 14 Jul 51 06:00:00 Z", "1951-07-14T06:00:00Z");
    check("Thu, 14 Jul 2049 06:00:00 CST", "2049-07-14T12:00:00Z");
    check("14 Jul 2017 18:24 UTC+3", "2017-07-14T15:24:00Z");
}

static void test_zone_rollover(void **state) {
    (void)state;
    /* across midnight, month end, year end and 29 February, in both directions */
    check("Fri, 31 Dec 2021 23:30:00 -0500", "2022-01-01T04:30:00Z");
    check("Sat, 01 Jan 2022 01:00:00 +0300", "2021-12-31T22:00:00Z");
    check("2016-02-28T22:00:00-04:00", "2016-02-29T02:00:00Z");
    check("2017-02-28T22:00:00-04:00", "2017-03-01T02:00:00Z");
    check("2016-03-01T01:00:00+02:00", "2016-02-29T23:00:00Z");
    check("2017-06-30T23:59:59-00:01", "2017-07-01T00:00:59Z");
    check("2000-01-01T00:00:00+14:00", "1999-12-31T10:00:00Z");
}

static void test_english_names(void **state) {
    (void)state;
    check("14 July 2017", "2017-07-14");
    check("July 14, 2017", "2017-07-14");
    check("Jul 14 2017", "2017-07-14");
    check("14-Jul-2017", "2017-07-14");
    check("Friday, 14 July 2017", "2017-07-14");
    check("FRIDAY JULY 14TH 2017", "2017-07-14");
    check("on the 1st of September, 2019", "2019-09-01");
    check("Sept. 3, 2019", "2019-09-03");
    check("Sep 3 2019", "2019-09-03");
    check("Tues, 2nd Feb. 2021", "2021-02-02");
    check("Friday، 14 July 2017 06:24 PM", "2017-07-14T18:24:00");
}

static void test_european_names(void **state) {
    (void)state;
    check("3 mars 2021", "2021-03-03");
    check("le vendredi 14 juillet 2017 à 18:24", "2017-07-14T18:24:00");
    check("30 avril 2015 à 07:19", "2015-04-30T07:19:00");
    check("1er août 2019", "2019-08-01");
    check("1º de maio de 2021", "2021-05-01");
    check("3. März 2021", "2021-03-03");
    check("Freitag, 14. Juli 2017, 18:24 Uhr", "2017-07-14T18:24:00");
    check("14. Dez. 2020", "2020-12-14");
    check("3 de marzo de 2021", "2021-03-03");
    check("miércoles, 3 de marzo de 2021", "2021-03-03");
    check("14 de julho de 2017", "2017-07-14");
    check("segunda-feira, 3 de maio de 2021", "2021-05-03");
    check("14 luglio 2017", "2017-07-14");
    check("giovedì 21 novembre 2019", "2019-11-21");
    check("3 maart 2021", "2021-03-03");
    check("zondag 3 mei 2020 om 10:30", "2020-05-03T10:30:00");
    check("mars 2021", NULL);
}

static void test_numeric(void **state) {
    (void)state;
    check("2017/07/14", "2017-07-14");
    check("14.07.2017", "2017-07-14");
    check("14/07/2017", "2017-07-14");
    check("07/14/2017", "2017-07-14");
    check("7-14-2017", "2017-07-14");
    check("07/07/2017", "2017-07-07"); /* both orders give the same day */
    check("05/07/2017", NULL);         /* 5 July or May 7: never guessed */
    check("05.07.2017", NULL);
    check("14/07/17", NULL); /* the year's place is itself a guess */
    check("2017/13/01", NULL);
}

static void test_clocks(void **state) {
    (void)state;
    check("14 July 2017 06:24 PM", "2017-07-14T18:24:00");
    check("14 July 2017 6:24pm", "2017-07-14T18:24:00");
    check("14 July 2017 6:24 p.m.", "2017-07-14T18:24:00");
    check("July 14, 2017 at 6 PM", "2017-07-14T18:00:00");
    check("July 14, 2017 12:05 AM", "2017-07-14T00:05:00");
    check("July 14, 2017 12:05 PM", "2017-07-14T12:05:00");
    check("14 July 2017 18:24", "2017-07-14T18:24:00");
    check("14 July 2017 18:24:05", "2017-07-14T18:24:05");
    check("18:24 - 14/07/2017", "2017-07-14T18:24:00");
    check("14 July 2017 13:00 PM", NULL);
    check("14 July 2017 0:30 AM", NULL);
    check("14 July 2017 24:00", NULL);
    check("14 July 2017 18:60", NULL);
}

static void test_arabic(void **state) {
    (void)state;
    check("الجمعة 14 يوليو 2017", "2017-07-14");
    check("الجمعة، ١٤ يوليو ٢٠١٧ ٠٦:٢٤ م", "2017-07-14T18:24:00");
    check("الجمعة، ۱۴ یوليو ۲۰۱۷", NULL); /* Persian yeh: not an Arabic month name */
    check("۱۴ يوليو ۲۰۱۷", "2017-07-14");
    check("14 تموز 2017 10:30 صباحًا", "2017-07-14T10:30:00");
    check("14 تموز 2017 10:30 مساءً", "2017-07-14T22:30:00");
    check("الأحد ١ كانون الثاني ٢٠١٨ ٠٩:٠٠ ص", "2018-01-01T09:00:00");
    check("الاحد 1 كانون الأول 2018", "2018-12-01");
    check("3 تشرين الأول 2019", "2019-10-03");
    check("3 تشرين الثاني 2019", "2019-11-03");
    check("3 آذار 2019", "2019-03-03");
    check("3 اذار 2019", "2019-03-03");
    check("3 أيار 2019", "2019-05-03");
    check("15 آب 2019", "2019-08-15");
    check("15 أغسطس 2019", "2019-08-15");
    check("15 اكتوبر 2019", "2019-10-15");
    check("1 يونيه 2020", "2020-06-01");
    check("الإثنين 2 مارس 2020", "2020-03-02");
    check("الأربعاء 2 ديسمبر 2020", "2020-12-02");
    check("25 ديسمبر 2017 - 11:45 م", "2017-12-25T23:45:00");
    check("14 يوليو 2017م", "2017-07-14"); /* م after the year is the era */
    check("الثاني 2019 3", NULL);
}

static void test_calendar(void **state) {
    (void)state;
    check("29 Feb 2016", "2016-02-29");
    check("29 Feb 2000", "2000-02-29");
    check("29 Feb 2017", NULL);
    check("29 Feb 1900", NULL);
    check("31 April 2017", NULL);
    check("2017-02-30", NULL);
    check("0 July 2017", NULL);
    check("2017-00-10", NULL);
}

static void test_not_dates(void **state) {
    (void)state;
    check("", NULL);
    check("   ", NULL);
    check("I met him in July", NULL);
    check("He was born on 14 July 2017 in Paris", NULL);
    check("July 2017", NULL);
    check("14 July", NULL);
    check("Friday", NULL);
    check("2017", NULL);
    check("18:24", NULL);
    check("6 PM", NULL);
    check("Last Modified: Friday 14 July 2017", NULL);
    check("14 July 2017 15 July 2017", NULL);
    check("14 Julyy 2017", NULL);
    check("14 Jul 2017 GMT", "2017-07-14"); /* a zone without a clock changes nothing */
    check("14 July 2017 +0300", NULL);
    check("1234567890 July 2017", NULL);
    check("\xff\xfe 14 July 2017", NULL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_iso_8601),      cmocka_unit_test(test_rfc_822),
        cmocka_unit_test(test_zone_rollover), cmocka_unit_test(test_english_names),
        cmocka_unit_test(test_numeric),       cmocka_unit_test(test_clocks),
        cmocka_unit_test(test_arabic),        cmocka_unit_test(test_calendar),
        cmocka_unit_test(test_not_dates),     cmocka_unit_test(test_european_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

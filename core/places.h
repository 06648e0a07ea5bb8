/* places.h — countries named in a text: a gazetteer of names, demonyms, capitals and
 * major cities by ISO 3166-1 alpha-2 code, and a matcher over the text's words. */
#ifndef GALLEY_PLACES_H
#define GALLEY_PLACES_H

#include <stddef.h>

/* The compiled gazetteer: built on first use (a few hundred microseconds), read-only
 * afterwards. Make one per thread or Lua state. */
typedef struct places_index places_index;

places_index *places_index_new(void); /* NULL when out of memory */
void places_index_free(places_index *ix);

/* One part of a text and how much a mention in it counts (title 3, lead 1.5, body 1). */
typedef struct places_part {
    const char *text;
    size_t len;
    double weight;
} places_part;

typedef struct place_hit {
    const char *code, *name; /* "IQ", "Iraq": static strings */
    double evidence;         /* sum of term weight x part weight */
    double score;            /* 1 - exp(-evidence / dilution / PLACES_SCALE), in [0, 1) */
    int mentions;            /* terms found, whatever their weight */
} place_hit;

/* Evidence at which a score reaches 0.63, and the words after which a text's length
 * dilutes it (as categorize/keywords does for its schemes). */
#define PLACES_SCALE 3.0
#define PLACES_LENGTH_REF 150.0

/* The countries the parts name, best first (score, then code); *out is malloc'd (free
 * it), *n its length. Returns GALLEY_OK or GALLEY_ENOMEM. */
int places_find(places_index *ix, const places_part *parts, size_t nparts, place_hit **out, size_t *n);

#endif

# galley — build, test, demo and install. `make help` lists the targets.
.DEFAULT_GOAL := all
PREFIX   ?= /usr/local
DESTDIR  ?=
BINDIR    = $(PREFIX)/bin
LIBDIR    = $(PREFIX)/lib
INCDIR    = $(PREFIX)/include
DATADIR   = $(PREFIX)/share/galley
PCDIR     = $(LIBDIR)/pkgconfig

CC       ?= cc
BUILD    ?= build
PKGS      = lua5.4 sqlite3 libxxhash uchardet libutf8proc libxml-2.0 zlib yaml-0.1 libcmark-gfm libexttextcat
WARN      = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
OPT      ?= -O2 -g
SANITIZE ?=

ifeq ($(V),1)
Q =
else
Q = @
endif

# Packages are installed (and flags read) before anything is compiled; config.mk is
# regenerated whenever install-deps changes. Cleaning needs none of it.
NODEPS_GOALS = clean help
ifneq ($(filter-out $(NODEPS_GOALS),$(or $(MAKECMDGOALS),all)),)
-include $(BUILD)/config.mk
endif

$(BUILD)/config.mk: scripts/install-deps Makefile
	@scripts/install-deps
	@mkdir -p $(BUILD)
	@echo "PKG_CFLAGS = $$(pkg-config --cflags $(PKGS))" > $@.tmp
	@echo "PKG_LIBS = $$(pkg-config --libs $(PKGS)) -lcmark-gfm-extensions -lstemmer -lm -lpthread" >> $@.tmp
	@echo "CMOCKA_LIBS = $$(pkg-config --libs cmocka)" >> $@.tmp
	@echo "TEXTCAT_DIR = $$(pkg-config --variable=pkgdatadir libexttextcat)" >> $@.tmp
	@mv $@.tmp $@

CFLAGS_ALL = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) $(OPT) $(SANITIZE) -fvisibility=hidden \
             -fPIC -Icore $(PKG_CFLAGS) -DGALLEY_PLUGIN_DIR='"$(DATADIR)/plugins"' \
             -DGALLEY_TEXTCAT_DIR='"$(TEXTCAT_DIR)"' $(CFLAGS)
LDFLAGS_ALL = $(SANITIZE) $(LDFLAGS)

LIB_SRC  = $(wildcard core/*.c core/load/*.c core/lua/*.c)
CLI_SRC  = $(wildcard core/cli/*.c)
LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
CLI_OBJ  = $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all test demo eval bench install uninstall clean check-asan check-tsan check-valgrind help format lint \
        fuzz fuzz-run

all: $(BUILD)/libgalley.a $(BUILD)/libgalley.so $(BUILD)/galley $(BUILD)/galley.pc

$(BUILD)/obj/%.o: %.c $(BUILD)/config.mk Makefile
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC    $<")
	$(Q)$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

$(BUILD)/libgalley.a: $(LIB_OBJ)
	@$(if $(Q),echo "  AR    $@")
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/libgalley.so: $(LIB_OBJ)
	@$(if $(Q),echo "  LD    $@")
	$(Q)$(CC) -shared -Wl,-soname,libgalley.so.0 $(LDFLAGS_ALL) -o $@ $^ $(PKG_LIBS)

$(BUILD)/galley: $(CLI_OBJ) $(BUILD)/libgalley.a
	@$(if $(Q),echo "  LD    $@")
	$(Q)$(CC) $(LDFLAGS_ALL) -o $@ $(CLI_OBJ) $(BUILD)/libgalley.a $(PKG_LIBS)

$(BUILD)/galley.pc: galley.pc.in Makefile
	$(Q)sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(shell sed -n 's/^#define GALLEY_VERSION "\(.*\)"/\1/p' core/galley.h)|' \
	    -e 's|@REQUIRES@|$(PKGS)|' $< > $@

$(BUILD)/tests/%: tests/unit/%.c tests/unit/helpers.h tests/unit/fixtures.h $(BUILD)/libgalley.a
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC    $<")
	$(Q)$(CC) $(CFLAGS_ALL) -Wno-missing-prototypes -o $@ $< $(LDFLAGS_ALL) $(BUILD)/libgalley.a $(PKG_LIBS) $(CMOCKA_LIBS)

# The whole suite: C unit tests, Lua plugin tests, end-to-end CLI tests.
test: all $(UNIT_BIN)
	@BUILD=$(BUILD) VALGRIND="$(VALGRIND)" tests/run

# The main job on the bundled fixtures: load, format, categorize, store, export.
SEED_UID = fixtures/text/baghdadpost-imis.txt
demo: all
	@rm -f galley.db galley.db-wal galley.db-shm galley.jsonl
	@echo "== galley run --db galley.db fixtures/"
	@echo "   (fixtures/ also holds deliberately broken files: each gets one error line, the rest goes on)"
	@$(BUILD)/galley run --db galley.db fixtures/ || [ $$? -eq 1 ]
	@echo "== the same run again: nothing changed, so everything stored is skipped"
	@$(BUILD)/galley run --db galley.db --summary json fixtures/ 2>/dev/null | \
	    sed -n 's/^{"loaded":\([0-9]*\),"skipped":\([0-9]*\),"filtered":[0-9]*,"failed":\([0-9]*\).*/   loaded \1, skipped \2, failed \3 (the broken ones, again)/p' || true
	@echo "== galley export --db galley.db --format jsonl -o galley.jsonl"
	@$(BUILD)/galley export --db galley.db --format jsonl -o galley.jsonl
	@echo "== the seed article ($(SEED_UID)) as stored:"
	@sqlite3 -line galley.db "SELECT title, site_name, section, modified FROM articles WHERE uid = '$(SEED_UID)';"
	@echo "-- headings:"
	@sqlite3 galley.db "SELECT '   ' || json_extract(b.value, '$$.text') FROM articles a, json_each(a.blocks) b \
	    WHERE a.uid = '$(SEED_UID)' AND json_extract(b.value, '$$.type') = 'heading';"
	@echo "-- categories (scheme/label score):"
	@sqlite3 galley.db "SELECT '   ' || scheme || '/' || label || ' ' || printf('%.2f', score) FROM categories \
	    WHERE article_id = (SELECT id FROM articles WHERE uid = '$(SEED_UID)') ORDER BY scheme DESC, score DESC;"
	@echo "== every article: galley.db (sqlite3 galley.db), galley.jsonl"

# Throughput against the floor (plain C inserts into SQLite) and a peer (pandoc), as
# ratios; BENCH_N articles (default 100000). Not part of make test.
$(BUILD)/bench-floor: scripts/bench/floor.c $(BUILD)/config.mk
	$(Q)$(CC) -O2 -std=c11 -Wall -Wextra -Werror -o $@ $< $(PKG_LIBS)

# HTML extraction against libxml2's bare parse of the same pages, in one process.
$(BUILD)/bench-html: scripts/bench/html.c $(BUILD)/libgalley.a
	$(Q)$(CC) -O2 $(CFLAGS_ALL) -o $@ $< $(BUILD)/libgalley.a $(PKG_LIBS) -lstdc++

HTML_BENCH_PAGES = $(wildcard ../shared/corpus/readability/test/test-pages/*/source.html \
                   ../shared/corpus/newspaper4k/tests/data/html/*.html ../shared/corpus/goose3/tests/data/*/*.html)

bench: all $(BUILD)/bench-floor $(BUILD)/bench-html
	@scripts/install-deps pandoc
	@scripts/bench/run.py --build $(BUILD)
	@echo "== HTML pages of ../shared/corpus"
	@$(if $(HTML_BENCH_PAGES),$(BUILD)/bench-html $(HTML_BENCH_PAGES),echo "SKIP: ../shared/corpus absent")

# Quality on real labelled data (../shared/corpus): HTML extraction (body F1 and
# metadata accuracy per set), the feed loader against feedparser's expectations, the
# default taxonomy's topic accuracy on the BBC corpus (classes mapped to IPTC topics),
# its calibration (reliability table, ECE) and the topics it gives horne2017
# (docs/categorization.md), and the trained classifier in 5-fold cross-validation
# beside fastText on the same folds.
BBC = ../shared/corpus/bbc-news/bbc
eval: all
	@scripts/install-deps fasttext
	@scripts/eval-html --build $(BUILD)
	@scripts/eval-bbc $(BUILD) 0.85
	@if [ -d $(BBC) ]; then $(BUILD)/galley eval-categories --labels $(BBC) --folds 5 --min-accuracy 0.97; \
	 else echo "SKIP: $(BBC) absent"; fi
	@scripts/eval-feeds --build $(BUILD) --min 0.9

check-asan:
	$(MAKE) BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
	    SANITIZE="-fsanitize=address,undefined -fno-sanitize-recover=all" test

# The worker threads under ThreadSanitizer.
check-tsan:
	$(MAKE) BUILD=build-tsan OPT="-O1 -g" SANITIZE="-fsanitize=thread" test

check-valgrind:
	@scripts/install-deps valgrind
	$(MAKE) BUILD=build-valgrind OPT="-O1 -g" VALGRIND="valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --quiet" test

# libFuzzer harnesses (tests/fuzz/fuzz_NAME.c, LLVMFuzzerTestOneInput), each run for
# FUZZ_SECONDS under ASan and UBSan against the library built with the same flags in
# build-fuzz/. FUZZ_TARGETS=html picks some; scripts/fuzz seeds them and keeps what
# they find in build-fuzz/crashes/NAME/.
FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?= $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_SANITIZE = -fsanitize=address,undefined -fno-sanitize-recover=all

fuzz:
	@scripts/install-deps clang
	$(MAKE) BUILD=build-fuzz CC=clang OPT="-O1 -g -fno-omit-frame-pointer" \
	    SANITIZE="$(FUZZ_SANITIZE) -fsanitize=fuzzer-no-link" FUZZ_TARGETS="$(FUZZ_TARGETS)" fuzz-run

fuzz-run: $(FUZZ_TARGETS:%=$(BUILD)/fuzz_%)
	@for t in $(FUZZ_TARGETS); do scripts/fuzz $(BUILD) $$t $(FUZZ_SECONDS) || exit 1; done

$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(BUILD)/libgalley.a
	@$(if $(Q),echo "  CC    $<")
	$(Q)$(CC) $(CFLAGS_ALL) -fsanitize=fuzzer -o $@ $< $(LDFLAGS_ALL) $(BUILD)/libgalley.a $(PKG_LIBS)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCDIR) $(DESTDIR)$(PCDIR) $(DESTDIR)$(DATADIR)
	install -m 755 $(BUILD)/galley $(DESTDIR)$(BINDIR)/galley
	install -m 644 $(BUILD)/libgalley.a $(DESTDIR)$(LIBDIR)/libgalley.a
	install -m 755 $(BUILD)/libgalley.so $(DESTDIR)$(LIBDIR)/libgalley.so.0
	ln -sf libgalley.so.0 $(DESTDIR)$(LIBDIR)/libgalley.so
	install -m 644 core/galley.h $(DESTDIR)$(INCDIR)/galley.h
	install -m 644 $(BUILD)/galley.pc $(DESTDIR)$(PCDIR)/galley.pc
	cp -R plugins $(DESTDIR)$(DATADIR)/
	find $(DESTDIR)$(DATADIR)/plugins -type f -exec chmod 644 {} +

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/galley $(DESTDIR)$(LIBDIR)/libgalley.a $(DESTDIR)$(LIBDIR)/libgalley.so \
	      $(DESTDIR)$(LIBDIR)/libgalley.so.0 $(DESTDIR)$(INCDIR)/galley.h $(DESTDIR)$(PCDIR)/galley.pc
	rm -rf $(DESTDIR)$(DATADIR)

format:
	clang-format -i core/*.[ch] core/*/*.c tests/unit/*.c

lint:
	clang-tidy $(LIB_SRC) $(CLI_SRC) -- -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Icore $(PKG_CFLAGS)

clean:
	rm -rf build build-asan build-tsan build-valgrind build-fuzz galley.db galley.db-wal galley.db-shm galley.jsonl

help:
	@echo "make            build build/galley, build/libgalley.{a,so}, build/galley.pc"
	@echo "make demo       run galley on fixtures/ into galley.db and export it"
	@echo "make test       build and run every test (unit, plugin, end-to-end)"
	@echo "make eval       quality on ../shared/corpus: HTML extraction, feeds vs feedparser, BBC topics"
	@echo "                (IPTC keywords with calibration; trained vs fastText)"
	@echo "make bench      throughput vs the SQLite floor and pandoc, HTML extraction vs libxml2,"
	@echo "                exporters (BENCH_N=100000 articles, BENCH_HTML=10000 pages)"
	@echo "make check-asan / check-tsan / check-valgrind   the suite under ASan+UBSan / TSan / valgrind"
	@echo "make fuzz       libFuzzer harnesses tests/fuzz/fuzz_*.c under ASan+UBSan, FUZZ_SECONDS=600 each"
	@echo "                (FUZZ_TARGETS=html for one; crashes kept in build-fuzz/crashes/)"
	@echo "make install    PREFIX=/usr/local DESTDIR= : binary, library, header, galley.pc, plugins"
	@echo "make format / lint   clang-format / clang-tidy;  V=1 for verbose builds"

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)

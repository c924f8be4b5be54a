# sate - Makefile (GNU make)

VERSION   = 0.1.0
PREFIX   ?= /usr/local
BINDIR    = $(PREFIX)/bin
DATADIR   = $(PREFIX)/share
MANDIR    = $(DATADIR)/man
COMPDIR   = $(DATADIR)/bash-completion/completions
LOCALEDIR = $(DATADIR)/locale
LIBEXECDIR = $(PREFIX)/libexec/sate
DESTDIR  ?=

CC       ?= cc
CFLAGS   ?= -O2 -g
WARN      = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Wconversion -Wformat=2 -Wvla \
            -Wno-sign-conversion
CPPFLAGS += -D_GNU_SOURCE -DSATE_VERSION='"$(VERSION)"' -Ilib \
            -DLOCALEDIR='"$(LOCALEDIR)"'
ALL_CFLAGS = -std=c11 $(WARN) $(CFLAGS)
LDLIBS   += -lcsv -lunistring -pthread

ifeq ($(WERROR),1)
ALL_CFLAGS += -Werror
endif

# make SAN=1: AddressSanitizer and UndefinedBehaviorSanitizer, in a build
# tree of their own so the two builds never mix.
# make TSAN=1: ThreadSanitizer, for the programs that read on every
# core (sate-roster check and normalize, sate-alert), likewise apart.
ifeq ($(SAN),1)
O         = build/san
ALL_CFLAGS += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer \
             -fno-sanitize-recover=all
LDFLAGS  += -fsanitize=address,undefined
else ifeq ($(TSAN),1)
O         = build/tsan
ALL_CFLAGS += -O1 -fsanitize=thread
LDFLAGS  += -fsanitize=thread
else
O         = build/rel
endif

PROGS    = sate-roster sate-alert sate-commit sate-report
LIB_SRC  = $(wildcard lib/*.c)
LIB_OBJ  = $(LIB_SRC:lib/%.c=$(O)/lib/%.o)
LIB      = $(O)/libsate.a
BINS     = $(PROGS:%=$(O)/bin/%)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNITS    = $(UNIT_SRC:tests/unit/%.c=$(O)/tests/%)
GEN      = $(O)/bin/sate-gen
MO       = $(O)/locale/es/LC_MESSAGES/sate.mo

.PHONY: all check unit golden examples demo install uninstall bench clean fuzz fuzz-smoke \
	po-check

# The release build is what lives in bin/ and lib/libsate.a; a SAN=1
# or TSAN=1 build stays in its own tree.
ifneq ($(filter 1,$(SAN) $(TSAN)),)
all: $(BINS) $(GEN) $(MO)
else
all: $(PROGS:%=bin/%) bin/sate-gen lib/libsate.a $(MO)
endif

lib/libsate.a: $(LIB)
	cp $< $@

bin/%: $(O)/bin/%
	@mkdir -p bin
	cp $< $@

# Every build first makes sure the Debian packages are there (scripts/deps
# installs them as root, or prints the apt-get command and stops).
build/.deps: scripts/deps
	@sh scripts/deps
	@mkdir -p build && touch $@

$(O)/lib/%.o: lib/%.c lib/sate.h | build/.deps
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

$(O)/cmd/%.o: cmd/%.c lib/sate.h | build/.deps
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(O)/bin/%: $(O)/cmd/%.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

$(O)/scripts/%.o: scripts/%.c lib/sate.h | build/.deps
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(GEN): $(O)/scripts/sate-gen.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

# Benchmark helper: the reader alone, and raw libcsv.
$(O)/bin/bench-read: $(O)/scripts/bench-read.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

$(O)/tests/%: tests/unit/%.c $(LIB) | build/.deps
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) \
		$(LDLIBS) -lcmocka

# Messages (gettext).  xgettext takes every string marked with _() or
# N_() and every literal format given to the message functions, which
# translate it themselves; po/exclude.pot lists formats that are no text
# ("%s").  $(O)/po/sate.pot is extracted afresh; po/sate.pot, the copy
# for translators, is rewritten only when its messages change.  The build
# stops when a message of the sources has no Spanish in po/es.po (missing,
# empty or fuzzy): scripts/po-check names them.
PO_SRC   = $(sort $(wildcard lib/*.c cmd/*.c))
PO_SH    = scripts/monthly-report	# _ 'text', a shell function over gettext(1)
XGETTEXT = xgettext --from-code=UTF-8 --add-comments=TRANSLATORS \
	--package-name=sate --package-version=$(VERSION) \
	--msgid-bugs-address="the sate issue tracker" --sort-by-file \
	--add-location=file --no-wrap \
	--keyword=_ --keyword=N_ --keyword=die:2 --keyword=error:1 \
	--keyword=warning:1 --keyword=csvr_error:3 --keyword=csvr_warning:3 \
	--keyword=csvr_error_at:4 --keyword=csvr_warning_at:4 \
	--keyword=fail:6 --keyword=problem:3 --keyword=change_error:3 --keyword=BAD:2 \
	--flag=die:2:c-format --flag=error:1:c-format \
	--flag=warning:1:c-format --flag=csvr_error:3:c-format \
	--flag=csvr_warning:3:c-format --flag=fail:6:c-format \
	--flag=problem:3:c-format --flag=change_error:3:c-format \
	--flag=BAD:2:c-format --flag=csvr_error_at:4:c-format \
	--flag=csvr_warning_at:4:c-format \
	--exclude-file=po/exclude.pot

$(O)/po/sate.pot: $(PO_SRC) $(PO_SH) po/exclude.pot | build/.deps
	@mkdir -p $(@D)
	$(XGETTEXT) -o $@.tmp $(PO_SRC)
	xgettext -L Shell --from-code=UTF-8 --no-wrap --add-location=file \
		--sort-by-file --keyword=_ -j -o $@.tmp $(PO_SH)
	@mv $@.tmp $@
	@grep -v '^"POT-Creation-Date:' $@ >$@.new; \
	grep -v '^"POT-Creation-Date:' po/sate.pot >$@.old 2>/dev/null; \
	cmp -s $@.new $@.old || cp $@ po/sate.pot; rm -f $@.new $@.old

$(O)/po/checked: $(O)/po/sate.pot po/es.po scripts/po-check
	@sh scripts/po-check po/es.po $(O)/po/sate.pot
	@touch $@

po-check: $(O)/po/checked

$(MO): po/es.po $(O)/po/checked
	@mkdir -p $(@D)
	msgfmt --check --statistics -o $@ po/es.po

# make check: every unit test, golden test and man page example, one
# summary line.
check: $(BINS) $(GEN) $(UNITS) $(MO)
	@sh tests/run $(O)

unit: $(UNITS)
	@sh tests/run $(O) unit

golden: $(BINS) $(GEN) $(MO)
	@sh tests/run $(O) golden

examples: $(BINS) $(GEN)
	@sh tests/run $(O) examples

demo: all
	PATH="$(CURDIR)/bin:$$PATH" sh scripts/monthly-report --sample

# Fuzzing (libFuzzer, clang): make fuzz runs every harness for FUZZ_TIME
# seconds from its committed seed corpus (tests/fuzz/corpus/NAME), with
# what it finds kept in build/fuzz/corpus-NAME; make fuzz-smoke only runs
# the committed corpus once (CI).
FUZZ_CC    = clang
FUZZ_FLAGS = -g -O1 -std=c11 -fsanitize=fuzzer,address,undefined \
             -fno-sanitize-recover=all
FUZZ_TIME ?= 60
FUZZERS    = $(patsubst tests/fuzz/fuzz_%.c,build/fuzz/fuzz_%,$(wildcard tests/fuzz/fuzz_*.c))

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(LIB_SRC) lib/sate.h tests/fuzz/fuzz.h | build/.deps
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_FLAGS) -o $@ $< $(LIB_SRC) $(LDLIBS)

fuzz: $(FUZZERS)
	@for f in $(FUZZERS); do n=$${f#build/fuzz/fuzz_}; \
	    mkdir -p build/fuzz/corpus-$$n; \
	    echo "fuzz: $$n for $(FUZZ_TIME) s"; \
	    $$f -max_total_time=$(FUZZ_TIME) -max_len=4096 -print_final_stats=1 \
	        -close_fd_mask=2 \
	        -artifact_prefix=build/fuzz/ build/fuzz/corpus-$$n \
	        tests/fuzz/corpus/$$n 2>&1 | grep -E '^(==|stat::number_of_executed_units|stat::peak_rss)|ERROR|crash-' || exit 1; \
	done

fuzz-smoke: $(FUZZERS)
	@for f in $(FUZZERS); do n=$${f#build/fuzz/fuzz_}; \
	    $$f -runs=0 tests/fuzz/corpus/$$n > build/fuzz/$$n.log 2>&1 || \
	    { cat build/fuzz/$$n.log; exit 1; }; \
	    echo "fuzz-smoke: $$n: $$(ls tests/fuzz/corpus/$$n | wc -l) inputs, no finding"; \
	done

bench: all $(O)/bin/bench-read
	sh scripts/bench

# make install [PREFIX=/usr/local] [DESTDIR=]: the programs, the monthly
# report as sate-monthly-report, the man pages (man/es/ ones, when there
# are any, under $(MANDIR)/es), bash completion (one file, under each
# program's name: the first a copy, the others links to it), and the
# translations.  make uninstall removes every file and link install
# wrote and nothing else: the directories stay, since they are shared
# (bin, share/man/man1, ...) and were most likely there before.  The
# golden case tests/golden/install checks both, file by file.
INSTALL_COMP = sate-roster sate-alert sate-commit sate-report \
               sate-monthly-report
MAN_ES       = $(wildcard man/es/*.1 man/es/*.5 man/es/*.7)

install: $(BINS) $(GEN) $(MO)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 \
		$(DESTDIR)$(COMPDIR)
	for p in $(PROGS); do install -m 755 $(O)/bin/$$p $(DESTDIR)$(BINDIR)/$$p; done
	install -m 755 scripts/monthly-report $(DESTDIR)$(BINDIR)/sate-monthly-report
	# the sample-zone generator, for sate-monthly-report --sample
	install -D -m 755 $(GEN) $(DESTDIR)$(LIBEXECDIR)/sate-gen
	install -m 644 man/*.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 man/*.5 $(DESTDIR)$(MANDIR)/man5/
	install -m 644 man/*.7 $(DESTDIR)$(MANDIR)/man7/
	for m in $(MAN_ES); do s=$${m##*.}; \
		install -d $(DESTDIR)$(MANDIR)/es/man$$s && \
		install -m 644 $$m $(DESTDIR)$(MANDIR)/es/man$$s/ || exit 1; \
	done
	install -m 644 completion/sate.bash $(DESTDIR)$(COMPDIR)/sate-roster
	for c in $(filter-out sate-roster,$(INSTALL_COMP)); do \
		ln -sf sate-roster $(DESTDIR)$(COMPDIR)/$$c || exit 1; done
	install -D -m 644 $(MO) $(DESTDIR)$(LOCALEDIR)/es/LC_MESSAGES/sate.mo

uninstall:
	for p in $(PROGS) sate-monthly-report; do rm -f $(DESTDIR)$(BINDIR)/$$p; done
	for m in man/*.1; do rm -f $(DESTDIR)$(MANDIR)/man1/$${m#man/}; done
	for m in man/*.5; do rm -f $(DESTDIR)$(MANDIR)/man5/$${m#man/}; done
	for m in man/*.7; do rm -f $(DESTDIR)$(MANDIR)/man7/$${m#man/}; done
	for m in $(MAN_ES); do \
		rm -f $(DESTDIR)$(MANDIR)/es/man$${m##*.}/$${m#man/es/}; done
	for c in $(INSTALL_COMP); do rm -f $(DESTDIR)$(COMPDIR)/$$c; done
	rm -f $(DESTDIR)$(LOCALEDIR)/es/LC_MESSAGES/sate.mo
	rm -f $(DESTDIR)$(LIBEXECDIR)/sate-gen
	-rmdir $(DESTDIR)$(LIBEXECDIR) 2>/dev/null	# sate's own

clean:
	rm -rf build bin lib/libsate.a

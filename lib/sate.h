/*
 * sate.h - the shared library of the sate programs (libsate.a)
 *
 * One header for everything in lib/:
 *   util.c      program name, die/error/warning, allocation, exit statuses,
 *               the options every program shares
 *   progress.c  the progress line on stderr (--progress)
 *   csvread.c   the streaming CSV reader (over libcsv, hidden here)
 *   csvwrite.c  the buffered CSV writer for stdout
 *   colname.c   header names: folding and the alias table of real exports
 *   date.c      calendar dates
 *   map.c       a hash map from strings to fixed-size values
 *   curp.c      CURP validation and check digit
 *   cct.c       CCT (Clave de Centro de Trabajo) validation and check letter
 *
 * Conventions: functions that can fail return -1 (or NULL) after printing
 * a message "prog: problem" on stderr, as git's error() does; die() prints
 * and exits.  Messages are lower-case, problem first, no full stop.
 *
 * Messages are translated with gettext (text domain "sate", po/es.po):
 * die(), error(), warning(), csvr_error() and csvr_warning() translate
 * their format themselves, and xgettext knows them as keywords (see the
 * Makefile), so a literal format needs no _().  Every other text meant
 * for people goes through _() (or N_() where it is defined, and _() where
 * it is printed).  CSV headers and values, option names and the reports'
 * Spanish labels are data and never translated.
 */
#ifndef SATE_H
#define SATE_H

#include <libintl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifndef SATE_VERSION
#define SATE_VERSION "0.1.0"
#endif

/* gettext: _() translates, N_() only marks a string for xgettext. */
#define _(s)	gettext(s)
#define N_(s)	(s)
#define SATE_TEXTDOMAIN	"sate"
#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

/* ---------------------------------------------------------------- util.c */

/*
 * Exit statuses, the same for every program (documented in sate(7)).
 */
enum {
	SATE_EXIT_OK = 0,	/* success */
	SATE_EXIT_FOUND = 1,	/* the data has the problems the command was
				   asked to find (check, verify) */
	SATE_EXIT_USAGE = 2,	/* bad option, operand or option value */
	SATE_EXIT_DATA = 3,	/* malformed or invalid input data */
	SATE_EXIT_IO = 4	/* a file cannot be opened, read or written;
				   lock or other system failure */
};

extern const char *sate_prog;	/* "sate-alert", for messages */

/* Set sate_prog from argv[0] (its basename), set up messages in the
 * user's language (sate_i18n_init) and register the exit handler that
 * flushes and closes stdout, reporting a write error. */
void sate_init(const char *argv0);

/* The user's language for messages: LC_MESSAGES and LC_CTYPE from the
 * environment (never LC_NUMERIC, LC_TIME or LC_COLLATE: numbers, dates
 * and sorting stay those of the C locale, so CSV never gets a decimal
 * comma), and the text domain "sate" bound to $SATE_LOCALEDIR when it is
 * set (tests: the build tree's locale/), else to LOCALEDIR. */
void sate_i18n_init(void);

/* "prog: MSG\n" on stderr, MSG from the translated fmt; die() then exits
 * with status (on a thread other than sate_init's, without flushing
 * standard output, which the main thread may be writing). */
_Noreturn void die(int status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same with a va_list, for wrappers that add a location: kind (such
 * as "warning") and fmt are printed as given, not translated. */
void sate_vmsg(const char *kind, const char *fmt, va_list ap);
/* "prog: KIND: MSG\n" (no KIND when NULL), msg printed as it is. */
void sate_msg(const char *kind, const char *msg);

/* Allocation that dies (SATE_EXIT_IO) rather than return NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
/* Memory for millions of small records: n bytes, zeroed, whole pages
 * straight from the kernel, huge pages where it gives them (so that
 * touching it costs few page faults); xbigrealloc keeps the first old
 * bytes, xbigfree needs the size it was given.  NULL for 0 bytes. */
void *xbigalloc(size_t n);
void *xbigrealloc(void *p, size_t old, size_t n);
void xbigfree(void *p, size_t n);
/* The threads worth reading on: the cores online, 1 to 8. */
size_t sate_ncores(void);
char *xstrndup(const char *s, size_t n);

/* Input encodings accepted by -e/--encoding. */
enum sate_encoding { SATE_ENC_UTF8, SATE_ENC_LATIN1, SATE_ENC_CP1252 };

/* The options every program shares. */
struct sate_opts {
	char delim;			/* -d: input delimiter, ',' */
	enum sate_encoding enc;		/* -e: input encoding */
	int crlf;			/* --crlf: CRLF line ends on output */
	int excel_safe;			/* --excel-safe: defuse formulas */
	size_t max_field;		/* --max-field: field size cap, bytes */
	int progress;			/* 1 --progress, -1 --no-progress,
					   0 automatic (see progress.c) */
};

#define SATE_MAX_FIELD_DEFAULT ((size_t)1 << 20)	/* 1 MiB */

/* Long-option values above any character. */
enum { SATE_OPT_VERSION = 0x100, SATE_OPT_CRLF, SATE_OPT_MAX_FIELD,
       SATE_OPT_EXCEL_SAFE, SATE_OPT_PROGRESS, SATE_OPT_NO_PROGRESS,
       SATE_OPT_FIRST_PROGRAM = 0x200 };

/* Short options and long options every program accepts; a program puts
 * these first in its own tables. */
#define SATE_SHORTOPTS "d:e:h"
#define SATE_LONGOPTS \
	{ "delimiter", required_argument, NULL, 'd' }, \
	{ "encoding", required_argument, NULL, 'e' }, \
	{ "crlf", no_argument, NULL, SATE_OPT_CRLF }, \
	{ "excel-safe", no_argument, NULL, SATE_OPT_EXCEL_SAFE }, \
	{ "max-field", required_argument, NULL, SATE_OPT_MAX_FIELD }, \
	{ "progress", no_argument, NULL, SATE_OPT_PROGRESS }, \
	{ "no-progress", no_argument, NULL, SATE_OPT_NO_PROGRESS }, \
	{ "help", no_argument, NULL, 'h' }, \
	{ "version", no_argument, NULL, SATE_OPT_VERSION }

/*
 * A help text: an array of msgids marked with N_(), ended by NULL, each
 * printed translated, one after another as it is: an element carries its
 * own line ends and the blank line after it, so a translator gets one
 * paragraph or one option at a time.  The element SATE_HELP_COMMON
 * prints the options every program shares there.
 */
#define SATE_HELP_COMMON "@COMMON@"
void sate_print_help(const char *const *help);

void sate_opts_init(struct sate_opts *o);

/*
 * Handle one shared option returned by getopt_long.  Returns 1 when c was
 * a shared option and has been applied, 0 when it is the program's own.
 * -h prints help (the text given, see sate_print_help) on stdout and
 * exits 0; --version prints the version and exits 0; a bad value dies
 * with SATE_EXIT_USAGE.
 */
int sate_common_opt(struct sate_opts *o, int c, const char *arg,
		    const char *const *help);

/* A bad option or operand: print "usage: SYNOPSIS" and "Try 'CMD --help'
 * for more information." on stderr and exit SATE_EXIT_USAGE.  synopsis is
 * a msgid (N_()), translated here; cmd is the command as typed
 * ("sate-roster check"); NULL means sate_prog. */
_Noreturn void sate_usage(const char *synopsis, const char *cmd);

/* Prepare argv for getopt_long: messages from getopt then start with
 * sate_prog, not the path the program was started by. */
void sate_getopt_prepare(char **argv);

/* Parse a whole number in [min, max]; 0 on success, -1 when s is not one. */
int sate_parse_long(const char *s, long min, long max, long *out);

/* ------------------------------------------------------------ progress.c */

/*
 * The progress line: "sate-alert: FILE: 1,234,567 rows, 812 MB/s, 43%"
 * on stderr, redrawn in place with a carriage return, erased at the end
 * of each input and before any message.  Drawn only when stderr is a
 * terminal, and then: with --progress always; by default (automatic)
 * when the input is a regular file of SATE_PROGRESS_AUTO bytes or more
 * and stdout is not a terminal too; with --no-progress never.  The
 * percent is shown for regular files only (their size is known).  The
 * reader (csvread.c) draws it for the inputs opened with csvr_open.
 */
#define SATE_PROGRESS_AUTO	((unsigned long long)64 << 20)	/* 64 MiB */
#define SATE_PROGRESS_INTERVAL	250	/* ms between two drawings */

struct sate_progress {
	int on;
	int drew;			/* it has drawn the line */
	const char *name;		/* the input, as messages name it */
	unsigned long long size;	/* bytes to read; 0: unknown */
	long long t0, last;		/* ms: start, last drawing */
};

/* Decide whether to draw for the input on fd (-1: none) with mode (the
 * progress member of sate_opts); name must outlive p.  Returns p->on. */
int sate_progress_begin(struct sate_progress *p, int mode, int fd,
			const char *name);
/* Redraw with the counts so far, at most every SATE_PROGRESS_INTERVAL
 * ms and not before that long after the start.  Only when p->on; call
 * it per block of input, not per record. */
void sate_progress_tick(struct sate_progress *p, unsigned long long rows,
			unsigned long long bytes);
/* The input is done: erase the line if p drew it. */
void sate_progress_end(struct sate_progress *p);
/* Erase the line, if one is drawn (every message does this first). */
void sate_progress_clear(void);
/* Before output to fd: erase the line when fd is stdout on a terminal. */
void sate_progress_before_output(int fd);
/* The line into buf (NUL-terminated), fitted into cols - 1 columns
 * (cols 0: any width) by shortening the name; total 0 means no percent,
 * ms 0 no rate.  Returns its length. */
size_t sate_progress_format(char *buf, size_t size, size_t cols,
			    const char *name, unsigned long long rows,
			    unsigned long long bytes, long long ms,
			    unsigned long long total);

/* ------------------------------------------------------------- colname.c */

/*
 * Fold a header name for comparison: ASCII lower case, accents of Latin
 * letters removed (á -> a, ñ -> n), spaces and '-' to '_', surrounding
 * spaces trimmed.  Writes at most size-1 bytes and a NUL to out; returns
 * the folded length.
 */
size_t sate_fold_name(const char *name, size_t len, char *out, size_t size);

/* The canonical column name for a header as it appears in a file: the
 * target of the alias table (CV_CCT -> cct) or the folded name.  Returns
 * a newly allocated string. */
char *sate_canonical_name(const char *name, size_t len);

/* ------------------------------------------------------------- csvread.c */

/* A field of a record: bytes in UTF-8, NUL-terminated at p[len]. */
struct sate_field {
	const char *p;
	size_t len;
};

/* A record: valid until the next csvr_next() or csvr_close().  A field
 * holds no NUL byte (the reader refuses them), and one follows it. */
struct sate_rec {
	struct sate_field *f;
	size_t n;		/* number of fields */
	unsigned long line;	/* physical line where the record starts */
	int plain;		/* no field needs quoting in comma CSV (no
				   delimiter, quote, CR, LF, edge space);
				   and the fields lie in one run of bytes,
				   each ended by its NUL */
};

struct csvr;

/* Flags for csvr_open. */
enum {
	CSVR_QUIET = 1,		/* do not print errors; see csvr_errmsg() */
	CSVR_EMPTY_OK = 2,	/* empty input is no error: zero columns */
	CSVR_LIBCSV_ONLY = 4	/* never split a quote-free line without
				   libcsv (tests and the differential fuzz
				   harness compare the two paths) */
};

/*
 * Open path ("-" or NULL for stdin) and read its header row.  Returns NULL
 * after printing a message (unreadable file: SATE_EXIT_IO; empty input or
 * a bad header: SATE_EXIT_DATA; csvr_open_status() tells which).
 */
struct csvr *csvr_open(const char *path, const struct sate_opts *o,
		       int flags);
int csvr_open_status(void);

/* The same over len bytes in memory (tests, fuzzing); name is for
 * messages.  buf must outlive the reader. */
struct csvr *csvr_open_mem(const char *buf, size_t len, const char *name,
			   const struct sate_opts *o, int flags);

/*
 * Read the next record.  Returns 1 and sets *rec, 0 at end of input, -1 on
 * an error (message printed unless CSVR_QUIET).  After an error in one
 * record (wrong field count, invalid UTF-8) reading may go on with the
 * next; after a parse error (quotes, NUL, field cap, read error) every
 * further call returns -1: see csvr_fatal().
 */
int csvr_next(struct csvr *r, struct sate_rec **rec);

/* From now on, csvr_next keeps an error's message instead of printing
 * it, until csvr_print_error: for a program that has records of its own
 * still to finish first (rpipe). */
void csvr_defer_errors(struct csvr *r);
void csvr_print_error(const struct csvr *r);

/* After -1 from csvr_next: the exit status the error calls for
 * (SATE_EXIT_DATA or SATE_EXIT_IO), whether reading can go on, and the
 * message without the "prog: " prefix. */
int csvr_status(const struct csvr *r);
int csvr_fatal(const struct csvr *r);
const char *csvr_errmsg(const struct csvr *r);

void csvr_close(struct csvr *r);

const char *csvr_name(const struct csvr *r);	/* "stdin" or the path */
/* The input's size in bytes when it is known (a regular file, a buffer),
 * else 0. */
size_t csvr_size(const struct csvr *r);
size_t csvr_ncols(const struct csvr *r);
const char *csvr_colname(const struct csvr *r, size_t i); /* canonical */
const char *csvr_rawname(const struct csvr *r, size_t i); /* as in file */
unsigned long csvr_line(const struct csvr *r);	/* current record's line */
unsigned long csvr_records(const struct csvr *r); /* data records read */
unsigned long long csvr_bytes(const struct csvr *r); /* input bytes read */

/* Whether r has the same columns, in the same order, as first: 0, or -1
 * after printing an error naming both files.  For programs that read
 * several FILEs as one stream. */
int csvr_same_header(const struct csvr *first, const struct csvr *r);

/* Index of the column with the canonical name, or -1. */
int csvr_col(const struct csvr *r, const char *name);

/* Look up every name of a NULL-terminated list into idx[]; a missing one
 * is an error that lists the columns present (-1). */
int csvr_require(const struct csvr *r, const char *const *names, int *idx);

/* "prog: FILE:LINE: column 'NAME': MSG" for the current record (col < 0:
 * no column).  Returns -1. */
int csvr_error(const struct csvr *r, int col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void csvr_warning(const struct csvr *r, int col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The same for an earlier record, the one at line. */
int csvr_error_at(const struct csvr *r, unsigned long line, int col,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void csvr_warning_at(const struct csvr *r, unsigned long line, int col,
		     const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/*
 * Reading on several threads: the reading thread cuts the input after
 * the header into chunks of whole records, some 1 MB each
 * (csvr_chunk; 1, or 0 at the end of input, or -1 on a read error with
 * its message, as csvr_next); each thread reads chunks with a reader of
 * its own (csvr_chunk_reader, freed with csvr_close; csvr_chunk_load
 * points it at a chunk, whose bytes it then writes into), whose records
 * carry their true lines.  Such a reader keeps the message of an error
 * (csvr_deferred, without the "prog: " prefix) instead of printing it.
 * Only UTF-8 input read from the start of a record can be cut
 * (csvr_can_chunk).  csvr_add_records counts the n records of chunks of
 * so many bytes as done, for csvr_records and for --progress, which then
 * tells the records done, not the bytes read ahead.
 */
struct csvr_chunk {
	char *buf;		/* owned: csvr_chunk_free */
	size_t len, cap;
	unsigned long line;	/* the line it starts on */
};
int csvr_can_chunk(const struct csvr *r);
int csvr_chunk(struct csvr *r, struct csvr_chunk *c);
void csvr_chunk_free(struct csvr_chunk *c);
struct csvr *csvr_chunk_reader(const struct csvr *r);
void csvr_chunk_load(struct csvr *k, struct csvr_chunk *c);
const char *csvr_deferred(const struct csvr *r);
void csvr_add_records(struct csvr *r, unsigned long n, size_t bytes);
/* For tests: chunks of some n bytes (at least 1), not 1 MB. */
void csvr_set_chunk_size(struct csvr *r, size_t n);
/* What a batch of a program reading in chunks holds: its chunk, and a
 * reader of chunks kept from batch to batch.  csvr_part_load points the
 * reader at the chunk, made anew from r when file (the caller's number
 * for r's file) changed, and returns it. */
struct csvr_part {
	struct csvr_chunk chunk;
	struct csvr *reader;
	size_t file;
};
struct csvr *csvr_part_load(struct csvr_part *p, const struct csvr *r,
			    size_t file);
void csvr_part_free(struct csvr_part *p);

/* --------------------------------------------------------------- rpipe.c */

/*
 * Records handed to a second thread in batches, and taken back in order
 * (or other work: rpipe_fill):
 * the reading thread adds copies of the records it reads (rpipe_add);
 * ops->work runs on the other thread, once per batch, in the order the
 * batches filled; ops->done runs on the adding thread, once per batch,
 * in the same order, after work.  Each batch has ops->user_size zeroed
 * bytes of its own for the two to share (rpipe_user), freed with
 * ops->user_free (which frees what they point to, not themselves).
 */
struct rpipe;
struct rpipe_batch;
struct rpipe_ops {
	void (*work)(void *arg, struct rpipe_batch *b);
	void (*done)(void *arg, struct rpipe_batch *b);
	void (*user_free)(void *user);	/* or NULL */
	size_t user_size;
	void *arg;
	/* Workers, at most 8; 0 or 1: one, and work runs in order.  With
	 * more, work must be safe to run on two batches at once. */
	size_t threads;
	/* rpipe_read: up to max of r's records (and messages) into a
	 * batch's user part, here; whether there may be more. */
	int (*rest)(void *arg, void *user, struct csvr *r, unsigned long max);
};
struct rpipe *rpipe_new(const struct rpipe_ops *ops);
/* Copy rec into the batch being filled; a full batch is sent, and when
 * every batch is out, the oldest is waited for and done. */
void rpipe_add(struct rpipe *p, const struct sate_rec *rec);
/* Or batches of anything: the user part of the batch being filled, this
 * thread's until rpipe_send sends it (rpipe_drain does too). */
void *rpipe_fill(struct rpipe *p);
void rpipe_send(struct rpipe *p);
/* Send what is filled and wait: every record added is done. */
void rpipe_drain(struct rpipe *p);
/* Drain, then stop the thread. */
void rpipe_free(struct rpipe *p);
/* Read all of r after its header: what can be cut, chunk by chunk, a
 * batch each (whose user parts start with a struct csvr_part) through
 * the workers; the rest, if any, through ops->rest here, some thousands
 * of records a batch; each batch then done, in order.  Until *stop (set
 * by done; NULL: never) or a read error (-1, its message printed). */
int rpipe_read(struct rpipe *p, struct csvr *r, const int *stop);
size_t rpipe_nrec(const struct rpipe_batch *b);
unsigned long rpipe_line(const struct rpipe_batch *b, size_t i);
/* The i-th record of b, as it was added; for work, and valid until the
 * next call on b. */
const struct sate_rec *rpipe_rec(struct rpipe_batch *b, size_t i);
void *rpipe_user(struct rpipe_batch *b);

/* ------------------------------------------------------------ csvwrite.c */

/*
 * The CSV writer.  One large buffer; minimal RFC 4180 quoting (a field is
 * quoted only when it holds the delimiter, a quote, CR or LF, or starts or
 * ends with a space); LF line ends unless crlf.  With excel_safe, a field
 * a spreadsheet would read as a formula (it starts with = + - @ TAB or CR
 * and is not a plain number such as -3 or +0.5) goes out as '... , quoted,
 * which spreadsheets show as text (CSV injection, OWASP).  A write error dies with
 * "write error: REASON" (SATE_EXIT_IO); a closed pipe (EPIPE) exits
 * quietly.
 */
struct csvw {
	int fd;
	char delim;
	int crlf;
	int excel_safe;
	int nfield;		/* fields written in the current record */
	int empty1;		/* its first field was empty */
	size_t len;
	size_t cap;
	char *buf;
};

/* The writer for stdout, flushed by the exit handler sate_init() sets. */
extern struct csvw *sate_out;
void csvw_setup(const struct sate_opts *o);

void csvw_init(struct csvw *w, int fd, char delim, int crlf);
/* A writer into memory that writes as like does (delimiter, line ends,
 * --excel-safe): the output is buf[0..len), which grows as it must
 * (csvw_flush makes room); the caller takes it and sets len to 0, and
 * frees buf. */
void csvw_init_mem(struct csvw *w, const struct csvw *like);
void csvw_field(struct csvw *w, const char *p, size_t len);
void csvw_str(struct csvw *w, const char *s);
void csvw_long(struct csvw *w, long v);
void csvw_printf(struct csvw *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void csvw_endrec(struct csvw *w);
/* Write a whole record of fields. */
void csvw_rec(struct csvw *w, const struct sate_field *f, size_t n);
/* Write fields [from, to) of a record read by csvr_next: a plain record's
 * fields go out in one copy. */
void csvw_recfields(struct csvw *w, const struct sate_rec *rec, size_t from,
		    size_t to);
/* The delimiter w writes between fields. */
char csvw_delim(const struct csvw *w);
/* Raw bytes, no quoting (text and HTML output). */
void csvw_raw(struct csvw *w, const char *p, size_t len);
/* Raw formatted text, of any length. */
void csvw_rawf(struct csvw *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void csvw_vrawf(struct csvw *w, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
void csvw_flush(struct csvw *w);

/* ---------------------------------------------------------------- date.c */

struct sate_date {
	int y, m, d;
};

/* Whether y-m-d is a real date (years 1-9999). */
int sate_valid_date(int y, int m, int d);
/* Parse exactly YYYY-MM-DD holding a real date: 0, or -1. */
int sate_parse_date(const char *s, size_t len, struct sate_date *d);
/* Days since 1970-01-01, and back. */
long sate_days(const struct sate_date *d);
void sate_date_from_days(long days, struct sate_date *d);
/* Today in local time. */
void sate_today(struct sate_date *d);
/* "YYYY-MM-DD" and a NUL into buf. */
void sate_format_date(const struct sate_date *d, char buf[11]);

/* ----------------------------------------------------------------- map.c */

/*
 * A hash map from byte strings to values of a fixed size, kept in
 * insertion order.  Value pointers stay valid until the next map_put.
 * Memory: the keys, the values and about 16 bytes per entry.
 */
struct sate_map;

struct sate_map *map_new(size_t valsize);
void map_free(struct sate_map *m);
size_t map_count(const struct sate_map *m);
/* The value for key, or NULL. */
void *map_get(const struct sate_map *m, const char *key, size_t len);
/* The value for key, inserted zeroed when absent (*isnew then 1). */
void *map_put(struct sate_map *m, const char *key, size_t len, int *isnew);
/* The i-th entry in insertion order (its key NUL-terminated), or NULL. */
void *map_at(const struct sate_map *m, size_t i, const char **key,
	     size_t *len);

/* ---------------------------------------------------------------- seen.c */

/*
 * The set of keys a duplicate check remembers: millions of keys, each a
 * number below 2^63 (curp_pack, cct_pack), put once; with each, a tag
 * and a number the caller chooses (where the key was first seen).
 * 16 bytes a key, and a third more of room.
 */
struct sate_seen_ent {
	uint64_t key;		/* the key, with bit 63 set */
	uint32_t tag;
	uint32_t num;
};
struct sate_seen;
struct sate_seen *seen_new(void);
void seen_free(struct sate_seen *s);
size_t seen_count(const struct sate_seen *s);
/* Make room for n keys in all: a set whose size is known ahead grows no
 * more (each growth moves every key). */
void seen_reserve(struct sate_seen *s, size_t n);
/* Put key with tag and num and return NULL; or, when key is in already,
 * leave it and return its entry (the first tag and num). */
const struct sate_seen_ent *seen_add(struct sate_seen *s, uint64_t key,
				     uint32_t tag, uint32_t num);

/* dups.c: keys kept until the end, then their repeats found at once
 * (see dups.c).  Keys are put in the order of their num; dups_find gives
 * each key put again (num at most upto) with where it was first put,
 * sorted by num, in an array to free; memory: 16 bytes a key. */
struct sate_dups;
struct sate_dup {
	struct sate_seen_ent dup, first;
};
struct sate_dups *dups_new(void);
void dups_free(struct sate_dups *d);
size_t dups_count(const struct sate_dups *d);
void dups_add(struct sate_dups *d, uint64_t key, uint32_t tag, uint32_t num);
struct sate_dup *dups_find(struct sate_dups *d, uint32_t upto, size_t *n);

/* ---------------------------------------------------------------- curp.c */

/* Problems a CURP can have.  curp_validate checks the length, the
 * character classes, the sex, the state, the date, then the check digit. */
enum curp_problem {
	CURP_OK = 0,
	CURP_LENGTH,		/* not 18 characters */
	CURP_PATTERN,		/* a character of the wrong class */
	CURP_DATE,		/* positions 5-10 are no real date */
	CURP_SEX,		/* position 11 not H, M or X */
	CURP_STATE,		/* positions 12-13 no state code */
	CURP_CHECK		/* check digit wrong */
};

/* The check digit ('0'..'9') of the first 17 characters of a CURP, with
 * the 37-character alphabet that holds Ñ (which a CURP writes as X, but
 * the alphabet keeps); -1 when a character is outside the alphabet. */
int curp_check_digit(const char *curp17);

/* Validate a CURP (exactly as given, upper case).  On CURP_CHECK,
 * *expected is the correct digit; otherwise it is left alone. */
enum curp_problem curp_validate(const char *s, size_t len, char *expected);

/* A short English description of a problem ("bad check digit"). */
const char *curp_problem_str(enum curp_problem p);

/* A valid CURP as a number below 2^60, one to one: a key that takes 8
 * bytes. */
uint64_t curp_pack(const char *curp);
/* The CURP that curp_pack made v from, check digit and NUL included. */
void curp_unpack(uint64_t v, char out[19]);

/* Birth date of a valid CURP: year with its century from position 17. */
void curp_birth(const char *curp, int *year, int *month, int *day);

/* ----------------------------------------------------------------- cct.c */

enum cct_problem {
	CCT_OK = 0,
	CCT_LENGTH,		/* not 10 characters */
	CCT_PATTERN,		/* not DD LLL DDDD L */
	CCT_ENTITY,		/* entity not 01-32 */
	CCT_CHECK		/* check letter wrong */
};

enum sate_nivel {
	NIVEL_DESCONOCIDO = 0,	/* service code of an office or unknown */
	NIVEL_INICIAL,
	NIVEL_PREESCOLAR,
	NIVEL_PRIMARIA,
	NIVEL_SECUNDARIA,
	NIVEL_ESPECIAL		/* CAM */
};

/* The check letter of the first 9 characters of a CCT; 0 when they are
 * not of the form DDLLLDDDD. */
char cct_check_letter(const char *cct9);

/* Validate a CCT; on CCT_CHECK *expected is the correct letter. */
enum cct_problem cct_validate(const char *s, size_t len, char *expected);
const char *cct_problem_str(enum cct_problem p);
/* A valid CCT as a number below 2^35, one to one. */
uint64_t cct_pack(const char *cct);
/* The CCT that cct_pack made v from, check letter and NUL included. */
void cct_unpack(uint64_t v, char out[11]);

/* Level from the service code (positions 4-5). */
enum sate_nivel cct_nivel(const char *cct);
/* "preescolar", "primaria", ... ; "" for NIVEL_DESCONOCIDO. */
const char *nivel_name(enum sate_nivel n);
/* Grade range of a level: 0 when the level has no grades. */
int nivel_grades(enum sate_nivel n, int *min, int *max);
/* "estatal", "federal", "conafe", "particular", or "" for others. */
const char *cct_sostenimiento(const char *cct);

/* ============================================================== roster
 * Section owned by the sate-roster work (lib/roster.c and friends).
 */

/* text.c: names as people wrote them, tidied. */

/* A growable byte buffer, reused from record to record. */
struct sate_buf {
	char *p;
	size_t len, cap;
};

void buf_reserve(struct sate_buf *b, size_t n);
void buf_free(struct sate_buf *b);
/* Append s and its NUL: a list of messages, each NUL-ended. */
void buf_add_str(struct sate_buf *b, const char *s);

/*
 * Append to b a name with the spaces (space, tab, no-break space) around
 * it removed and every inner run of them made one space, in Unicode NFC
 * when it is not ASCII.  Returns the offset of the result in b->p; *len
 * is its length; the result is NUL-terminated.
 */
size_t text_name(struct sate_buf *b, const char *s, size_t len,
		 size_t *outlen);
/* Whether text_name would give s back as it is: a quick test, without a
 * copy, that may say no for a name it would keep. */
int text_name_same(const char *s, size_t len);

/*
 * Copy an identifier (CURP, CCT) with the spaces around it removed and
 * ASCII letters upper-cased into out (size bytes, NUL-terminated).
 * Returns its length, or (size_t)-1 when it does not fit.
 */
size_t text_ident(const char *s, size_t len, char *out, size_t size);
/* Whether text_ident would give s back as it is. */
int text_ident_same(const char *s, size_t len);

/* roster.c: the checks and tidying of escuelas and alumnos. */

/* The roster columns a file has: each a column index, or -1. */
struct roster_columns {
	int curp, cct, grado, grupo, turno, sexo, fecha, estatus, nivel;
	int nombre, primer_apellido, segundo_apellido, escuela;
	int alumnos;		/* it has a curp column: a student roster */
};

void roster_cols_find(struct roster_columns *c, const struct csvr *r);

/* One problem of a record. */
struct roster_problem {
	int col;		/* column index */
	int aviso;		/* 1: a warning; 0: an error */
	const char *problema;	/* its code, in Spanish: "curp_longitud" */
	const char *what;	/* the same in English, for messages */
	char esperado[128];	/* the expected value, or "" */
};

#define ROSTER_MAXPROB	16

struct roster_checker;

/* A checker; with dups it remembers every CURP (and an escuelas file's
 * CCTs) to find duplicates, so its memory grows with the students. */
struct roster_checker *roster_checker_new(int dups);
void roster_checker_free(struct roster_checker *k);
/* Start a file: names the duplicates' first place. */
void roster_checker_file(struct roster_checker *k, const char *name);

/* Check one record; returns the number of problems put in p[] (at most
 * ROSTER_MAXPROB). */
size_t roster_check(struct roster_checker *k, const struct roster_columns *c,
		    const struct sate_rec *rec, struct roster_problem *p);

/*
 * The duplicate check apart from the others, so that it can wait until
 * the whole roster is read (sate-roster check, which reads on several
 * threads): a checker made with roster_checker_new(0) writes, for each
 * record roster_check sees, the key the duplicate check would take to
 * where roster_checker_key_to() last said (ok 0 when the record has
 * none: an invalid CURP, a baja).  roster_dup_put then puts the keys, in
 * the order of the lines, in a sate_dups (dups.c), numbering the lines
 * and the schools in a checker of its own (roster_checker_new(0), whose
 * roster_checker_file starts each file); roster_dup_problem makes each
 * duplicate dups_find finds the problem roster_check would have given
 * its record last.
 */
struct roster_dupkey {
	char key[20];		/* the CURP, or an escuelas CCT */
	char cct[12];		/* the record's CCT */
	unsigned long line;
	int16_t col;		/* the problem's column */
	uint8_t school;		/* an escuelas row: the key is the CCT */
	uint8_t ok;
};
void roster_checker_key_to(struct roster_checker *k, struct roster_dupkey *d);
/* The key of d as the duplicate check holds it. */
uint64_t roster_dupkey_id(const struct roster_dupkey *d);
/* Put d's key, id = roster_dupkey_id(d).  The lines are counted across
 * files in 32 bits: past 4,294,967,295 in all it dies. */
void roster_dup_put(struct roster_checker *k, struct sate_dups *ds,
		    const struct roster_dupkey *d, uint64_t id);
/* The number roster_dup_put gives line of the file begun last. */
uint32_t roster_dup_num(const struct roster_checker *k, unsigned long line);
/* Where a duplicate is, and its key as text. */
struct roster_dup_where {
	const char *file;	/* valid while k is */
	unsigned long line;
	const char *column;	/* "curp" or "cct" */
	char value[20];
};
void roster_dup_problem(const struct roster_checker *k,
			const struct sate_dup *d, struct roster_problem *p,
			struct roster_dup_where *w);

/* How normalize tidies a column, by its canonical name. */
enum roster_tidy {
	TIDY_KEEP,		/* as it is */
	TIDY_IDENT,		/* curp, cct: trimmed, upper case */
	TIDY_NAME,		/* names: text_name */
	TIDY_SEXO,		/* H, M or X */
	TIDY_ESTATUS,		/* trimmed, lower case */
	TIDY_FECHA,		/* YYYY-MM-DD */
	TIDY_TRIM		/* grado, grupo, turno, ...: trimmed */
};

enum roster_tidy roster_tidy_kind(const char *colname);
/* Tidy one value into b; *out views it (valid until b grows: take the
 * views after the whole record is done, from the offsets). */
size_t roster_tidy(struct sate_buf *b, enum roster_tidy kind,
		   const char *s, size_t len, size_t *outlen);
/* Whether roster_tidy would give s back as it is (a quick test, without
 * a copy, that may say no for a value it would keep). */
int roster_tidy_same(enum roster_tidy kind, const char *s, size_t len);
/*
 * Whether every field of a plain record (see struct sate_rec) is its own
 * tidy form for the kinds TIDY_NAME, TIDY_TRIM, TIDY_FECHA and TIDY_KEEP:
 * s is the record's bytes from its first field to the end of its last,
 * the fields separated by NULs and s[len] a NUL too (as csvr_next leaves
 * a plain record).
 * True when s holds no control character, no run of spaces, no '/' and
 * no byte text_name looks at; a quick test that may say no.  The other
 * kinds still need roster_tidy_same.
 */
int roster_span_same(const char *s, size_t len);

/* Estatus: 1 enrolled (activo, alta, or empty), 0 left (baja), -1 other. */
int roster_enrolled(const char *s, size_t len);
/* Sex as 'H', 'M' or 'X' (also hombre, mujer, in any case), or 0. */
char roster_sexo(const char *s, size_t len);
/* A birth date as YYYY-MM-DD or DD/MM/YYYY: 0 and *d, or -1; *iso is
 * set when it was already YYYY-MM-DD. */
int roster_parse_fecha(const char *s, size_t len, struct sate_date *d,
		       int *iso);

/* Compare two values: the empty one first, then whole numbers by value,
 * then the others by bytes; a total order (the order of count's and
 * pair's output). */
int roster_cmp(const char *a, size_t alen, const char *b, size_t blen);

/* roster_pair.c: the groups of an Aprendizaje entre escuelas session. */

enum pair_rol { ROL_APOYA, ROL_RECIBE, ROL_SIN_PAR };

struct pair_school {
	const char *cct;	/* unique */
	const char *nivel;	/* schools are grouped within a nivel */
	double need;		/* higher: more need */
	long keep;		/* > 0: the group to keep (--keep) */
	/* out: */
	long grupo;		/* 1, 2, ... */
	enum pair_rol rol;
};

/* Whether two schools (indices) may not share a group (--avoid). */
typedef int (*pair_avoid_fn)(void *arg, size_t a, size_t b);

/*
 * Form the groups: kept groups first (in the order of their keep
 * numbers), then, for each nivel in byte order, the school of least need
 * with the one of most need, the next with the next, the odd one out
 * joining the last pair.  Sets grupo and rol of every school; returns
 * the number of pairs that avoid could not keep apart.
 */
size_t pair_schools(struct pair_school *s, size_t n, pair_avoid_fn avoid,
		    void *arg);
const char *pair_rol_name(enum pair_rol r);

/* curp.c, for the roster checks: the birth date of a valid CURP as
 * "YYYY-MM-DD" and a NUL, the way a roster writes fecha_nacimiento. */
void curp_birth_iso(const char *curp, char iso[11]);

/* ============================================================== roster end */

/* ============================================================== sisat
 * Section owned by the sate-alert work (lib/sisat.c and friends).
 *
 * SisAT early-warning rules: the three-level scale, the instruments'
 * scoring and cut-offs, the rules in force (every threshold and switch,
 * with their key = value file), and the evaluation of one student's row.
 * Pure functions over field views: no I/O but sisat_rules_load() and
 * sisat_rules_print().
 */

/* The three-level scale; 0 is "not assessed". */
enum sisat_level {
	SISAT_NONE = 0,
	SISAT_REQUIERE_APOYO,
	SISAT_EN_DESARROLLO,
	SISAT_ESPERADO
};

/* The traffic light. */
enum sisat_color { SISAT_VERDE, SISAT_AMARILLO, SISAT_ROJO };

/* The rules, in the order motivos lists their flags. */
enum sisat_rule {
	SISAT_LECTURA, SISAT_ESCRITURA, SISAT_CALCULO, SISAT_CALIFICACION,
	SISAT_INASISTENCIA, SISAT_PARTICIPACION, SISAT_CONVIVENCIA,
	SISAT_CONSECUTIVO, SISAT_NRULES
};

/* The skills, the first three rules. */
#define SISAT_NSKILLS 3

struct sisat_rules {
	int on[SISAT_NRULES];		/* each rule switched on or off */
	long absence_pct;		/* inasistencia: faltas >= pct % */
	long min_days;			/* ... judged from this many days */
	long fail_grade;		/* calificacion: a grade <= this */
	long incidents;			/* convivencia: this many incidents */
	long rojo_at;			/* rojo from this many flags */
	long lectura_esperado;		/* lectura total (6-18) cut-offs */
	long lectura_desarrollo;
	long escritura_esperado;	/* the same on the 6-18 scale the */
	long escritura_desarrollo;	/* criteria present are scaled to */
	long calculo_esperado;		/* right answers (0-10) cut-offs */
	long calculo_desarrollo;
	int calculo_iv;			/* an item coded IV is right */
};

/* "lectura", ..., "consecutivo"; NULL past the end. */
const char *sisat_rule_name(enum sisat_rule k);
/* "requiere_apoyo", ...; "" for SISAT_NONE.  "verde", ... */
const char *sisat_level_name(enum sisat_level l);
const char *sisat_color_name(enum sisat_color c);

/* Parse a level: the three names or rojo|amarillo|verde, in any case,
 * with or without accents, with a space or '-' for '_'.  Returns the
 * level, SISAT_NONE for an empty field, or -1. */
int sisat_parse_level(const char *s, size_t len);
/* Parse a traffic light (rojo|amarillo|verde, folded alike): the color,
 * or -1. */
int sisat_parse_color(const char *s, size_t len);

/* Instruments: the level of a lectura total (6-18), of a number of
 * right answers in calculo mental (0-10), and of escritura criteria
 * (their total over n criteria scored 1-3, scaled to 6-18). */
enum sisat_level sisat_lectura_level(const struct sisat_rules *r,
				     long total);
enum sisat_level sisat_calculo_level(const struct sisat_rules *r,
				     long right);
enum sisat_level sisat_escritura_level(const struct sisat_rules *r,
				       long total, long n);

/* The defaults of domain.md 2. */
void sisat_rules_init(struct sisat_rules *r);
/* Set one rule from its key and value (the rules file's and the long
 * options' names).  0; -1 for an unknown key; -2 for a bad value, with
 * what a good one is in *expect. */
int sisat_rules_set(struct sisat_rules *r, const char *key,
		    const char *val, const char **expect);
/* Whether the thresholds agree with each other; NULL, or what is wrong. */
const char *sisat_rules_check(const struct sisat_rules *r);
/* Load a rules file: "key = value" lines, '#' comments, blank lines.
 * 0, or after a message naming the file and line the exit status:
 * SATE_EXIT_IO (cannot read it) or SATE_EXIT_USAGE (a bad line). */
int sisat_rules_load(struct sisat_rules *r, const char *path);
/* Print the rules in the same format, loadable again. */
void sisat_rules_print(const struct sisat_rules *r, FILE *fp);
/* The keys, NULL-terminated, for the long options. */
extern const char *const sisat_rule_keys[];

/*
 * The input columns the rules read ("slots"), each looked up once after
 * the header; idx[slot] is the column or -1.
 */
enum sisat_slot {
	SISAT_S_CCT, SISAT_S_GRADO, SISAT_S_PERIODO,
	SISAT_S_LECTURA, SISAT_S_LECTURA_PUNTOS, SISAT_S_LECTURA_C1,
	SISAT_S_ESCRITURA = SISAT_S_LECTURA_C1 + 6, SISAT_S_ESCRITURA_C1,
	SISAT_S_CALCULO = SISAT_S_ESCRITURA_C1 + 8, SISAT_S_CALCULO_ACIERTOS,
	SISAT_S_CALCULO_R1,
	SISAT_S_CALIF_ESPANOL = SISAT_S_CALCULO_R1 + 10,
	SISAT_S_CALIF_MATEMATICAS, SISAT_S_FALTAS, SISAT_S_DIAS,
	SISAT_S_PARTICIPACION, SISAT_S_CONVIVENCIA, SISAT_NSLOTS
};

/* The column name of a slot ("lectura_c3"), and the second name a level
 * slot also answers to ("nivel_lectura"), or NULL. */
const char *sisat_slot_name(int slot);
const char *sisat_slot_alias(int slot);

/* Where each skill's level comes from. */
enum sisat_source {
	SISAT_SRC_NONE,		/* no column: the rule does not run */
	SISAT_SRC_LEVEL,	/* lectura, escritura, calculo */
	SISAT_SRC_TOTAL,	/* lectura_puntos, calculo_aciertos */
	SISAT_SRC_ITEMS		/* criteria or items */
};

/* What runs on a file, decided once from its header. */
struct sisat_plan {
	int idx[SISAT_NSLOTS];
	enum sisat_source src[SISAT_NSKILLS];
	int level_col[SISAT_NSKILLS];	/* the level column used, or -1 */
	int level_alias[SISAT_NSKILLS];	/* it is nivel_X: set by caller */
	int runs[SISAT_NRULES];		/* on, and its columns present */
};

/* Decide the plan from idx[] (filled by the caller).  0, or -1 with a
 * message in err (a criteria set with a column missing). */
int sisat_plan(struct sisat_plan *p, const struct sisat_rules *r,
	       const int idx[SISAT_NSLOTS], char *err, size_t errsize);
/* "lectura_c1..lectura_c6", "calif_espanol, calif_matematicas", ...:
 * the columns rule k reads under plan p, into buf. */
void sisat_plan_columns(const struct sisat_plan *p, enum sisat_rule k,
			char *buf, size_t size);

/* One student's row, parsed. */
struct sisat_row {
	enum sisat_level level[SISAT_NSKILLS];
	int computed[SISAT_NSKILLS];	/* level from scores, not given */
	int grade[2];			/* español, matemáticas; 0: none */
	long faltas, dias;		/* -1: not given */
	int participa;			/* -1 none, 0 no, 1 yes */
	long incidents;			/* -1 none; -2 the mark "si" */
	/* the previous period, from --previous */
	int prev;			/* 1 when the student was there */
	unsigned prev_apoyo;		/* skills at requiere_apoyo, bits */
	enum sisat_color prev_color;
};

/* The verdict on a row. */
struct sisat_result {
	unsigned flags;			/* bit per rule */
	unsigned consecutive;		/* bit per skill */
	unsigned grade_fail;		/* bit 0 espanol, 1 matematicas */
	int senales;			/* flags, consecutivo not counted */
	enum sisat_color color;
};

/*
 * Parse the fields f of a record under plan p into row (the --previous
 * part is left alone).  Returns 0, or -1 with the column at fault in *col
 * and the message (what follows "column 'x': ") in err.
 */
int sisat_read(const struct sisat_plan *p, const struct sisat_rules *r,
	       const struct sate_field *f, struct sisat_row *row, int *col,
	       char *err, size_t errsize);
/* Apply the rules to a row. */
void sisat_evaluate(const struct sisat_plan *p, const struct sisat_rules *r,
		    const struct sisat_row *row, struct sisat_result *res);
/* motivos: "lectura=requiere_apoyo;inasistencia=5/40" into buf (NUL
 * terminated); returns its length. */
size_t sisat_motivos(const struct sisat_row *row,
		     const struct sisat_result *res, char *buf, size_t size);
/* tendencia of a row with its previous period: "mejora", "igual",
 * "empeora", or "nuevo". */
const char *sisat_tendencia(const struct sisat_row *row,
			    const struct sisat_result *res);

/* ============================================================== sisat end */

/* ============================================================== ledger
 * Section owned by the sate-commit work (lib/ledger.c and friends).
 *
 * The ledger is a CSV file of events, one line each, never rewritten.
 * Every event is a full snapshot of its commitment after the change, so
 * the latest event of an id is the commitment's state.  The lines that
 * one append writes form a batch; lote_resto counts the lines of the
 * batch still to come (0 ends it), so an interrupted batch can be found
 * from the end of the file.
 */

enum ledger_col {
	LC_ID, LC_REGISTRADO, LC_CCT, LC_CICLO, LC_SESION_FECHA,
	LC_SESION_FASE, LC_SESION_NUM, LC_AMBITO, LC_ACUERDO,
	LC_RESPONSABLE, LC_RESULTADO, LC_RECURSOS, LC_FECHA_INICIO,
	LC_FECHA_COMPROMISO, LC_ESTATUS, LC_EVIDENCIA, LC_NOTA, LC_LOTE,
	LEDGER_NCOLS
};

/* The ledger's header, in order, NULL-terminated. */
extern const char *const ledger_cols[LEDGER_NCOLS + 1];

enum ledger_estatus {
	EST_PENDIENTE, EST_EN_PROCESO, EST_CUMPLIDO, EST_NO_CUMPLIDO,
	EST_REPROGRAMADO, EST_CANCELADO, EST_COUNT
};

/* The status named s, or -1. */
int ledger_estatus(const char *s, size_t len);
const char *ledger_estatus_name(int e);
int ledger_closed(int e);		/* cumplido, no_cumplido, cancelado */
/* Whether a commitment may go from status from to status to. */
int ledger_transition_ok(int from, int to);
int ledger_fase_ok(const char *s, size_t len);
/* "2024-2025": two years, the second one after the first. */
int ledger_ciclo_ok(const char *s, size_t len);
/* "2024-10-25T17:05:09-06:00": a real date and time with an offset. */
int ledger_timestamp_ok(const char *s, size_t len);
/* The current local time in that form, NUL-terminated. */
void ledger_timestamp(char buf[32]);

/* An id is CCT-CICLO-N.  ledger_parse_id gives the length of the prefix
 * CCT-CICLO and N (>= 1, no leading zero); -1 when id has no such form. */
int ledger_parse_id(const char *id, size_t len, size_t *prefix, long *n);

/* A problem found in an event. */
struct ledger_problem {
	int col;		/* enum ledger_col, or -1 */
	int keep;		/* the event still counts in the fold */
	char msg[320];		/* "'x' is not a real date (use YYYY-MM-DD)",
				   in English: the problema of verify */
	char text[320];		/* the same in the user's language, for
				   messages */
	char expected[64];	/* the right value, when known */
};

/* Check the commitment's own fields (cct to nota): required ones, CCT
 * check letter, dates, order of dates, phase, school year, status, no
 * line breaks.  Returns 0, or -1 with *p filled. */
int ledger_check_fields(const struct sate_field *ev,
			struct ledger_problem *p);
/* Check id, registrado and lote_resto as written in a ledger line. */
int ledger_check_meta(const struct sate_field *ev, struct ledger_problem *p);

/* The fold: the state of every commitment after the events seen. */
struct ledger;
struct ledger_item {
	char *buf;			/* the latest event's fields */
	size_t cap;
	size_t off[LEDGER_NCOLS];
	size_t len[LEDGER_NCOLS];
	unsigned long first;		/* line of its first event */
	unsigned long last;		/* line of its latest event */
	unsigned long nev;		/* events */
};

/* keep: remember every commitment's state (not needed by add). */
struct ledger *ledger_new(int keep);
void ledger_free(struct ledger *L);
size_t ledger_count(const struct ledger *L);
struct ledger_item *ledger_at(const struct ledger *L, size_t i);
struct ledger_item *ledger_get(const struct ledger *L, const char *id,
			       size_t len);
void ledger_item_fields(const struct ledger_item *it, struct sate_field *f);
/* The next n for a new commitment of cct and ciclo: 1 + the highest. */
long ledger_next_n(const struct ledger *L, const char *cct,
		   const char *ciclo);
/* Check an event against the state of its commitment: the first event
 * of an id is pendiente and its id fits cct and ciclo; later ones keep
 * the commitment's fields, follow the legal transitions, and so on. */
int ledger_check_event(const struct ledger *L, const struct sate_field *ev,
		       struct ledger_problem *p);
/* Check the lote_resto sequence of the next line. */
int ledger_check_batch(struct ledger *L, const struct sate_field *ev,
		       struct ledger_problem *p);
/* Fold an event in. */
void ledger_apply(struct ledger *L, const struct sate_field *ev,
		  unsigned long line);

/*
 * A ledger file, opened and locked (shared to read, exclusive to write or
 * repair) and mapped.  good is where the complete batches end: bytes
 * after it are an interrupted append (a torn last line, or lines of a
 * batch that did not finish), starting at line cut_line.
 */
enum { LEDGER_READ, LEDGER_WRITE, LEDGER_REPAIR };

struct ledger_file {
	char *name;			/* for messages */
	char *path;			/* NULL: standard input */
	int fd;
	int mode;
	char *map;
	size_t size;
	size_t good;
	unsigned long cut_line;
	const char *why;		/* what is wrong after good: an
					   English msgid (verify writes it) */
	int status;			/* after ledger_open failed */
};

/* path NULL or "-": standard input (LEDGER_READ only).  Returns -1 after
 * a message; status then says the exit status: SATE_EXIT_IO, or
 * SATE_EXIT_DATA when the first line is no header the reader accepts
 * (UTF-16, binary, invalid UTF-8), which is checked before the tail.
 * After a failure nothing stays open or allocated. */
int ledger_open(struct ledger_file *lf, const char *path, int mode);
void ledger_close(struct ledger_file *lf);
/* A reader over the complete batches; idx[] gets the column of each
 * ledger column.  exact: the header must be the ledger's, in order (for
 * writers).  flags go to csvr_open_mem.  NULL after a message; *status
 * then says the exit status. */
struct csvr *ledger_reader(struct ledger_file *lf, int exact, int flags,
			   int *idx, int *status);
/* Fold only the ids of the complete batches into L, for the next n,
 * without parsing the lines (an id is the text before a line's first
 * comma); the header must be the ledger's.  0, or -1 after a message. */
int ledger_fold_ids(struct ledger_file *lf, struct ledger *L);
/* The fields of a record in ledger order. */
void ledger_event(const struct sate_rec *rec, const int *idx,
		  struct sate_field *ev);

/* Render events into memory with the CSV writer, then append them all
 * with one write, fsync (and fsync the directory when the header is
 * written too).  On failure the file is cut back to its size before, and
 * -1 is returned after a message. */
struct ledger_batch;
struct ledger_batch *ledger_batch_new(int header);
void ledger_batch_add(struct ledger_batch *b, const struct sate_field *ev);
int ledger_batch_commit(struct ledger_batch *b, struct ledger_file *lf);
void ledger_batch_free(struct ledger_batch *b);

/* Move the bytes after good to NAME.rejected (appended, fsynced) and cut
 * the ledger to good.  LEDGER_REPAIR only.  0, or -1 after a message. */
int ledger_repair(struct ledger_file *lf);

/* ============================================================== ledger end */

/* ============================================================== report
 * Section owned by the sate-report work (lib/report.c and friends).
 *   report.c       aggregation by group, merge, comparison, small-cell
 *                  suppression, the CSV report and its tables
 *   report_out.c   the text, Markdown and HTML document writer
 *   report_zone.c  the monthly zone report
 */

enum rpt_kind { RPT_ALERTS, RPT_COMMITMENTS, RPT_ROSTER, RPT_NKIND };
enum rpt_format { RPT_CSV, RPT_TEXT, RPT_MD, RPT_HTML };

#define RPT_MIN_N_DEFAULT 10

struct rpt;

/* The kind named on the command line ("alerts", "commitments",
 * "roster"), or -1. */
int rpt_kind_by_name(const char *name);
/* The value of the 'informe' column of a kind ("alertas"). */
const char *rpt_informe(enum rpt_kind kind);
/* The format named by --format, or -1. */
int rpt_format_by_name(const char *name);

/*
 * A new, empty report grouped by the comma-separated columns of by (NULL:
 * the kind's default).  NULL after a message when by names a column the
 * kind cannot be grouped by.
 */
struct rpt *rpt_new(enum rpt_kind kind, const char *by);
void rpt_free(struct rpt *p);
enum rpt_kind rpt_kind(const struct rpt *p);

/* Aggregate every record of r, the input of the report's kind (sate-alert
 * output, sate-commit status output, a normalized roster).  0, or an exit
 * status after a message; nothing is left half counted that matters, as
 * the caller then exits. */
int rpt_read(struct rpt *p, struct csvr *r);
/* The kind of the CSV report r (by its header), or -1 after a message. */
int rpt_report_kind(const struct csvr *r);
/* The grouping columns of the CSV report r, comma-separated (allocated). */
char *rpt_report_by(const struct csvr *r);
/* Add a CSV report of the same kind, re-aggregated at p's grouping. */
int rpt_merge(struct rpt *p, struct csvr *r);
/* Read an earlier report of the same kind to compare with (--compare). */
int rpt_compare(struct rpt *p, struct csvr *r);
/* Read the previous period's raw input (sate-alert output) to compare
 * with, as --compare does with a report. */
int rpt_read_previous(struct rpt *p, struct csvr *r);
/* Records read by rpt_read or rpt_merge; by rpt_read_previous or
 * rpt_compare. */
unsigned long rpt_rows(const struct rpt *p);
unsigned long rpt_prev_rows(const struct rpt *p);
/* Distinct values seen in a column of the input ("" when none; several
 * joined by ", "), for the zone report's identification: zona, sector,
 * nivel, ciclo, periodo.  Only after rpt_track_seen, before reading. */
void rpt_track_seen(struct rpt *p);
const char *rpt_seen(const struct rpt *p, const char *col);

/*
 * Sort the groups, sum the total row and, when min_n > 0, mark the cells
 * to suppress: a count of students under min_n (a group under min_n
 * entirely), in alerts a share over 95 %, then complementary cells until
 * no constraint shown (a row's partition, a column's total) has exactly
 * one hidden cell.
 */
void rpt_finish(struct rpt *p, long min_n);

/* The CSV report; with suppress, hidden cells are written empty. */
void rpt_write_csv(const struct rpt *p, struct csvw *w, int suppress);

/* The report in long form for the zone CSV: one record per cell,
 * "informe,seccion,clave,indicador,valor" (the header is the caller's). */
void rpt_write_long(const struct rpt *p, struct csvw *w, const char *seccion,
		    int suppress);

/* A document in text, Markdown or HTML, written with w. */
struct rpt_doc {
	struct csvw *w;
	enum rpt_format fmt;
	int nchart;		/* charts written, for HTML ids */
};

struct rpt_table {
	const char *caption;
	size_t ncol, nrow;	/* nrow includes a total row, if any */
	const char **head;	/* ncol headings */
	char **cell;		/* nrow * ncol strings */
	int nkey;		/* leading columns that are labels */
	int total_last;		/* the last row is a total */
	int barcol;		/* text: a bar of this column's share ends
				   each line; -1 none */
	double *bar;		/* per row, 0-100; < 0 none */
};

struct rpt_chart {
	const char *title;
	int stacked;		/* segments stacked in one bar of 100 %, or
				   one bar per segment */
	size_t nrow, nseg;
	const char **label;	/* nrow labels */
	const char **segname;	/* nseg legend names */
	const char **segcolor;	/* nseg CSS colours */
	double *val;		/* nrow * nseg percentages; a row with a
				   value < 0 is drawn as suppressed */
};

void doc_begin(struct rpt_doc *d, struct csvw *w, enum rpt_format fmt,
	       const char *title);
void doc_end(struct rpt_doc *d);
void doc_heading(struct rpt_doc *d, int level, const char *text);
void doc_para(struct rpt_doc *d, const char *text);
/* An identification list of n name/value pairs (kv[2i], kv[2i+1]). */
void doc_fields(struct rpt_doc *d, const char *const *kv, size_t n);
void doc_table(struct rpt_doc *d, const struct rpt_table *t);
void doc_chart(struct rpt_doc *d, const struct rpt_chart *c);
void rpt_table_free(struct rpt_table *t);

/* Write p's sections (tables, charts, the suppression note) into d. */
void rpt_render(const struct rpt *p, struct rpt_doc *d);
/* The totals now, before and the change, for an alerts report with a
 * previous period. */
void rpt_render_change(const struct rpt *p, struct rpt_doc *d);

/* The monthly zone report. */
struct rpt_zone_opts {
	const char *roster, *alerts, *commitments, *previous;
	const char *rules;	/* a sate-alert --print-rules file */
	const char *corte;	/* cut date, YYYY-MM-DD */
	long min_n;
	int suppress;		/* CSV: hide cells too */
	enum rpt_format fmt;
};

/* 0, or an exit status after a message. */
int rpt_zone(const struct rpt_zone_opts *zo, const struct sate_opts *o,
	     struct csvw *w);

/* ============================================================== report end */

#endif /* SATE_H */

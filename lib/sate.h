/*
 * sate.h - the shared library of the sate programs (libsate.a)
 *
 * One header for everything in lib/:
 *   util.c      program name, die/error/warning, allocation, exit statuses,
 *               the options every program shares
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
 */
#ifndef SATE_H
#define SATE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#ifndef SATE_VERSION
#define SATE_VERSION "0.1.0"
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

/* Set sate_prog from argv[0] (its basename) and register the exit handler
 * that flushes and closes stdout, reporting a write error. */
void sate_init(const char *argv0);

/* "prog: MSG\n" on stderr; die() then exits with status. */
_Noreturn void die(int status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same with a va_list, for wrappers that add a location. */
void sate_vmsg(const char *kind, const char *fmt, va_list ap);

/* Allocation that dies (SATE_EXIT_IO) rather than return NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Input encodings accepted by -e/--encoding. */
enum sate_encoding { SATE_ENC_UTF8, SATE_ENC_LATIN1, SATE_ENC_CP1252 };

/* The options every program shares. */
struct sate_opts {
	char delim;			/* -d: input delimiter, ',' */
	enum sate_encoding enc;		/* -e: input encoding */
	int crlf;			/* --crlf: CRLF line ends on output */
	size_t max_field;		/* --max-field: field size cap, bytes */
};

#define SATE_MAX_FIELD_DEFAULT ((size_t)1 << 20)	/* 1 MiB */

/* Long-option values above any character. */
enum { SATE_OPT_VERSION = 0x100, SATE_OPT_CRLF, SATE_OPT_MAX_FIELD,
       SATE_OPT_FIRST_PROGRAM = 0x200 };

/* Short options and long options every program accepts; a program puts
 * these first in its own tables. */
#define SATE_SHORTOPTS "d:e:h"
#define SATE_LONGOPTS \
	{ "delimiter", required_argument, NULL, 'd' }, \
	{ "encoding", required_argument, NULL, 'e' }, \
	{ "crlf", no_argument, NULL, SATE_OPT_CRLF }, \
	{ "max-field", required_argument, NULL, SATE_OPT_MAX_FIELD }, \
	{ "help", no_argument, NULL, 'h' }, \
	{ "version", no_argument, NULL, SATE_OPT_VERSION }

/* The help text of the shared options.  A program's help text holds the
 * line SATE_HELP_COMMON where they go. */
extern const char sate_common_help[];
#define SATE_HELP_COMMON "@COMMON@\n"
void sate_print_help(const char *help);

void sate_opts_init(struct sate_opts *o);

/*
 * Handle one shared option returned by getopt_long.  Returns 1 when c was
 * a shared option and has been applied, 0 when it is the program's own.
 * -h prints help (the text given, see sate_print_help) on stdout and exits 0; --version prints
 * the version and exits 0; a bad value dies with SATE_EXIT_USAGE.
 */
int sate_common_opt(struct sate_opts *o, int c, const char *arg,
		    const char *help);

/* A bad option or operand: print "usage: SYNOPSIS" and "Try 'CMD --help'
 * for more information." on stderr and exit SATE_EXIT_USAGE.  cmd is the
 * command as typed ("sate-roster check"); NULL means sate_prog. */
_Noreturn void sate_usage(const char *synopsis, const char *cmd);

/* Prepare argv for getopt_long: messages from getopt then start with
 * sate_prog, not the path the program was started by. */
void sate_getopt_prepare(char **argv);

/* Parse a whole number in [min, max]; 0 on success, -1 when s is not one. */
int sate_parse_long(const char *s, long min, long max, long *out);

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

/* A record: valid until the next csvr_next() or csvr_close(). */
struct sate_rec {
	struct sate_field *f;
	size_t n;		/* number of fields */
	unsigned long line;	/* physical line where the record starts */
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

/* After -1 from csvr_next: the exit status the error calls for
 * (SATE_EXIT_DATA or SATE_EXIT_IO), whether reading can go on, and the
 * message without the "prog: " prefix. */
int csvr_status(const struct csvr *r);
int csvr_fatal(const struct csvr *r);
const char *csvr_errmsg(const struct csvr *r);

void csvr_close(struct csvr *r);

const char *csvr_name(const struct csvr *r);	/* "stdin" or the path */
size_t csvr_ncols(const struct csvr *r);
const char *csvr_colname(const struct csvr *r, size_t i); /* canonical */
const char *csvr_rawname(const struct csvr *r, size_t i); /* as in file */
unsigned long csvr_line(const struct csvr *r);	/* current record's line */
unsigned long csvr_records(const struct csvr *r); /* data records read */
unsigned long long csvr_bytes(const struct csvr *r); /* input bytes read */

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

/* ------------------------------------------------------------ csvwrite.c */

/*
 * The CSV writer.  One large buffer; minimal RFC 4180 quoting (a field is
 * quoted only when it holds the delimiter, a quote, CR or LF, or starts or
 * ends with a space); LF line ends unless crlf.  A write error dies with
 * "write error: REASON" (SATE_EXIT_IO); a closed pipe (EPIPE) exits
 * quietly.
 */
struct csvw {
	int fd;
	char delim;
	int crlf;
	int nfield;		/* fields written in the current record */
	size_t len;
	size_t cap;
	char *buf;
};

/* The writer for stdout, flushed by the exit handler sate_init() sets. */
extern struct csvw *sate_out;
void csvw_setup(const struct sate_opts *o);

void csvw_init(struct csvw *w, int fd, char delim, int crlf);
void csvw_field(struct csvw *w, const char *p, size_t len);
void csvw_str(struct csvw *w, const char *s);
void csvw_long(struct csvw *w, long v);
void csvw_printf(struct csvw *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void csvw_endrec(struct csvw *w);
/* Write a whole record of fields. */
void csvw_rec(struct csvw *w, const struct sate_field *f, size_t n);
/* Raw bytes, no quoting (text and HTML output). */
void csvw_raw(struct csvw *w, const char *p, size_t len);
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

/* ============================================================== roster end */

/* ============================================================== sisat
 * Section owned by the sate-alert work (lib/sisat.c and friends).
 */

/* ============================================================== sisat end */

/* ============================================================== ledger
 * Section owned by the sate-commit work (lib/ledger.c and friends).
 */

/* ============================================================== ledger end */

/* ============================================================== report
 * Section owned by the sate-report work (lib/report.c and friends).
 */

/* ============================================================== report end */

#endif /* SATE_H */

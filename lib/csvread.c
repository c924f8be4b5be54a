/*
 * csvread.c - the streaming CSV reader, over libcsv
 *
 * The input is read in large blocks and fed to libcsv one physical line
 * at a time, so every record knows the line where it starts and every
 * parse error the line where it happens.  Fields are copied into one
 * record buffer (no allocation per field) and handed out as views once
 * the record is complete.  Memory is bounded by the longest record.
 *
 * libcsv's traps (Debian 3.0.3) and what is done about each:
 * - it trims spaces around unquoted fields: a space function that
 *   returns 0 keeps data as it is;
 * - it drops blank lines: we skip them too, but count them;
 * - it does not know byte order marks: we strip a UTF-8 BOM and refuse
 *   a UTF-16 one before libcsv sees the bytes;
 * - an unterminated quote swallows the file: CSV_STRICT|CSV_STRICT_FINI;
 * - after an error csv_fini emits a bogus record: we never call it then;
 * - fields of a failing record were already delivered: we act only at
 *   the end of the record;
 * - no field size cap: a realloc function that refuses past the cap.
 */
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <csv.h>

#include <sys/stat.h>

#include "sate.h"

#define READ_SIZE	(1 << 20)
#define CSV_BLOCK	(64 << 10)
#define CHUNK_SIZE	((size_t)1 << 20)	/* csvr_chunk's */
#define CAP_SLACK	16
/* The most fields a record may have: what Excel and LibreOffice hold.
 * Fields past it are counted, never stored, so a line of a million
 * commas costs no more memory than one of 16384. */
#define MAX_FIELDS	16384

struct csvr {
	char *name;
	int fd;
	const char *mem;		/* csvr_open_mem: the input */
	size_t memlen, mempos;
	int flags;
	struct csv_parser p;
	iconv_t cd;			/* (iconv_t)-1: input is UTF-8 */
	enum sate_encoding enc;
	size_t max_field;

	char *raw;			/* bytes as read */
	char *conv;			/* bytes converted to UTF-8 */
	size_t convcap;
	char *buf;			/* the current block */
	size_t len, pos;
	int eof, done, started;
	char term;			/* line terminator: '\n' or '\r' */
	unsigned long long nbytes;

	unsigned long line;		/* line of the next byte fed */
	unsigned long rec_line;		/* where the current record starts */
	unsigned long field_line;	/* where the current field starts */
	int at_boundary;

	/* the record being assembled */
	char *rb;
	size_t rblen, rbcap;
	size_t *off;
	struct sate_field *fv;
	size_t nf, fcap;
	size_t nwide;			/* fields past MAX_FIELDS, not stored */
	int nrecend;			/* records ended in this feed */
	int bad;			/* 0, or what is wrong in a field */
	size_t bad_col;
	unsigned char bad_byte;
	size_t long_len;

	struct sate_rec rec;
	unsigned long nrec;

	unsigned char cls[256];		/* byte classes for the fast path */

	size_t ncols;
	char **cols;
	char **rawcols;

	int fatal;
	int status;
	char err[1024];
	int defer;		/* csvr_defer_errors: keep, not print */
	char errl[1024];	/* then the message as it would print */

	struct sate_progress prog;	/* --progress: ticked per block */

	char *carry;		/* csvr_chunk: bytes read past the last cut */
	size_t ncarry, capcarry;
	int chunked;		/* csvr_chunk has read from here on */
	unsigned long long chunk_bytes;	/* of the records counted done */
	int nochunk;		/* and then left the rest to csvr_next */
	size_t chunk_size;	/* CHUNK_SIZE, but in tests */
};

enum { BAD_NONE, BAD_NUL, BAD_UTF8, BAD_LONG };

/* Byte classes of the fast path. */
enum { C_PLAIN, C_DELIM, C_TERM, C_OTHER, C_CHECK };

static int open_status;

/* libcsv's realloc function has no user data: the cap is per process. */
static size_t field_cap = SATE_MAX_FIELD_DEFAULT;

static void *
capped_realloc(void *p, size_t n)
{
	if (n > field_cap + CAP_SLACK)
		return NULL;
	return realloc(p, n);
}

static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

/*
 * Validate UTF-8 and the absence of NUL.  Returns BAD_NONE, or BAD_NUL or
 * BAD_UTF8 with *bad the offending byte.
 */
static int
check_text(const unsigned char *s, size_t n, unsigned char *bad)
{
	const uint64_t ones = 0x0101010101010101ULL;
	const uint64_t highs = 0x8080808080808080ULL;
	size_t i = 0;
	uint64_t v;
	unsigned c;
	int k;

	for (;;) {
		while (i + 8 <= n) {
			memcpy(&v, s + i, 8);
			if (((v | (v - ones)) & highs) != 0)
				break;
			i += 8;
		}
		if (i >= n)
			return BAD_NONE;
		c = s[i];
		if (c == 0) {
			*bad = 0;
			return BAD_NUL;
		}
		if (c < 0x80) {
			i++;
			continue;
		}
		*bad = (unsigned char)c;
		if (c >= 0xC2 && c <= 0xDF)
			k = 1;
		else if (c >= 0xE0 && c <= 0xEF)
			k = 2;
		else if (c >= 0xF0 && c <= 0xF4)
			k = 3;
		else
			return BAD_UTF8;
		if (i + (size_t)k >= n)	/* truncated */
			return BAD_UTF8;
		if ((s[i + 1] & 0xC0) != 0x80)
			return BAD_UTF8;
		if (c == 0xE0 && s[i + 1] < 0xA0)	/* overlong */
			return BAD_UTF8;
		if (c == 0xED && s[i + 1] > 0x9F)	/* surrogate */
			return BAD_UTF8;
		if (c == 0xF0 && s[i + 1] < 0x90)	/* overlong */
			return BAD_UTF8;
		if (c == 0xF4 && s[i + 1] > 0x8F)	/* > U+10FFFF */
			return BAD_UTF8;
		if (k >= 2 && (s[i + 2] & 0xC0) != 0x80)
			return BAD_UTF8;
		if (k == 3 && (s[i + 3] & 0xC0) != 0x80)
			return BAD_UTF8;
		i += (size_t)k + 1;
	}
}

static void
on_field(void *s, size_t len, void *data)
{
	struct csvr *r = data;
	size_t need;
	unsigned char b;
	int bad;

	if (r->nf == MAX_FIELDS) {
		r->nwide++;
		r->field_line = r->line;
		return;
	}
	if (r->nf == r->fcap) {
		r->fcap *= 2;
		r->off = xrealloc(r->off, r->fcap * sizeof *r->off);
		r->fv = xrealloc(r->fv, r->fcap * sizeof *r->fv);
	}
	if (len > r->max_field && r->bad != BAD_LONG) {
		r->bad = BAD_LONG;
		r->bad_col = r->nf;
		r->long_len = len;
		len = 0;
	}
	need = r->rblen + len + 1;
	if (need > r->rbcap) {
		while (need > r->rbcap)
			r->rbcap *= 2;
		r->rb = xrealloc(r->rb, r->rbcap);
	}
	if (len > 0) {
		memcpy(r->rb + r->rblen, s, len);
		if (r->bad == BAD_NONE &&
		    (bad = check_text((unsigned char *)s, len, &b)) != 0) {
			r->bad = bad;
			r->bad_col = r->nf;
			r->bad_byte = b;
		}
	}
	r->rb[r->rblen + len] = '\0';
	r->off[r->nf] = r->rblen;
	r->fv[r->nf].len = len;
	r->nf++;
	r->rblen += len + 1;
	r->field_line = r->line;
}

static void
on_record(int c, void *data)
{
	struct csvr *r = data;

	(void)c;
	r->nrecend++;
	r->at_boundary = 1;
}

/* Format "FILE:LINE: column 'NAME': " into buf. */
/* "NAME:LINE: column 'C': " into buf; l10n: in the user's language. */
static size_t
location(const struct csvr *r, unsigned long line, long col, int l10n,
    char *buf, size_t size)
{
	int n;

	if (line > 0)
		n = snprintf(buf, size, "%s:%lu: ", r->name, line);
	else
		n = snprintf(buf, size, "%s: ", r->name);
	if (n < 0)
		return 0;
	if ((size_t)n >= size)
		return size - 1;
	if (col >= 0) {
		int m;

		if ((size_t)col < r->ncols)
			m = snprintf(buf + n, size - (size_t)n,
			    l10n ? _("column '%s': ") : "column '%s': ",
			    r->cols[col]);
		else
			m = snprintf(buf + n, size - (size_t)n,
			    l10n ? _("column %ld: ") : "column %ld: ",
			    col + 1);
		if (m > 0)
			n += m;
	}
	return (size_t)n < size ? (size_t)n : size - 1;
}

/* Record an error; print it unless quiet.  Returns -1.  The message kept
 * for csvr_errmsg() stays in English (sate-commit verify writes it into
 * CSV); the one printed is in the user's language. */
static int
fail(struct csvr *r, int fatal, int status, unsigned long line, long col,
    const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static int
fail(struct csvr *r, int fatal, int status, unsigned long line, long col,
    const char *fmt, ...)
{
	va_list ap;
	size_t n;

	n = location(r, line, col, 0, r->err, sizeof r->err);
	va_start(ap, fmt);
	vsnprintf(r->err + n, sizeof r->err - n, fmt, ap);
	va_end(ap);
	r->fatal = r->fatal || fatal;
	r->status = status;
	if (!(r->flags & CSVR_QUIET)) {
		char buf[sizeof r->err];

		n = location(r, line, col, 1, buf, sizeof buf);
		va_start(ap, fmt);
		vsnprintf(buf + n, sizeof buf - n, _(fmt), ap);
		va_end(ap);
		if (r->defer)
			memcpy(r->errl, buf, sizeof buf);
		else
			sate_msg(NULL, buf);
	}
	return -1;
}

static void
detect_term(struct csvr *r)
{
	const char *nl, *cr;

	nl = memchr(r->buf + r->pos, '\n', r->len - r->pos);
	cr = memchr(r->buf + r->pos, '\r', r->len - r->pos);
	r->term = '\n';
	if (cr != NULL && (nl == NULL || cr < nl) &&
	    cr + 1 < r->buf + r->len && cr[1] != '\n')
		r->term = '\r';
	r->cls[(unsigned char)r->term] = C_TERM;
}

/* The progress line, per block read (n bytes; 0 at the end).  Out of
 * line and called from read_full: where fill() called it, the record
 * loop that fill() is inlined into compiled to one more instruction per
 * field (callgrind); from here it costs nothing per record.  Input read
 * in chunks is read ahead of its records: the line ends with the last
 * record (next_record), not with the last block. */
static void __attribute__((noinline, cold))
progress_block(struct csvr *r, ssize_t n)
{
	if (n > 0) {
		if (r->started && !r->chunked)	/* the blocks before are
						   consumed */
			sate_progress_tick(&r->prog, r->nrec, r->nbytes);
	} else if (!r->chunked || r->done) {
		sate_progress_end(&r->prog);
	}
}

static ssize_t
read_full(struct csvr *r, char *buf, size_t size)
{
	ssize_t n;

	if (r->mem != NULL) {
		n = (ssize_t)(r->memlen - r->mempos < size ?
		    r->memlen - r->mempos : size);
		memcpy(buf, r->mem + r->mempos, (size_t)n);
		r->mempos += (size_t)n;
		return n;
	}

	do
		n = read(r->fd, buf, size);
	while (n < 0 && errno == EINTR);
	if (__builtin_expect(r->prog.on, 0) && n >= 0)
		progress_block(r, n);
	return n;
}

/* Read the next block into r->buf.  Returns 0 or -1. */
static int
fill(struct csvr *r)
{
	ssize_t n;
	size_t got = 0, skip = 0;
	const unsigned char *u;

	if (!r->started) {
		/* Read at least 3 bytes, to see a byte order mark. */
		while (got < 3) {
			n = read_full(r, r->raw + got, READ_SIZE - got);
			if (n <= 0)
				break;
			got += (size_t)n;
		}
		if (n >= 0 || got > 0)
			n = (ssize_t)got;
	} else {
		n = read_full(r, r->raw, READ_SIZE);
	}
	if (n < 0)
		return fail(r, 1, SATE_EXIT_IO, 0, -1, "read error: %s",
		    strerror(errno));
	if (n == 0) {
		r->eof = 1;
		r->len = r->pos = 0;
		return 0;
	}
	r->nbytes += (unsigned long long)n;
	u = (const unsigned char *)r->raw;
	if (!r->started) {
		r->started = 1;
		if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) ||
		    (u[0] == 0xFE && u[1] == 0xFF)))
			return fail(r, 1, SATE_EXIT_DATA, 0, -1,
			    "input is UTF-16 (it starts with a UTF-16 byte "
			    "order mark; convert it first: iconv -f UTF-16 "
			    "-t UTF-8)");
		if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
			if (r->enc != SATE_ENC_UTF8)
				return fail(r, 1, SATE_EXIT_DATA, 0, -1,
				    "input starts with a UTF-8 byte order "
				    "mark, but --encoding is not utf-8 "
				    "(drop --encoding)");
			skip = 3;
		}
	}
	if (r->cd == (iconv_t)-1) {
		r->buf = r->raw + skip;
		r->len = (size_t)n - skip;
	} else {
		char *in = r->raw, *out = r->conv;
		size_t inleft = (size_t)n, outleft = r->convcap;

		if (iconv(r->cd, &in, &inleft, &out, &outleft) == (size_t)-1)
			return fail(r, 1, SATE_EXIT_DATA, 0, -1,
			    "byte 0x%02X at offset %llu is not %s "
			    "(try --encoding latin1)",
			    (unsigned char)*in,
			    r->nbytes - (unsigned long long)inleft,
			    r->enc == SATE_ENC_CP1252 ? "windows-1252" :
			    "latin1");
		r->buf = r->conv;
		r->len = r->convcap - outleft;
	}
	r->pos = 0;
	if (r->term == 0)
		detect_term(r);
	return 0;
}

static int
is_blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != '\n' && s[i] != '\r')
			return 0;
	return 1;
}

/* The record is complete: check it and hand it out. */
static int
deliver(struct csvr *r, struct sate_rec **rec)
{
	unsigned long line = r->rec_line;

	if (r->nrecend > 1)
		return fail(r, 1, SATE_EXIT_DATA, line, -1,
		    "a carriage return (CR) ends a record inside the line "
		    "(the file mixes line ends; convert it with dos2unix)");
	if (r->nwide > 0 && r->ncols == 0)
		return fail(r, 1, SATE_EXIT_DATA, line, -1,
		    "the header has %zu columns, more than %d (the most a "
		    "spreadsheet holds)", r->nf + r->nwide, MAX_FIELDS);
	switch (r->bad) {
	case BAD_NUL:
		return fail(r, 1, SATE_EXIT_DATA, line, (long)r->bad_col,
		    "NUL byte in the data (is the file UTF-16 or binary?)");
	case BAD_LONG:
		return fail(r, 1, SATE_EXIT_DATA, line, (long)r->bad_col,
		    "field longer than the cap of %zu bytes (raise it with "
		    "--max-field)", r->max_field);
	case BAD_UTF8:
		return fail(r, 0, SATE_EXIT_DATA, line, (long)r->bad_col,
		    "invalid UTF-8 (byte 0x%02X); if the file is Latin-1 "
		    "or Windows-1252, use --encoding latin1",
		    r->bad_byte);
	default:
		break;
	}
	/* Two msgids rather than ngettext: the English is kept too. */
	if (r->ncols > 0 && r->nf + r->nwide != r->ncols)
		return fail(r, 0, SATE_EXIT_DATA, line, -1,
		    r->nf + r->nwide == 1 ?
		    N_("%zu field, but the header has %zu") :
		    N_("%zu fields, but the header has %zu"), r->nf + r->nwide,
		    r->ncols);
	r->rec.f = r->fv;
	r->rec.n = r->nf;
	r->rec.line = line;
	*rec = &r->rec;
	return 1;
}

/* A record assembled by libcsv in r->rb. */
static int
deliver_assembled(struct csvr *r, struct sate_rec **rec)
{
	size_t i;

	for (i = 0; i < r->nf; i++)
		r->fv[i].p = r->rb + r->off[i];
	r->rec.plain = 0;
	return deliver(r, rec);
}

/*
 * The fast path: at a record boundary, a whole line with no quote and no
 * stray CR is split here, without libcsv and without copying: the views
 * point into the block, with the delimiters overwritten by NULs.  This
 * is exactly what libcsv does with such a line (no trimming: see
 * no_space).  Returns 1 with a record (or a blank line skipped: 2), or 0
 * when the line needs libcsv; then nothing was consumed.
 */
static int
fast_line(struct csvr *r)
{
	char *s = r->buf + r->pos, *end = r->buf + r->len, *p = s;
	char *start = s, *eol;
	const unsigned char *cls = r->cls;
	size_t nf = 0, i;
	int check = 0;
	unsigned char b;

	for (;; p++) {
		if (p == end)
			return 0;	/* partial line: libcsv streams it */
		switch (cls[(unsigned char)*p]) {
		case C_PLAIN:
			continue;
		case C_CHECK:
			check = 1;
			continue;
		case C_DELIM:
			if (nf + 1 == MAX_FIELDS)
				return 0;	/* libcsv counts the rest */
			if (nf == r->fcap) {
				r->fcap *= 2;
				r->off = xrealloc(r->off,
				    r->fcap * sizeof *r->off);
				r->fv = xrealloc(r->fv,
				    r->fcap * sizeof *r->fv);
			}
			r->fv[nf].p = start;
			r->fv[nf].len = (size_t)(p - start);
			nf++;
			start = p + 1;
			continue;
		case C_TERM:
			break;
		default:	/* a quote, or a CR to look at */
			if (*p == '\r' && r->term == '\n' && p + 1 < end &&
			    p[1] == '\n')
				break;
			return 0;
		}
		break;
	}
	eol = p;
	r->pos = (size_t)(p - r->buf) + (*p == '\r' && r->term == '\n' ?
	    2 : 1);
	r->rec_line = r->line++;
	if (eol == s && nf == 0)
		return 2;	/* blank line */
	if (nf == r->fcap) {
		r->fcap *= 2;
		r->off = xrealloc(r->off, r->fcap * sizeof *r->off);
		r->fv = xrealloc(r->fv, r->fcap * sizeof *r->fv);
	}
	r->fv[nf].p = start;
	r->fv[nf].len = (size_t)(eol - start);
	nf++;
	r->nf = nf;
	r->rec.plain = r->cls[','] == C_DELIM;
	for (i = 0; i < nf; i++) {
		char *f = (char *)r->fv[i].p;
		size_t len = r->fv[i].len;

		if (len > 0 && (f[0] == ' ' || f[len - 1] == ' '))
			r->rec.plain = 0;
		f[len] = '\0';
		/* A field over the cap outranks every other problem, as it
		 * does where libcsv stops at it. */
		if (len > r->max_field && r->bad != BAD_LONG) {
			r->bad = BAD_LONG;
			r->bad_col = i;
		}
		if (check && r->bad == BAD_NONE &&
		    (r->bad = check_text((const unsigned char *)f, len,
		    &b)) != BAD_NONE) {
			r->bad_col = i;
			r->bad_byte = b;
		}
	}
	r->nrecend = 1;
	return 1;
}

static int
parse_error(struct csvr *r)
{
	long col = (long)(r->nf + r->nwide);

	if (r->bad == BAD_LONG)		/* an earlier field was over it */
		col = (long)r->bad_col;
	if (csv_error(&r->p) == CSV_ENOMEM &&
	    csv_get_buffer_size(&r->p) + CSV_BLOCK > field_cap)
		return fail(r, 1, SATE_EXIT_DATA, r->field_line, col,
		    "field longer than the cap of %zu bytes (raise it "
		    "with --max-field)", r->max_field);
	if (csv_error(&r->p) != CSV_EPARSE)
		return fail(r, 1, SATE_EXIT_IO, r->line, col, "%s",
		    csv_strerror(csv_error(&r->p)));
	return fail(r, 1, SATE_EXIT_DATA, r->line, col,
	    "stray quote: a quote inside an unquoted field, or text after "
	    "a closing quote (quote the whole field and double the quotes "
	    "inside it)");
}

static int
next_record(struct csvr *r, struct sate_rec **rec)
{
	const char *s, *nl;
	size_t n, fed;

	if (r->fatal)
		return -1;
	r->nrecend = 0;
	r->nf = 0;
	r->nwide = 0;
	r->rblen = 0;
	r->bad = BAD_NONE;
	for (;;) {
		if (r->pos == r->len) {
			if (r->eof)
				break;
			if (fill(r) < 0)
				return -1;
			continue;
		}
		if (r->at_boundary && !(r->flags & CSVR_LIBCSV_ONLY)) {
			int k = fast_line(r);

			if (k == 1)
				return deliver(r, rec);
			if (k == 2)
				continue;
		}
		s = r->buf + r->pos;
		n = r->len - r->pos;
		nl = memchr(s, r->term, n);
		if (nl != NULL)
			n = (size_t)(nl - s) + 1;
		if (r->at_boundary) {
			if (is_blank(s, n)) {
				r->pos += n;
				if (nl != NULL)
					r->line++;
				continue;
			}
			r->at_boundary = 0;
			r->rec_line = r->field_line = r->line;
		}
		fed = csv_parse(&r->p, s, n, on_field, on_record, r);
		if (fed < n || csv_error(&r->p) != CSV_SUCCESS)
			return parse_error(r);
		/*
		 * A record ends only at the end of a fed line.  If libcsv
		 * ended one and then began another in the same line (a bare
		 * CR inside it), its state is no longer "row not begun":
		 * pstate is a public member of struct csv_parser, and
		 * ROW_NOT_BEGUN is 0 in libcsv 3.0.3.
		 */
		if (r->nrecend > 0 && r->p.pstate != 0)
			r->nrecend++;
		r->pos += n;
		if (nl != NULL)
			r->line++;
		if (r->nrecend > 0)
			return deliver_assembled(r, rec);
	}
	/* End of input. */
	if (r->done)
		return 0;
	r->done = 1;
	if (r->prog.on)
		progress_block(r, 0);
	if (csv_fini(&r->p, on_field, on_record, r) != 0)
		return fail(r, 1, SATE_EXIT_DATA, r->field_line,
		    (long)(r->nf + r->nwide), "quoted field not closed: the quote opened "
		    "on line %lu runs to the end of the input",
		    r->field_line);
	if (r->nrecend > 0)
		return deliver_assembled(r, rec);
	return 0;
}

int
csvr_next(struct csvr *r, struct sate_rec **rec)
{
	int rc = next_record(r, rec);

	if (rc > 0)
		r->nrec++;
	return rc;
}

static int
read_header(struct csvr *r)
{
	struct sate_rec *h;
	struct sate_map *seen;
	size_t i, j, *first;
	int rc, isnew;

	rc = next_record(r, &h);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		if (r->flags & CSVR_EMPTY_OK)
			return 0;
		return fail(r, 1, SATE_EXIT_DATA, 0, -1,
		    "empty input (a header line was expected)");
	}
	r->cols = xcalloc(h->n, sizeof *r->cols);
	r->rawcols = xcalloc(h->n, sizeof *r->rawcols);
	r->ncols = h->n;
	for (i = 0; i < h->n; i++) {
		r->rawcols[i] = xstrndup(h->f[i].p, h->f[i].len);
		r->cols[i] = sate_canonical_name(h->f[i].p, h->f[i].len);
	}
	/* Duplicates through a map: a header of a million columns must
	 * not cost a million squared comparisons. */
	seen = map_new(sizeof(size_t));
	for (i = 0; i < r->ncols; i++) {
		if (r->cols[i][0] == '\0') {
			map_free(seen);
			return fail(r, 1, SATE_EXIT_DATA, h->line, -1,
			    "column %zu of the header has no name", i + 1);
		}
		first = map_put(seen, r->cols[i], strlen(r->cols[i]), &isnew);
		if (!isnew) {
			j = *first;
			map_free(seen);
			return fail(r, 1, SATE_EXIT_DATA, h->line, -1,
			    "duplicate column '%s' (columns %zu '%s' and %zu "
			    "'%s')", r->cols[i], j + 1, r->rawcols[j], i + 1,
			    r->rawcols[i]);
		}
		*first = i;
	}
	map_free(seen);
	return 0;
}

/* libcsv and the record buffers. */
static void
parser_init(struct csvr *r, char delim)
{
	if (csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		die(SATE_EXIT_IO, "out of memory");
	csv_set_delim(&r->p, (unsigned char)delim);
	csv_set_space_func(&r->p, no_space);
	csv_set_realloc_func(&r->p, capped_realloc);
	csv_set_blk_size(&r->p, CSV_BLOCK);
	r->rbcap = 4096;
	r->rb = xmalloc(r->rbcap);
	r->fcap = 64;
	r->off = xmalloc(r->fcap * sizeof *r->off);
	r->fv = xmalloc(r->fcap * sizeof *r->fv);
}

static struct csvr *
reader_new(const char *name, const struct sate_opts *o, int flags)
{
	struct csvr *r;
	struct sate_opts def;

	if (o == NULL) {
		sate_opts_init(&def);
		o = &def;
	}
	r = xcalloc(1, sizeof *r);
	r->name = xstrdup(name);
	r->flags = flags;
	r->cd = (iconv_t)-1;
	r->enc = o->enc;
	r->max_field = o->max_field;
	r->line = 1;
	r->at_boundary = 1;
	r->chunk_size = CHUNK_SIZE;
	field_cap = o->max_field;
	memset(r->cls, C_PLAIN, sizeof r->cls);
	memset(r->cls + 0x80, C_CHECK, 0x80);
	r->cls[0] = C_CHECK;
	r->cls['"'] = C_OTHER;
	r->cls['\r'] = C_OTHER;
	r->cls['\n'] = C_OTHER;
	r->cls[(unsigned char)o->delim] = C_DELIM;
	if (o->enc != SATE_ENC_UTF8) {
		r->cd = iconv_open("UTF-8", o->enc == SATE_ENC_CP1252 ?
		    "WINDOWS-1252" : "ISO-8859-1");
		if (r->cd == (iconv_t)-1)
			die(SATE_EXIT_IO, "iconv: %s", strerror(errno));
		r->convcap = (size_t)READ_SIZE * 3;
		r->conv = xmalloc(r->convcap);
	}
	r->raw = xmalloc(READ_SIZE);
	parser_init(r, o->delim);
	return r;
}

static struct csvr *
reader_start(struct csvr *r)
{
	if (read_header(r) < 0) {
		open_status = r->status;
		csvr_close(r);
		return NULL;
	}
	return r;
}

struct csvr *
csvr_open(const char *path, const struct sate_opts *o, int flags)
{
	struct csvr *r;
	int fd = 0;

	if (path != NULL && strcmp(path, "-") != 0) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			if (!(flags & CSVR_QUIET))
				error("cannot open %s: %s", path,
				    strerror(errno));
			open_status = SATE_EXIT_IO;
			return NULL;
		}
		(void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	}
	r = reader_new(fd == 0 ? "stdin" : path, o, flags);
	r->fd = fd;
	if (o != NULL)
		sate_progress_begin(&r->prog, o->progress, fd, r->name);
	return reader_start(r);
}

struct csvr *
csvr_open_mem(const char *buf, size_t len, const char *name,
    const struct sate_opts *o, int flags)
{
	struct csvr *r = reader_new(name, o, flags);

	r->fd = -1;
	r->mem = buf;
	r->memlen = len;
	return reader_start(r);
}

int
csvr_open_status(void)
{
	return open_status;
}

void
csvr_close(struct csvr *r)
{
	size_t i;

	if (r == NULL)
		return;
	sate_progress_end(&r->prog);
	if (r->fd > 0)
		close(r->fd);
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	csv_free(&r->p);
	for (i = 0; i < r->ncols; i++) {
		free(r->cols[i]);
		free(r->rawcols[i]);
	}
	free(r->cols);
	free(r->rawcols);
	free(r->raw);
	free(r->carry);
	free(r->conv);
	free(r->rb);
	free(r->off);
	free(r->fv);
	free(r->name);
	free(r);
}

int
csvr_status(const struct csvr *r)
{
	return r->status;
}

int
csvr_fatal(const struct csvr *r)
{
	return r->fatal;
}

const char *
csvr_errmsg(const struct csvr *r)
{
	return r->err;
}

const char *
csvr_name(const struct csvr *r)
{
	return r->name;
}

size_t
csvr_size(const struct csvr *r)
{
	struct stat st;

	if (r->mem != NULL)
		return r->memlen;
	if (fstat(r->fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size < 0)
		return 0;
	return (size_t)st.st_size;
}

size_t
csvr_ncols(const struct csvr *r)
{
	return r->ncols;
}

const char *
csvr_colname(const struct csvr *r, size_t i)
{
	return i < r->ncols ? r->cols[i] : NULL;
}

const char *
csvr_rawname(const struct csvr *r, size_t i)
{
	return i < r->ncols ? r->rawcols[i] : NULL;
}

unsigned long
csvr_line(const struct csvr *r)
{
	return r->rec_line;
}

unsigned long
csvr_records(const struct csvr *r)
{
	return r->nrec;
}

unsigned long long
csvr_bytes(const struct csvr *r)
{
	return r->nbytes;
}

int
csvr_col(const struct csvr *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->ncols; i++)
		if (strcmp(r->cols[i], name) == 0)
			return (int)i;
	return -1;
}

int
csvr_require(const struct csvr *r, const char *const *names, int *idx)
{
	char list[512];
	size_t i, n = 0;
	int k;

	for (k = 0; names[k] != NULL; k++) {
		idx[k] = csvr_col(r, names[k]);
		if (idx[k] >= 0)
			continue;
		list[0] = '\0';
		for (i = 0; i < r->ncols && n + 8 < sizeof list; i++) {
			int m = snprintf(list + n, sizeof list - n, "%s%s",
			    i ? ", " : "", r->cols[i]);
			if (m < 0 || (size_t)m >= sizeof list - n) {
				snprintf(list + n, sizeof list - n, ", ...");
				break;
			}
			n += (size_t)m;
		}
		return error("%s: missing column '%s' (the columns are: %s)",
		    r->name, names[k], r->ncols ? list : _("none"));
	}
	return 0;
}

static void
vreport(const struct csvr *r, unsigned long line, const char *kind, int col,
    const char *fmt, va_list ap)
{
	char buf[1024];
	size_t n;

	n = location(r, line, col, 1, buf, sizeof buf);
	vsnprintf(buf + n, sizeof buf - n, _(fmt), ap);
	sate_msg(kind, buf);
}

void
csvr_defer_errors(struct csvr *r)
{
	r->defer = 1;
}

void
csvr_print_error(const struct csvr *r)
{
	if (!(r->flags & CSVR_QUIET))
		sate_msg(NULL, r->errl);
}

int
csvr_error(const struct csvr *r, int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(r, r->rec_line, NULL, col, fmt, ap);
	va_end(ap);
	return -1;
}

int
csvr_error_at(const struct csvr *r, unsigned long line, int col,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(r, line, NULL, col, fmt, ap);
	va_end(ap);
	return -1;
}

void
csvr_warning(const struct csvr *r, int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(r, r->rec_line, _("warning"), col, fmt, ap);
	va_end(ap);
}

void
csvr_warning_at(const struct csvr *r, unsigned long line, int col,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(r, line, _("warning"), col, fmt, ap);
	va_end(ap);
}

/* ------------------------------------------------------------ chunks */

/*
 * Cutting the input into chunks of whole records, for threads that read
 * them at once (csvr_chunk).  A chunk starts where a record starts, and
 * the first cut is right after the header.  A record ends at a line end
 * outside quotes; so, in the CSV libcsv accepts, at a line end after an
 * even number of quotes from the chunk's start (a quote inside a quoted
 * field is doubled).  In input libcsv refuses, a count can be wrong, but
 * only past the first quote libcsv refuses: the chunk with it, read
 * from a true start, stops there, as reading it in one piece would,
 * with the same message, and the chunks after it are never used.
 */

/* How many of s[0..n) are c; sixteen at a time with SSE2. */
static size_t
count_byte(const char *s, size_t n, char c)
{
	size_t i = 0, k = 0;
#ifdef __SSE2__
	const __m128i want = _mm_set1_epi8(c), z = _mm_setzero_si128();

	while (n - i >= 16) {
		__m128i acc = z;
		size_t stop = n - i >= 255 * 16 ? i + 255 * 16 :
		    i + (n - i) / 16 * 16;

		for (; i < stop; i += 16)	/* each match adds 1 */
			acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(_mm_loadu_si128(
			    (const __m128i *)(const void *)(s + i)), want));
		acc = _mm_sad_epu8(acc, z);
		k += (size_t)_mm_cvtsi128_si32(acc) +
		    (size_t)_mm_cvtsi128_si32(_mm_srli_si128(acc, 8));
	}
#endif
	for (; i < n; i++)
		k += s[i] == c;
	return k;
}

/* Where the last record ending in s[0..n) ends (0: none), s starting a
 * record. */
static size_t
last_record_end(const char *s, size_t n, char term)
{
	const char *q = memchr(s, '"', n), *t;
	size_t i, cut = 0;
	int in = 0;

	if (q == NULL) {
		t = memrchr(s, term, n);
		return t == NULL ? 0 : (size_t)(t - s) + 1;
	}
	t = memrchr(s, term, (size_t)(q - s));	/* the quote-free part */
	if (t != NULL)
		cut = (size_t)(t - s) + 1;
	for (i = (size_t)(q - s); i < n; i++) {
		if (s[i] == '"')
			in = !in;
		else if (s[i] == term && !in)
			cut = i + 1;
	}
	return cut;
}

int
csvr_can_chunk(const struct csvr *r)
{
	return r->cd == (iconv_t)-1 && r->at_boundary && !r->fatal &&
	    !(r->flags & CSVR_LIBCSV_ONLY);
}

void
csvr_set_chunk_size(struct csvr *r, size_t n)
{
	r->chunk_size = n > 0 ? n : 1;
}

void
csvr_chunk_free(struct csvr_chunk *c)
{
	free(c->buf);
	memset(c, 0, sizeof *c);
}

/* Room for n more bytes in c. */
static void
chunk_room(struct csvr_chunk *c, size_t n)
{
	if (n <= c->cap - c->len)
		return;
	if (n > SIZE_MAX / 2 - c->len)
		die(SATE_EXIT_IO, "out of memory");
	c->cap = 2 * (c->len + n);
	c->buf = xrealloc(c->buf, c->cap);
}

/* No more chunks: c's bytes, and what follows, are csvr_next's. */
static int
unchunk(struct csvr *r, struct csvr_chunk *c)
{
	size_t left = r->len - r->pos;	/* of the header's block */

	if (c->len + left > r->capcarry) {
		r->capcarry = c->len + left;
		r->carry = xrealloc(r->carry, r->capcarry);
	}
	memcpy(r->carry, c->buf, c->len);
	memcpy(r->carry + c->len, r->buf + r->pos, left);
	r->buf = r->carry;
	r->len = c->len + left;
	r->pos = 0;
	r->nochunk = 1;
	c->len = 0;
	return 0;
}

int
csvr_chunk(struct csvr *r, struct csvr_chunk *c)
{
	size_t cut, rest, scanned = 0, size = r->chunk_size, want;
	ssize_t n;

	c->len = 0;
	c->line = r->line;
	r->chunked = 1;
	if (r->nochunk)
		return 0;
	if (r->ncarry > 0) {
		chunk_room(c, r->ncarry);
		memcpy(c->buf, r->carry, r->ncarry);
		c->len = r->ncarry;
		r->ncarry = 0;
	}
	for (;;) {
		/* Some size bytes, cut after the last record end in them,
		 * or the first past them; at the end of the input, after
		 * the last byte.  A record longer than any field may be
		 * (an open quote, a field past the cap, or some thousands
		 * of fields) is left to csvr_next, with the rest. */
		if (r->eof && r->pos == r->len) {
			cut = c->len;
			break;
		}
		if (c->len >= size && c->len - scanned >= size / 2) {
			cut = last_record_end(c->buf, c->len, r->term);
			if (cut > 0)
				break;
			if (c->len > r->max_field + 2 * size)
				return unchunk(r, c);
			scanned = c->len;
		}
		want = c->len < size ? size - c->len : size;
		chunk_room(c, want);
		if (r->pos < r->len) {	/* what the header's block left */
			n = (ssize_t)(r->len - r->pos < want ?
			    r->len - r->pos : want);
			memcpy(c->buf + c->len, r->buf + r->pos, (size_t)n);
			r->pos += (size_t)n;
		} else {
			n = read_full(r, c->buf + c->len, want);
			if (n < 0)
				return fail(r, 1, SATE_EXIT_IO, 0, -1,
				    "read error: %s", strerror(errno));
			if (n == 0)
				r->eof = 1;
			r->nbytes += (unsigned long long)n;
		}
		c->len += (size_t)n;
	}
	rest = c->len - cut;
	if (rest > 0) {
		if (rest > r->capcarry) {
			r->capcarry = rest;
			r->carry = xrealloc(r->carry, r->capcarry);
		}
		memcpy(r->carry, c->buf + cut, rest);
		r->ncarry = rest;
	}
	c->len = cut;
	r->line += count_byte(c->buf, cut, r->term);
	return cut > 0;
}

struct csvr *
csvr_chunk_reader(const struct csvr *r)
{
	struct csvr *k = xcalloc(1, sizeof *k);
	size_t i;

	k->name = xstrdup(r->name);
	k->flags = r->flags;
	k->defer = 1;
	k->cd = (iconv_t)-1;
	k->enc = r->enc;
	k->max_field = r->max_field;
	k->term = r->term;
	memcpy(k->cls, r->cls, sizeof k->cls);
	k->ncols = r->ncols;
	k->cols = xcalloc(r->ncols + 1, sizeof *k->cols);
	k->rawcols = xcalloc(r->ncols + 1, sizeof *k->rawcols);
	for (i = 0; i < r->ncols; i++) {
		k->cols[i] = xstrdup(r->cols[i]);
		k->rawcols[i] = xstrdup(r->rawcols[i]);
	}
	parser_init(k, (char)csv_get_delim((struct csv_parser *)&r->p));
	k->fd = -1;
	k->started = 1;
	k->eof = 1;
	k->done = 1;
	return k;
}

void
csvr_chunk_load(struct csvr *k, struct csvr_chunk *c)
{
	k->buf = c->buf;
	k->len = c->len;
	k->pos = 0;
	k->line = c->line;
	k->at_boundary = 1;
	k->done = 0;
	k->fatal = 0;
	k->status = 0;
}

struct csvr *
csvr_part_load(struct csvr_part *p, const struct csvr *r, size_t file)
{
	if (p->reader == NULL || p->file != file) {
		csvr_close(p->reader);
		p->reader = csvr_chunk_reader(r);
		p->file = file;
	}
	csvr_chunk_load(p->reader, &p->chunk);
	return p->reader;
}

void
csvr_part_free(struct csvr_part *p)
{
	csvr_chunk_free(&p->chunk);
	csvr_close(p->reader);
	p->reader = NULL;
}

const char *
csvr_deferred(const struct csvr *r)
{
	return r->errl;
}

void
csvr_add_records(struct csvr *r, unsigned long n, size_t bytes)
{
	r->nrec += n;
	r->chunk_bytes += bytes;
	if (r->prog.on)		/* once per chunk: the count moved */
		sate_progress_tick(&r->prog, r->nrec, r->chunk_bytes);
}

int
csvr_same_header(const struct csvr *first, const struct csvr *r)
{
	size_t i;

	if (r->ncols == first->ncols) {
		for (i = 0; i < r->ncols; i++)
			if (strcmp(r->cols[i], first->cols[i]) != 0)
				break;
		if (i == r->ncols)
			return 0;
	}
	return error("%s: the columns differ from those of %s (every "
	    "input must have the same header)", r->name, first->name);
}

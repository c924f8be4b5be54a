/*
 * fuzz_csvread.c - libFuzzer harness for the CSV reader
 *
 * The first byte picks the options (delimiter, encoding, a small field
 * cap); the rest is the input.  The same bytes are read twice: with the
 * fast path for quote-free lines, and through libcsv only.  Both must
 * give the same records, fields, lines, errors and messages: the fast
 * path is an optimisation, never a second meaning.  Each field is also
 * checked against the reader's promises (NUL-terminated, valid UTF-8,
 * within the cap).
 *
 * The records read with the fast path also go through a record pipe
 * (rpipe.c) and must come back from the other thread the same, in
 * order; and a plain record's fields must lie in one run, NUL-ended,
 * as struct sate_rec promises.
 *
 * And a third reading, independent of libcsv: a minimal RFC 4180 parse
 * written here from sate(7)'s rules, for the inputs where those rules
 * are plain (UTF-8 without NUL, comma, LF line ends, no byte order mark,
 * no CR).  Where it finds the input well formed, the reader must give
 * exactly its records; where it finds a stray or unclosed quote or a
 * ragged row, the reader must report an error.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sate.h"
#include "fuzz.h"

static void
check_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;
	int k;

	while (i < n) {
		if (s[i] == 0)
			abort();
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		k = s[i] >= 0xF0 ? 3 : s[i] >= 0xE0 ? 2 : 1;
		if (s[i] < 0xC2 || s[i] > 0xF4 || i + (size_t)k >= n)
			abort();
		for (i++; k > 0; k--, i++)
			if ((s[i] & 0xC0) != 0x80)
				abort();
	}
}

/* The reference parse: records of fields, in one arena. */
struct ref {
	char *buf;		/* field bytes, each ended by a NUL */
	size_t len;
	size_t *fstart;		/* per field: offset in buf */
	size_t *flen;
	size_t nf;
	size_t *rstart;		/* per record: its first field */
	size_t nr;
	int bad;		/* a stray or unclosed quote, a ragged row */
};

static void
ref_field(struct ref *r, size_t start, size_t len)
{
	r->fstart[r->nf] = start;
	r->flen[r->nf] = len;
	r->nf++;
}

/*
 * Parse s[0..n): a record per line (outside quotes); a field is quoted
 * when it starts with '"' (two quotes inside stand for one, the closing
 * one must be followed by ',' or the line's end), else it runs to ',' or
 * the line's end and may hold no '"'.  An empty line is no record.
 * Every record must have the first one's (the header's) field count.
 */
static void
ref_parse(struct ref *r, const char *s, size_t n)
{
	size_t i = 0, start, nrec0 = 0;
	int quoted;

	r->buf = xmalloc(n + 1);
	r->fstart = xmalloc((n + 2) * sizeof *r->fstart);
	r->flen = xmalloc((n + 2) * sizeof *r->flen);
	r->rstart = xmalloc((n + 2) * sizeof *r->rstart);
	r->len = r->nf = r->nr = 0;
	r->bad = 0;
	while (i < n) {
		if (s[i] == '\n') {	/* an empty line */
			i++;
			continue;
		}
		r->rstart[r->nr++] = r->nf;
		for (;;) {	/* one field */
			start = r->len;
			quoted = i < n && s[i] == '"';
			if (quoted) {
				for (i++;; i++) {
					if (i >= n) {
						r->bad = 1;	/* unclosed */
						return;
					}
					if (s[i] == '"') {
						if (i + 1 < n && s[i + 1] == '"') {
							r->buf[r->len++] = '"';
							i++;
							continue;
						}
						i++;
						break;
					}
					r->buf[r->len++] = s[i];
				}
				if (i < n && s[i] != ',' && s[i] != '\n') {
					r->bad = 1;	/* text after it */
					return;
				}
			} else {
				for (; i < n && s[i] != ',' && s[i] != '\n';
				    i++) {
					if (s[i] == '"') {
						r->bad = 1;	/* stray */
						return;
					}
					r->buf[r->len++] = s[i];
				}
			}
			r->buf[r->len++] = '\0';
			ref_field(r, start, r->len - start - 1);
			if (i < n && s[i] == ',') {
				i++;
				continue;
			}
			if (i < n)
				i++;	/* the '\n' */
			break;
		}
		if (r->nr == 1)
			nrec0 = r->nf;
		else if (r->nf - r->rstart[r->nr - 1] != nrec0)
			r->bad = 1;	/* ragged */
	}
}

static void
ref_free(struct ref *r)
{
	free(r->buf);
	free(r->fstart);
	free(r->flen);
	free(r->rstart);
}

/* Whether the input is one the reference reads by sate's rules. */
static int
ref_applies(const uint8_t *s, size_t n)
{
	size_t i = 0;

	if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] == '\r' || s[i] == 0)
			return 0;
	/* valid UTF-8: check_utf8 aborts, so test here */
	for (i = 0; i < n;) {
		int k;

		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if (s[i] < 0xC2 || s[i] > 0xF4)
			return 0;
		k = s[i] >= 0xF0 ? 3 : s[i] >= 0xE0 ? 2 : 1;
		if (i + (size_t)k >= n)
			return 0;
		if ((s[i] == 0xE0 && s[i + 1] < 0xA0) ||
		    (s[i] == 0xED && s[i + 1] > 0x9F) ||
		    (s[i] == 0xF0 && s[i + 1] < 0x90) ||
		    (s[i] == 0xF4 && s[i + 1] > 0x8F))
			return 0;
		for (i++; k > 0; k--, i++)
			if ((s[i] & 0xC0) != 0x80)
				return 0;
	}
	return 1;
}

/* The reader against the reference, on input it reads by the plain
 * rules; a header the reader refuses (names) is not compared. */
static void
against_reference(const uint8_t *data, size_t size)
{
	struct sate_opts o;
	struct ref ref;
	struct csvr *r;
	struct sate_rec *rec;
	size_t k = 1, i, f;
	int rc, errors = 0;

	if (!ref_applies(data, size))
		return;
	ref_parse(&ref, (const char *)data, size);
	sate_opts_init(&o);
	r = csvr_open_mem((const char *)data, size, "f", &o, CSVR_QUIET);
	if (r == NULL) {
		ref_free(&ref);
		return;
	}
	if (!ref.bad && ref.nr > 0 && csvr_ncols(r) !=
	    (ref.nr > 1 ? ref.rstart[1] : ref.nf))
		abort();
	while ((rc = csvr_next(r, &rec)) != 0) {
		if (rc < 0) {
			errors++;
			if (csvr_fatal(r))
				break;
			continue;
		}
		if (ref.bad)
			continue;
		if (k >= ref.nr)	/* a record the reference has not */
			abort();
		f = ref.rstart[k];
		if (rec->n != (k + 1 < ref.nr ? ref.rstart[k + 1] : ref.nf) -
		    f)
			abort();
		for (i = 0; i < rec->n; i++)
			if (rec->f[i].len != ref.flen[f + i] ||
			    memcmp(rec->f[i].p, ref.buf + ref.fstart[f + i],
			    rec->f[i].len) != 0)
				abort();
		k++;
	}
	if (ref.bad ? errors == 0 : (errors != 0 || k != ref.nr))
		abort();
	csvr_close(r);
	ref_free(&ref);
}

/* Records as bytes: per record its line and field count, per field its
 * length and bytes. */
static void
put_rec(struct sate_buf *b, const struct sate_rec *rec)
{
	size_t i, h[2] = { rec->line, rec->n };

	buf_reserve(b, sizeof h);
	memcpy(b->p + b->len, h, sizeof h);
	b->len += sizeof h;
	for (i = 0; i < rec->n; i++) {
		buf_reserve(b, sizeof(size_t) + rec->f[i].len);
		memcpy(b->p + b->len, &rec->f[i].len, sizeof(size_t));
		memcpy(b->p + b->len + sizeof(size_t), rec->f[i].p,
		    rec->f[i].len);
		b->len += sizeof(size_t) + rec->f[i].len;
	}
}

struct piped {
	struct sate_buf want;	/* the records added */
	size_t at;		/* how far done() has compared */
};

static void
pipe_work(void *arg, struct rpipe_batch *b)
{
	struct sate_buf *got = rpipe_user(b);
	size_t i;

	(void)arg;
	got->len = 0;
	for (i = 0; i < rpipe_nrec(b); i++)
		put_rec(got, rpipe_rec(b, i));
}

static void
pipe_done(void *arg, struct rpipe_batch *b)
{
	struct piped *pd = arg;
	struct sate_buf *got = rpipe_user(b);

	if (pd->at + got->len > pd->want.len ||
	    memcmp(pd->want.p + pd->at, got->p, got->len) != 0)
		abort();
	pd->at += got->len;
}

static void
pipe_free(void *user)
{
	buf_free(user);
}

/* What a reader gives, records and errors, as bytes; stops at a fatal
 * error.  Returns whether one stopped it. */
static int
transcribe(struct csvr *r, struct sate_buf *t, int *steps)
{
	struct sate_rec *rec;
	size_t n;
	int rc;

	while ((rc = csvr_next(r, &rec)) != 0 && ++*steps < 100000) {
		if (rc < 0) {
			n = strlen(csvr_errmsg(r)) + 1;
			buf_reserve(t, n + 1);
			t->p[t->len++] = csvr_fatal(r) ? 'F' : 'E';
			memcpy(t->p + t->len, csvr_errmsg(r), n);
			t->len += n;
			if (csvr_fatal(r))
				return 1;
			continue;
		}
		put_rec(t, rec);
	}
	return 0;
}

/* Read in chunks of size bytes, each by a reader of its own, the input
 * gives what it gives read in one piece. */
static void
against_chunks(const uint8_t *data, size_t size, const struct sate_opts *o,
    size_t chunk)
{
	struct sate_buf whole = { NULL, 0, 0 }, part = { NULL, 0, 0 };
	struct csvr_chunk c = { NULL, 0, 0, 0 };
	struct csvr *r, *k = NULL;
	int rc = 0, fatal = 0, steps = 0;

	r = csvr_open_mem((const char *)data, size, "f", o, CSVR_QUIET);
	if (r == NULL)
		return;
	transcribe(r, &whole, &steps);
	csvr_close(r);
	steps = 0;
	r = csvr_open_mem((const char *)data, size, "f", o, CSVR_QUIET);
	csvr_set_chunk_size(r, chunk);
	while (!fatal && csvr_can_chunk(r) && (rc = csvr_chunk(r, &c)) > 0) {
		if (k == NULL)
			k = csvr_chunk_reader(r);
		csvr_chunk_load(k, &c);
		fatal = transcribe(k, &part, &steps);
	}
	if (rc < 0)
		abort();
	if (!fatal)
		transcribe(r, &part, &steps);
	if (steps < 100000 && (whole.len != part.len || (whole.len > 0 &&
	    memcmp(whole.p, part.p, whole.len) != 0)))
		abort();
	csvr_chunk_free(&c);
	csvr_close(k);
	csvr_close(r);
	buf_free(&whole);
	buf_free(&part);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char delims[] = { ',', ';', '\t', '|' };
	static const size_t chunks[] = { 1, 2, 3, 5, 8, 13, 64, 4096 };
	struct sate_opts o;
	struct csvr *a, *b;
	struct sate_rec *ra, *rb;
	struct piped pd = { { NULL, 0, 0 }, 0 };
	struct rpipe_ops ops = { pipe_work, pipe_done, pipe_free,
	    sizeof(struct sate_buf), NULL, 0, NULL };
	struct rpipe *pipe;
	int ka, kb, steps = 0;
	size_t i;

	if (size < 1)
		return 0;
	sate_opts_init(&o);
	o.delim = delims[data[0] & 3];
	o.enc = (data[0] >> 2 & 3) == 1 ? SATE_ENC_LATIN1 :
	    (data[0] >> 2 & 3) == 2 ? SATE_ENC_CP1252 : SATE_ENC_UTF8;
	if (data[0] & 0x10)
		o.max_field = 16;
	data++;
	size--;
	against_reference(data, size);
	against_chunks(data, size, &o, chunks[data[-1] >> 5]);

	a = csvr_open_mem((const char *)data, size, "f", &o, CSVR_QUIET);
	ka = a == NULL ? -1 : 0;
	b = csvr_open_mem((const char *)data, size, "f", &o,
	    CSVR_QUIET | CSVR_LIBCSV_ONLY);
	kb = b == NULL ? -1 : 0;
	if ((a == NULL) != (b == NULL))
		abort();
	if (a == NULL)
		return 0;
	if (csvr_ncols(a) != csvr_ncols(b))
		abort();
	for (i = 0; i < csvr_ncols(a); i++)
		if (strcmp(csvr_colname(a, i), csvr_colname(b, i)) != 0)
			abort();
	ops.arg = &pd;
	pipe = rpipe_new(&ops);
	for (;;) {
		ka = csvr_next(a, &ra);
		kb = csvr_next(b, &rb);
		if (ka != kb)
			abort();
		if (ka == 0)
			break;
		if (ka < 0) {
			if (strcmp(csvr_errmsg(a), csvr_errmsg(b)) != 0 ||
			    csvr_fatal(a) != csvr_fatal(b))
				abort();
			if (csvr_fatal(a))
				break;
			continue;
		}
		if (ra->n != rb->n || ra->line != rb->line ||
		    ra->n != csvr_ncols(a))
			abort();
		for (i = 0; i < ra->n; i++) {
			if (ra->f[i].len != rb->f[i].len ||
			    memcmp(ra->f[i].p, rb->f[i].p, ra->f[i].len) != 0 ||
			    ra->f[i].p[ra->f[i].len] != '\0' ||
			    ra->f[i].len > o.max_field)
				abort();
			check_utf8((const unsigned char *)ra->f[i].p,
			    ra->f[i].len);
			if (ra->plain && i + 1 < ra->n &&
			    ra->f[i + 1].p != ra->f[i].p + ra->f[i].len + 1)
				abort();
		}
		put_rec(&pd.want, ra);
		rpipe_add(pipe, ra);
		if (++steps > 100000)
			break;
	}
	rpipe_free(pipe);
	if (pd.at != pd.want.len)
		abort();
	buf_free(&pd.want);
	csvr_close(a);
	csvr_close(b);
	return 0;
}

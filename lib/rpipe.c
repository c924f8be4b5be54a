/*
 * rpipe.c - records handed to a second thread, results taken back in order
 *
 * Checking a roster record costs a fifth of reading it; on a machine
 * with two cores the checks can run beside the reading.  The reading
 * thread copies each record into the batch being filled (a plain
 * record's fields lie in one run of bytes, NUL-separated, so that is
 * one copy; another's fields are copied one by one) and, when the batch
 * is full, sends it.  The worker thread runs ops->work on each batch in
 * the order sent; the reading thread runs ops->done on each batch, in
 * the same order, once the worker has finished it.  DEPTH batches are in
 * flight: the reading thread waits only when all of them are.
 *
 * A batch holds, per record, its line, its field count and where its
 * bytes are; the bytes of all its records are in one array, which keeps
 * its size from batch to batch: after the first few batches nothing is
 * allocated.  The worker finds a record's fields again by their NULs
 * (the reader lets no NUL into a field): the reading thread stores no
 * lengths, but for a record that is not plain (rare), whose lengths go
 * in an array of their own.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "sate.h"

#define BATCH_RECS	4096
#define BATCH_BYTES	((size_t)1 << 20)	/* send sooner, past this */
#define DEPTH		4

struct rrow {
	unsigned long line;
	size_t off;		/* its first field, in bytes */
	size_t len0;		/* not plain: its first length, in lens */
	size_t n;		/* fields */
	size_t span;		/* its bytes, NULs included */
	int plain;
};

struct rpipe_batch {
	struct rrow *row;
	size_t nrow;
	char *bytes;
	size_t nbytes, capbytes;
	size_t *lens;
	size_t nlens, caplens;
	void *user;
	int state;		/* FREE, SENT, DONE */
	/* the worker's record, rebuilt by rpipe_rec */
	struct sate_rec rec;
	struct sate_field *f;
	size_t capf;
};

enum { FREE, SENT, DONE };

struct rpipe {
	struct rpipe_ops ops;
	struct rpipe_batch b[DEPTH];
	size_t fill;		/* the batch being filled */
	size_t next;		/* the oldest one sent */
	size_t sent;		/* sent, and not yet done with */
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int quit;
};

static void *
worker(void *arg)
{
	struct rpipe *p = arg;
	size_t at = 0;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (p->b[at].state != SENT && !p->quit)
			pthread_cond_wait(&p->cv, &p->mu);
		if (p->b[at].state != SENT)
			break;
		pthread_mutex_unlock(&p->mu);
		p->ops.work(p->ops.arg, &p->b[at]);
		pthread_mutex_lock(&p->mu);
		p->b[at].state = DONE;
		pthread_cond_broadcast(&p->cv);
		at = (at + 1) % DEPTH;
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

struct rpipe *
rpipe_new(const struct rpipe_ops *ops)
{
	struct rpipe *p = xcalloc(1, sizeof *p);
	size_t i;
	int e;

	p->ops = *ops;
	for (i = 0; i < DEPTH; i++) {
		p->b[i].row = xcalloc(BATCH_RECS, sizeof *p->b[i].row);
		if (ops->user_size > 0)
			p->b[i].user = xcalloc(1, ops->user_size);
	}
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	if ((e = pthread_create(&p->thread, NULL, worker, p)) != 0)
		die(SATE_EXIT_IO, "cannot start a thread: %s", strerror(e));
	return p;
}

/* Take back the oldest batch sent, once the worker is done with it. */
static void
take_oldest(struct rpipe *p)
{
	struct rpipe_batch *b = &p->b[p->next];

	pthread_mutex_lock(&p->mu);
	while (b->state != DONE)
		pthread_cond_wait(&p->cv, &p->mu);
	pthread_mutex_unlock(&p->mu);
	p->ops.done(p->ops.arg, b);
	b->nrow = b->nbytes = b->nlens = 0;
	pthread_mutex_lock(&p->mu);
	b->state = FREE;
	pthread_mutex_unlock(&p->mu);
	p->next = (p->next + 1) % DEPTH;
	p->sent--;
}

/* Send the batch being filled, when it holds a record. */
static void
send_fill(struct rpipe *p)
{
	struct rpipe_batch *b = &p->b[p->fill];

	if (b->nrow == 0)
		return;
	pthread_mutex_lock(&p->mu);
	b->state = SENT;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	p->sent++;
	p->fill = (p->fill + 1) % DEPTH;
	if (p->sent == DEPTH)	/* all in flight: the oldest comes back */
		take_oldest(p);
}

void
rpipe_drain(struct rpipe *p)
{
	send_fill(p);
	while (p->sent > 0)
		take_oldest(p);
}

void
rpipe_free(struct rpipe *p)
{
	size_t i;

	if (p == NULL)
		return;
	rpipe_drain(p);
	pthread_mutex_lock(&p->mu);
	p->quit = 1;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	pthread_join(p->thread, NULL);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	for (i = 0; i < DEPTH; i++) {
		if (p->b[i].user != NULL && p->ops.user_free != NULL)
			p->ops.user_free(p->b[i].user);
		free(p->b[i].user);
		free(p->b[i].row);
		free(p->b[i].bytes);
		free(p->b[i].lens);
		free(p->b[i].f);
	}
	free(p);
}

/* Room for n more bytes and k more lengths in b. */
static void
reserve(struct rpipe_batch *b, size_t n, size_t k)
{
	if (n > b->capbytes - b->nbytes) {
		if (n > SIZE_MAX / 2 - b->nbytes)
			die(SATE_EXIT_IO, "out of memory");
		b->capbytes = 2 * (b->nbytes + n);
		b->bytes = xrealloc(b->bytes, b->capbytes);
	}
	if (k > b->caplens - b->nlens) {
		b->caplens = 2 * (b->nlens + k);
		b->lens = xrealloc(b->lens, b->caplens * sizeof *b->lens);
	}
}

void
rpipe_add(struct rpipe *p, const struct sate_rec *rec)
{
	struct rpipe_batch *b = &p->b[p->fill];
	struct rrow *w = &b->row[b->nrow++];
	const struct sate_field *f = rec->f;
	size_t i, span;

	w->line = rec->line;
	w->n = rec->n;
	w->plain = rec->plain && rec->n > 0;
	w->off = b->nbytes;
	if (w->plain) {
		/* one run: the fields, their NULs, the last one's NUL */
		span = (size_t)(f[rec->n - 1].p - f[0].p) +
		    f[rec->n - 1].len + 1;
		reserve(b, span, 0);
		memcpy(b->bytes + b->nbytes, f[0].p, span);
	} else {
		for (i = 0, span = 0; i < rec->n; i++)
			span += f[i].len + 1;
		reserve(b, span, rec->n);
		w->len0 = b->nlens;
		for (i = 0; i < rec->n; i++) {
			memcpy(b->bytes + b->nbytes, f[i].p, f[i].len);
			b->bytes[b->nbytes + f[i].len] = '\0';
			b->nbytes += f[i].len + 1;
			b->lens[b->nlens++] = f[i].len;
		}
		b->nbytes -= span;
	}
	w->span = span;
	b->nbytes += span;
	if (b->nrow == BATCH_RECS || b->nbytes >= BATCH_BYTES)
		send_fill(p);
}

size_t
rpipe_nrec(const struct rpipe_batch *b)
{
	return b->nrow;
}

unsigned long
rpipe_line(const struct rpipe_batch *b, size_t i)
{
	return b->row[i].line;
}

/* The fields of a plain record, found by their NULs: n of them in the
 * span bytes at s (which end with a NUL). */
static void
split(struct sate_field *f, size_t n, const char *s, size_t span)
{
	const char *start = s;
	size_t i = 0, j = 0;

#ifdef __SSE2__
	unsigned m;

	for (; i + 16 <= span && j < n; i += 16) {
		m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
		    _mm_loadu_si128((const __m128i *)(const void *)(s + i)),
		    _mm_setzero_si128()));
		for (; m != 0 && j < n; m &= m - 1) {
			const char *nul = s + i + __builtin_ctz(m);

			f[j].p = start;
			f[j++].len = (size_t)(nul - start);
			start = nul + 1;
		}
	}
#endif
	for (; i < span && j < n; i++)
		if (s[i] == '\0') {
			f[j].p = start;
			f[j++].len = (size_t)(s + i - start);
			start = s + i + 1;
		}
}

const struct sate_rec *
rpipe_rec(struct rpipe_batch *b, size_t i)
{
	const struct rrow *w = &b->row[i];
	const char *s = b->bytes + w->off;
	const size_t *len;
	size_t j;

	if (w->n > b->capf) {
		b->capf = w->n;
		b->f = xrealloc(b->f, b->capf * sizeof *b->f);
	}
	if (w->plain) {
		split(b->f, w->n, s, w->span);
	} else {
		len = b->lens + w->len0;
		for (j = 0; j < w->n; j++) {
			b->f[j].p = s;
			b->f[j].len = len[j];
			s += len[j] + 1;
		}
	}
	b->rec.f = b->f;
	b->rec.n = w->n;
	b->rec.line = w->line;
	b->rec.plain = w->plain;
	return &b->rec;
}

void *
rpipe_user(struct rpipe_batch *b)
{
	return b->user;
}

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
 * The batches can carry what the caller puts in their user parts, too,
 * instead of records or with them (rpipe_fill, rpipe_send).
 *
 * With ops->threads above 1, that many workers take the batches, each
 * the oldest one sent that no other has taken, so work on two batches
 * may run at once and finish out of order; done still runs in order.
 * Twice as many batches as workers are in flight then.
 *
 * A batch holds, per record, its line, its field count and where its
 * bytes and its fields' lengths are; the bytes and the lengths of all
 * its records are in two arrays, which keep their size from batch to
 * batch: after the first few batches nothing is allocated.  (Finding
 * the fields again by their NULs instead would spare the reading thread
 * a store per field, but cost the worker seven times as much.)
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sate.h"

#define BATCH_RECS	4096
#define BATCH_BYTES	((size_t)1 << 20)	/* send sooner, past this */
#define DEPTH		4	/* batches in flight, for one worker */
#define MAXTHREADS	8
#define REST_RECS	4096	/* rpipe_read's batches of the rest */

struct rrow {
	unsigned long line;
	size_t off;		/* its first field, in bytes */
	size_t len0;		/* its first length, in lens */
	size_t n;		/* fields */
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
	int used;		/* rpipe_fill gave out its user part */
	int state;		/* FREE, SENT, TAKEN, DONE */
	/* the worker's record, rebuilt by rpipe_rec */
	struct sate_rec rec;
	struct sate_field *f;
	size_t capf;
};

enum { FREE, SENT, TAKEN, DONE };

struct rpipe {
	struct rpipe_ops ops;
	struct rpipe_batch b[2 * MAXTHREADS];
	size_t depth;		/* of them in use */
	size_t fill;		/* the batch being filled */
	size_t next;		/* the oldest one sent */
	size_t sent;		/* sent, and not yet done with */
	size_t take;		/* the next one a worker takes */
	size_t nthread;		/* 0: work runs here, as a batch fills */
	pthread_t thread[MAXTHREADS];
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int quit;
};

/* Batches are sent in turn round the ring: the next to take, once sent,
 * is the one at p->take. */
static void *
worker(void *arg)
{
	struct rpipe *p = arg;
	struct rpipe_batch *b;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (p->b[p->take].state != SENT && !p->quit)
			pthread_cond_wait(&p->cv, &p->mu);
		b = &p->b[p->take];
		if (b->state != SENT)
			break;
		b->state = TAKEN;
		p->take = (p->take + 1) % p->depth;
		pthread_mutex_unlock(&p->mu);
		p->ops.work(p->ops.arg, b);
		pthread_mutex_lock(&p->mu);
		b->state = DONE;
		pthread_cond_broadcast(&p->cv);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

struct rpipe *
rpipe_new(const struct rpipe_ops *ops)
{
	struct rpipe *p = xcalloc(1, sizeof *p);
	size_t i, want = ops->threads > 1 ? ops->threads : 1;

	if (want > MAXTHREADS)
		want = MAXTHREADS;
	p->ops = *ops;
	p->depth = want > 1 ? 2 * want : DEPTH;
	for (i = 0; i < p->depth; i++) {
		if (ops->user_size > 0)
			p->b[i].user = xcalloc(1, ops->user_size);
	}
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	/* No thread to be had (a limit on processes): the same work, on
	 * this thread, as each batch fills. */
	while (p->nthread < want && pthread_create(&p->thread[p->nthread],
	    NULL, worker, p) == 0)
		p->nthread++;
	return p;
}

/* done on a batch the worker has finished, and the batch emptied. */
static void
finish(struct rpipe *p, struct rpipe_batch *b)
{
	p->ops.done(p->ops.arg, b);
	b->nrow = b->nbytes = b->nlens = 0;
	b->used = 0;
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
	finish(p, b);
	pthread_mutex_lock(&p->mu);
	b->state = FREE;
	pthread_mutex_unlock(&p->mu);
	p->next = (p->next + 1) % p->depth;
	p->sent--;
}

/* Send the batch being filled, when it holds a record or its user part
 * was given out. */
void
rpipe_send(struct rpipe *p)
{
	struct rpipe_batch *b = &p->b[p->fill];

	if (b->nrow == 0 && !b->used)
		return;
	if (p->nthread == 0) {
		p->ops.work(p->ops.arg, b);
		finish(p, b);
		return;
	}
	pthread_mutex_lock(&p->mu);
	b->state = SENT;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	p->sent++;
	p->fill = (p->fill + 1) % p->depth;
	if (p->sent == p->depth)	/* all in flight: the oldest back */
		take_oldest(p);
}

void *
rpipe_fill(struct rpipe *p)
{
	struct rpipe_batch *b = &p->b[p->fill];

	b->used = 1;
	return b->user;
}

void
rpipe_drain(struct rpipe *p)
{
	rpipe_send(p);
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
	for (i = 0; i < p->nthread; i++)
		pthread_join(p->thread[i], NULL);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	for (i = 0; i < p->depth; i++) {
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

/* What could be cut of r, chunk by chunk through the workers, then
 * drained; -1 on a read error. */
static int
send_chunks(struct rpipe *p, struct csvr *r, const int *stop)
{
	struct csvr_part *u;
	int rc = 0;

	while ((stop == NULL || !*stop) && csvr_can_chunk(r)) {
		u = rpipe_fill(p);
		if ((rc = csvr_chunk(r, &u->chunk)) <= 0) {
			p->b[p->fill].used = 0;	/* no chunk: not sent */
			break;
		}
		rpipe_send(p);
	}
	rpipe_drain(p);
	return rc < 0 ? -1 : 0;
}

int
rpipe_read(struct rpipe *p, struct csvr *r, const int *stop)
{
	struct rpipe_batch *b;
	int more;

	if (send_chunks(p, r, stop) < 0)
		return -1;
	b = &p->b[p->fill];	/* drained: free */
	csvr_defer_errors(r);
	((struct csvr_part *)b->user)->chunk.len = 0;	/* none of it */
	do {
		if (stop != NULL && *stop)
			break;
		more = p->ops.rest(p->ops.arg, b->user, r, REST_RECS);
		finish(p, b);
	} while (more);
	return 0;
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
	struct rrow *w;
	const struct sate_field *f = rec->f;
	size_t i, span, *len;

	if (b->row == NULL)	/* not for batches of other things */
		b->row = xcalloc(BATCH_RECS, sizeof *b->row);
	w = &b->row[b->nrow++];

	w->line = rec->line;
	w->n = rec->n;
	w->plain = rec->plain;
	w->off = b->nbytes;
	w->len0 = b->nlens;
	if (rec->plain && rec->n > 0) {
		/* one run: the fields, their NULs, the last one's NUL */
		span = (size_t)(f[rec->n - 1].p - f[0].p) +
		    f[rec->n - 1].len + 1;
		reserve(b, span, rec->n);
		memcpy(b->bytes + b->nbytes, f[0].p, span);
		b->nbytes += span;
	} else {
		for (i = 0, span = 0; i < rec->n; i++)
			span += f[i].len + 1;
		reserve(b, span, rec->n);
		for (i = 0; i < rec->n; i++) {
			memcpy(b->bytes + b->nbytes, f[i].p, f[i].len + 1);
			b->nbytes += f[i].len + 1;
		}
	}
	len = b->lens + b->nlens;
	for (i = 0; i < rec->n; i++)
		len[i] = f[i].len;
	b->nlens += rec->n;
	if (b->nrow == BATCH_RECS || b->nbytes >= BATCH_BYTES)
		rpipe_send(p);
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
	len = b->lens + w->len0;
	for (j = 0; j < w->n; j++) {
		b->f[j].p = s;
		b->f[j].len = len[j];
		s += len[j] + 1;
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

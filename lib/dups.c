/*
 * dups.c - the duplicate keys of a roster, found once it is all read
 *
 * sate-roster check reads a roster on several threads; its duplicates
 * are the keys put before, in the order of the lines.  Looking each key
 * up as it comes means a set of every key, too big for the caches,
 * touched at random: a miss to memory per student.  Here the keys are
 * only written down as they come, each at the end of one of NPART
 * partitions chosen by its hash (writes in a few hundred places, which
 * the caches hold), and once the roster is read each partition, a few
 * hundred kilobytes, is looked through in the caches on its own.  A key
 * and all its repeats land in the same partition, in the order put.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sate.h"

#define NPART		256
#define FIRST_BLOCK	64	/* entries; each block twice the last */
#define MAX_BLOCK	8192

struct block {
	struct block *next;
	size_t n, cap;
	struct sate_seen_ent e[];
};

struct part {
	struct block *head, *tail;
	size_t n;
};

struct sate_dups {
	struct part part[NPART];
	size_t n;
};

/* What a thread of dups_find finds. */
struct found {
	struct sate_dups *d;
	size_t from, to;	/* partitions */
	uint32_t upto;
	struct sate_dup *dup;
	size_t n, cap;
};

static uint64_t
mix(uint64_t key)
{
	uint64_t h = key * 0x9E3779B97F4A7C15ULL;

	h ^= h >> 29;
	h *= 0xBF58476D1CE4E5B9ULL;
	return h ^ h >> 32;
}

struct sate_dups *
dups_new(void)
{
	return xcalloc(1, sizeof(struct sate_dups));
}

void
dups_free(struct sate_dups *d)
{
	struct block *b, *next;
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < NPART; i++)
		for (b = d->part[i].head; b != NULL; b = next) {
			next = b->next;
			free(b);
		}
	free(d);
}

size_t
dups_count(const struct sate_dups *d)
{
	return d->n;
}

void
dups_add(struct sate_dups *d, uint64_t key, uint32_t tag, uint32_t num)
{
	struct part *p = &d->part[mix(key) >> 56];
	struct block *b = p->tail;

	if (b == NULL || b->n == b->cap) {
		size_t cap = b == NULL ? FIRST_BLOCK :
		    b->cap < MAX_BLOCK ? 2 * b->cap : MAX_BLOCK;
		struct block *nb = xmalloc(sizeof *nb + cap * sizeof nb->e[0]);

		nb->next = NULL;
		nb->n = 0;
		nb->cap = cap;
		if (b == NULL)
			p->head = nb;
		else
			b->next = nb;
		p->tail = b = nb;
	}
	b->e[b->n].key = key;
	b->e[b->n].tag = tag;
	b->e[b->n].num = num;
	b->n++;
	p->n++;
	d->n++;
}

/* The duplicates of partitions [f->from, f->to): each partition's
 * entries in one array, and a table of their indices + 1 (0: empty),
 * at most half full. */
static void *
find_some(void *arg)
{
	struct found *f = arg;
	struct sate_seen_ent *all = NULL;
	uint32_t *slot = NULL;
	size_t q, i, n, nslot = 0, cap = 0, j;
	const struct block *b;

	for (q = f->from; q < f->to; q++) {
		const struct part *p = &f->d->part[q];

		if (p->n < 2)
			continue;
		if (p->n > cap) {
			cap = p->n;
			free(all);
			all = xmalloc(cap * sizeof *all);
		}
		for (n = 0, b = p->head; b != NULL; b = b->next) {
			memcpy(all + n, b->e, b->n * sizeof *all);
			n += b->n;
		}
		if (nslot < 2 * n) {
			free(slot);
			for (nslot = 64; nslot < 2 * n; nslot *= 2)
				;
			slot = xmalloc(nslot * sizeof *slot);
		}
		memset(slot, 0, nslot * sizeof *slot);
		for (i = 0; i < n && all[i].num <= f->upto; i++) {
			for (j = (size_t)mix(all[i].key) & (nslot - 1);
			    slot[j] != 0; j = (j + 1) & (nslot - 1))
				if (all[slot[j] - 1].key == all[i].key)
					break;
			if (slot[j] == 0) {
				slot[j] = (uint32_t)i + 1;
				continue;
			}
			if (f->n == f->cap) {
				f->cap = f->cap ? 2 * f->cap : 16;
				f->dup = xrealloc(f->dup, f->cap *
				    sizeof *f->dup);
			}
			f->dup[f->n].dup = all[i];
			f->dup[f->n].first = all[slot[j] - 1];
			f->n++;
		}
	}
	free(all);
	free(slot);
	return NULL;
}

static int
by_num(const void *a, const void *b)
{
	const struct sate_dup *x = a, *y = b;

	return (x->dup.num > y->dup.num) - (x->dup.num < y->dup.num);
}

struct sate_dup *
dups_find(struct sate_dups *d, uint32_t upto, size_t *np)
{
	struct found f[2];
	pthread_t t;
	int two;

	memset(f, 0, sizeof f);
	f[0].d = f[1].d = d;
	f[0].upto = f[1].upto = upto;
	f[0].to = f[1].from = NPART / 2;
	f[1].to = NPART;
	/* Two threads when there is enough to share; else, or with no
	 * thread to be had, this one alone. */
	two = d->n >= 100000 &&
	    pthread_create(&t, NULL, find_some, &f[1]) == 0;
	if (!two)
		f[0].to = NPART;
	find_some(&f[0]);
	if (two) {
		pthread_join(t, NULL);
		if (f[1].n > 0) {
			f[0].dup = xrealloc(f[0].dup, (f[0].n + f[1].n) *
			    sizeof *f[0].dup);
			memcpy(f[0].dup + f[0].n, f[1].dup, f[1].n *
			    sizeof *f[1].dup);
			f[0].n += f[1].n;
		}
		free(f[1].dup);
	}
	if (f[0].n > 1)
		qsort(f[0].dup, f[0].n, sizeof *f[0].dup, by_num);
	*np = f[0].n;
	return f[0].dup;
}

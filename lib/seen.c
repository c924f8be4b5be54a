/*
 * seen.c - the set of keys a duplicate check remembers
 *
 * A checker made with roster_checker_new(1) looks each key up as it
 * comes (sate-roster check keeps its keys for the end instead: dups.c):
 * millions of keys, each put once, at random.  A general map (map.c)
 * keeps a key's bytes, its entry, its value and its index slot apart;
 * here a key is a number (curp_pack, cct_pack) and a key with what is
 * known of it is one 16-byte slot of an open-addressing table, linear
 * probing, kept under 3/4 full.  The table's size is not a power of
 * two: a slot is chosen by the hash's high half times the size, so that
 * a table reserved for n keys takes 4n/3 slots, not up to twice that.
 * The table comes from xbigalloc (huge pages where the kernel gives
 * them): touching 100 MB then costs a few dozen page faults, not 25,000.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sate.h"

#define USED	((uint64_t)1 << 63)	/* a slot's key, when it has one */

struct sate_seen {
	struct sate_seen_ent *slot;
	size_t nslot;		/* at most 2^32 */
	size_t n, max;		/* keys; how many fit under 3/4 full */
};

/* The slot where key's probe starts (key with its USED bit). */
static size_t
home(const struct sate_seen *s, uint64_t key)
{
	uint64_t h = key * 0x9E3779B97F4A7C15ULL;

	h ^= h >> 29;
	h *= 0xBF58476D1CE4E5B9ULL;
	return (size_t)(((h >> 32) * (uint64_t)s->nslot) >> 32);
}

struct sate_seen *
seen_new(void)
{
	return xcalloc(1, sizeof(struct sate_seen));
}

void
seen_free(struct sate_seen *s)
{
	if (s == NULL)
		return;
	xbigfree(s->slot, s->nslot * sizeof *s->slot);
	free(s);
}

size_t
seen_count(const struct sate_seen *s)
{
	return s->n;
}

/* Put a key known to be new; no growth. */
static struct sate_seen_ent *
place(struct sate_seen *s, uint64_t key)
{
	size_t i = home(s, key);

	while (s->slot[i].key != 0)
		if (++i == s->nslot)
			i = 0;
	s->slot[i].key = key;
	return &s->slot[i];
}

void
seen_reserve(struct sate_seen *s, size_t n)
{
	struct sate_seen_ent *old = s->slot;
	size_t i, nold = s->nslot, want;

	if (n <= s->max)
		return;
	if (n > (size_t)UINT32_MAX / 4 * 3)
		die(SATE_EXIT_IO, "too many keys");
	want = n / 3 * 4 + 64;	/* n under 3/4 of it */
#if SIZE_MAX > UINT32_MAX
	if (want > (size_t)UINT32_MAX + 1)	/* home() multiplies by it */
		want = (size_t)UINT32_MAX + 1;
#endif
	s->slot = xbigalloc(want * sizeof *s->slot);
	s->nslot = want;
	s->max = want / 4 * 3;
	for (i = 0; i < nold; i++)
		if (old[i].key != 0)
			*place(s, old[i].key) = old[i];
	xbigfree(old, nold * sizeof *old);
}

const struct sate_seen_ent *
seen_add(struct sate_seen *s, uint64_t key, uint32_t tag, uint32_t num)
{
	struct sate_seen_ent *e;
	size_t i;

	if (s->n >= s->max)
		seen_reserve(s, s->max < 1024 ? 1024 : s->max * 2);
	key |= USED;
	for (i = home(s, key); (e = &s->slot[i])->key != 0;
	    i = i + 1 == s->nslot ? 0 : i + 1)
		if (e->key == key)
			return e;
	e->key = key;
	e->tag = tag;
	e->num = num;
	s->n++;
	return NULL;
}

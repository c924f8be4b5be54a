/*
 * map.c - a hash map from byte strings to fixed-size values
 *
 * Open addressing with linear probing over an index of 64-bit slots
 * (the key's hash beside its entry's number);
 * keys live in one arena and values in one array, in insertion order, so
 * iteration is deterministic.  No allocation per key beyond the arenas'
 * amortised growth.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sate.h"

struct entry {
	size_t koff;
	uint32_t klen;
	uint32_t hash;
};

struct sate_map {
	size_t valsize;
	size_t n, cap;		/* entries */
	struct entry *e;
	char *vals;
	char *keys;		/* arena */
	size_t klen, kcap;
	uint64_t *slot;		/* the key's hash << 32 | index + 1; 0 =
				   empty: a probe compares hashes without
				   touching the entries */
	size_t nslot;		/* power of two */
};

/*
 * 64-bit multiply-and-fold over eight bytes at a time: keys are CURPs,
 * CCTs and short group names, hashed once per row read.
 */
static uint32_t
hash(const char *s, size_t n)
{
	const uint64_t k = 0x9E3779B97F4A7C15ULL;
	uint64_t h = 0x243F6A8885A308D3ULL ^ (n * k), v;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&v, s + i, 8);
		h = (h ^ v) * k;
		h ^= h >> 29;
	}
	if (i < n) {
		v = 0;
		memcpy(&v, s + i, n - i);
		h = (h ^ v) * k;
		h ^= h >> 29;
	}
	h *= 0xBF58476D1CE4E5B9ULL;
	return (uint32_t)(h ^ (h >> 32));
}

struct sate_map *
map_new(size_t valsize)
{
	struct sate_map *m = xcalloc(1, sizeof *m);

	m->valsize = valsize;
	m->nslot = 64;
	m->slot = xcalloc(m->nslot, sizeof *m->slot);
	return m;
}

void
map_free(struct sate_map *m)
{
	if (m == NULL)
		return;
	free(m->e);
	free(m->vals);
	free(m->keys);
	free(m->slot);
	free(m);
}

size_t
map_count(const struct sate_map *m)
{
	return m->n;
}

#define SLOT_INDEX(x)	((uint32_t)(x))
#define SLOT_HASH(x)	((uint32_t)((x) >> 32))

static size_t
find(const struct sate_map *m, const char *key, size_t len, uint32_t h)
{
	size_t mask = m->nslot - 1, i = h & mask;
	const struct entry *e;
	uint64_t x;

	for (; (x = m->slot[i]) != 0; i = (i + 1) & mask) {
		if (SLOT_HASH(x) != h)
			continue;
		e = &m->e[SLOT_INDEX(x) - 1];
		if (e->klen == len &&
		    memcmp(m->keys + e->koff, key, len) == 0)
			return i;
	}
	return i;
}

void *
map_get(const struct sate_map *m, const char *key, size_t len)
{
	size_t i = find(m, key, len, hash(key, len));

	if (m->slot[i] == 0)
		return NULL;
	return m->vals + (size_t)(SLOT_INDEX(m->slot[i]) - 1) * m->valsize;
}

static void
grow_index(struct sate_map *m)
{
	size_t i, j, mask;

	free(m->slot);
	m->nslot *= 2;
	m->slot = xcalloc(m->nslot, sizeof *m->slot);
	mask = m->nslot - 1;
	for (i = 0; i < m->n; i++) {
		for (j = m->e[i].hash & mask; m->slot[j] != 0;
		    j = (j + 1) & mask)
			;
		m->slot[j] = (uint64_t)m->e[i].hash << 32 | (uint32_t)(i + 1);
	}
}

void *
map_put(struct sate_map *m, const char *key, size_t len, int *isnew)
{
	uint32_t h = hash(key, len);
	size_t i = find(m, key, len, h);
	struct entry *e;
	void *v;

	if (m->slot[i] != 0) {
		if (isnew != NULL)
			*isnew = 0;
		return m->vals + (size_t)(SLOT_INDEX(m->slot[i]) - 1) *
		    m->valsize;
	}
	if (m->n >= UINT32_MAX - 1 || len >= UINT32_MAX)
		die(SATE_EXIT_IO, "too many keys");
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 64;
		m->e = xrealloc(m->e, m->cap * sizeof *m->e);
		m->vals = xrealloc(m->vals, m->cap * (m->valsize ?
		    m->valsize : 1));
	}
	while (m->klen + len + 1 > m->kcap) {
		m->kcap = m->kcap ? m->kcap * 2 : 4096;
		m->keys = xrealloc(m->keys, m->kcap);
	}
	memcpy(m->keys + m->klen, key, len);
	m->keys[m->klen + len] = '\0';
	e = &m->e[m->n];
	e->koff = m->klen;
	e->klen = (uint32_t)len;
	e->hash = h;
	m->klen += len + 1;
	v = m->vals + m->n * m->valsize;
	memset(v, 0, m->valsize);
	m->slot[i] = (uint64_t)h << 32 | (uint32_t)(m->n + 1);
	m->n++;
	if (m->n * 4 >= m->nslot * 3)
		grow_index(m);
	if (isnew != NULL)
		*isnew = 1;
	return v;
}

void *
map_at(const struct sate_map *m, size_t i, const char **key, size_t *len)
{
	if (i >= m->n)
		return NULL;
	if (key != NULL)
		*key = m->keys + m->e[i].koff;
	if (len != NULL)
		*len = m->e[i].klen;
	return m->vals + i * m->valsize;
}

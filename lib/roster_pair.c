/*
 * roster_pair.c - the school groups of an Aprendizaje entre escuelas
 * session
 *
 * In these CTE sessions two or more schools' collectives meet to share
 * practice and agree commitments, and later meet again to review them.
 * Within each nivel the school of least need is grouped with the school
 * of most need, the next with the next, so that every group has a
 * school that can support (apoya) and one that needs it (recibe); with
 * an odd count the school in the middle joins the last pair formed, the
 * one of closest need.  Ties are broken by CCT, so the result depends
 * on the data only.  Groups to keep (a second session with the same
 * collectives) come first; pairs to avoid (not to repeat a session) are
 * kept apart greedily: the school of least need takes the school of
 * most need it may meet.
 */
#include <stdlib.h>
#include <string.h>

#include "sate.h"

static int
by_need(const void *x, const void *y, void *arg)
{
	const struct pair_school *s = arg;
	const struct pair_school *a = &s[*(const size_t *)x];
	const struct pair_school *b = &s[*(const size_t *)y];
	int c;

	/* Kept groups first, by number; then nivel by nivel. */
	if ((a->keep == 0) != (b->keep == 0))
		return a->keep == 0 ? 1 : -1;
	if (a->keep != b->keep)
		return a->keep < b->keep ? -1 : 1;
	if (a->keep == 0 && (c = strcmp(a->nivel, b->nivel)) != 0)
		return c;
	if (a->need != b->need)
		return a->need < b->need ? -1 : 1;
	return strcmp(a->cct, b->cct);
}

static int
allowed(pair_avoid_fn avoid, void *arg, size_t a, size_t b)
{
	return avoid == NULL || !avoid(arg, a, b);
}

/*
 * Pair the schools o[0..n) of one nivel, sorted by need; returns the
 * number of pairs that avoid could not keep apart.
 */
static size_t
pair_level(struct pair_school *s, const size_t *o, size_t n,
    pair_avoid_fn avoid, void *arg, long *grupo)
{
	char *used = xcalloc(n ? n : 1, 1);
	size_t *first = xcalloc(n ? n : 1, sizeof *first);
	size_t *second = xcalloc(n ? n : 1, sizeof *second);
	size_t left = n, lo = 0, np = 0, bad = 0, i, j, b;

	while (left >= 2) {
		while (used[lo])
			lo++;
		used[lo] = 1;
		b = n;
		for (j = n; j-- > lo + 1; )
			if (!used[j] && allowed(avoid, arg, o[lo], o[j])) {
				b = j;
				break;
			}
		if (b == n) {	/* no allowed partner: the neediest */
			for (j = n; j-- > lo + 1; )
				if (!used[j])
					break;
			b = j;
			bad++;
		}
		used[b] = 1;
		left -= 2;
		++*grupo;
		s[o[lo]].grupo = s[o[b]].grupo = *grupo;
		s[o[lo]].rol = ROL_APOYA;
		s[o[b]].rol = ROL_RECIBE;
		first[np] = o[lo];
		second[np++] = o[b];
	}
	if (left == 1) {
		for (i = 0; used[i]; i++)
			;
		if (np == 0) {
			s[o[i]].grupo = ++*grupo;
			s[o[i]].rol = ROL_SIN_PAR;
		} else {
			for (j = np; j-- > 0; )
				if (allowed(avoid, arg, o[i], first[j]) &&
				    allowed(avoid, arg, o[i], second[j]))
					break;
			if (j == (size_t)-1) {
				j = np - 1;
				bad++;
			}
			s[o[i]].grupo = s[first[j]].grupo;
			s[o[i]].rol = ROL_RECIBE;
		}
	}
	free(used);
	free(first);
	free(second);
	return bad;
}

size_t
pair_schools(struct pair_school *s, size_t n, pair_avoid_fn avoid,
    void *arg)
{
	size_t *o = xcalloc(n ? n : 1, sizeof *o);
	size_t i, j, k, bad = 0;
	long grupo = 0;

	/* A kept group of one school is no group: the school is free. */
	for (i = 0; i < n; i++) {
		for (j = 0, k = 0; j < n && s[i].keep > 0; j++)
			k += s[j].keep == s[i].keep;
		if (k < 2)
			s[i].keep = 0;
	}
	for (i = 0; i < n; i++)
		o[i] = i;
	qsort_r(o, n, sizeof *o, by_need, s);
	/* Kept groups, each in order of need: the least apoya. */
	for (i = 0; i < n && s[o[i]].keep > 0; i = j) {
		grupo++;
		for (j = i; j < n && s[o[j]].keep == s[o[i]].keep; j++) {
			s[o[j]].grupo = grupo;
			s[o[j]].rol = j == i ? ROL_APOYA : ROL_RECIBE;
		}
	}
	/* The others, nivel by nivel. */
	for (; i < n; i = j) {
		for (j = i; j < n && strcmp(s[o[j]].nivel, s[o[i]].nivel) == 0;
		    j++)
			;
		bad += pair_level(s, o + i, j - i, avoid, arg, &grupo);
	}
	free(o);
	return bad;
}

const char *
pair_rol_name(enum pair_rol r)
{
	switch (r) {
	case ROL_APOYA:
		return "apoya";
	case ROL_RECIBE:
		return "recibe";
	case ROL_SIN_PAR:
	default:
		return "sin_par";
	}
}

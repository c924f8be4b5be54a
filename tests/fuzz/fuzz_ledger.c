/*
 * fuzz_ledger.c - libFuzzer harness for the commitments ledger
 * (lib/ledger.c)
 *
 * The input after the first byte is a ledger file.  It is put in a memfd
 * and opened by its /proc path with ledger_open, as sate-commit opens a
 * ledger (lock, map, the search for a torn tail); then read with
 * ledger_reader and folded the way 'sate-commit verify' folds it: meta,
 * batch, fields and event checks, then ledger_apply.  ledger_fold_ids
 * reads the same bytes.  The first byte: bit 0 asks for the exact
 * header, bit 1 folds without keeping states, bit 2 re-applies each
 * commitment from its own fields (the aliasing path of ledger_apply).
 *
 * Invariants: the good part ends at a line start and cut_line counts the
 * lines before it; a problem names a ledger column or none and says
 * something; an event that passes the checks has a parseable id, a time
 * stamp, a valid CCT, real dates in order and a known status; an
 * expected CCT is itself valid; after ledger_apply the commitment holds
 * the event's fields exactly, its lines in order, and ledger_next_n is
 * past its n.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sate.h"
#include "fuzz.h"

static void
check_problem(const struct ledger_problem *p)
{
	check(p->col >= -1 && p->col < LEDGER_NCOLS);
	check(p->msg[0] != '\0' && strlen(p->msg) < sizeof p->msg);
	check(strlen(p->expected) < sizeof p->expected);
	if (p->expected[0] != '\0' && p->col == LC_CCT)
		check(cct_validate(p->expected, strlen(p->expected), NULL) ==
		    CCT_OK);
}

static void
check_tail(const struct ledger_file *lf)
{
	unsigned long line = 1;
	size_t i;

	check(lf->good <= lf->size);
	check((lf->good == lf->size) == (lf->why == NULL));
	check(lf->good == 0 || lf->map[lf->good - 1] == '\n');
	if (lf->good == lf->size)
		return;
	for (i = 0; i < lf->good; i++)
		line += lf->map[i] == '\n';
	check(lf->cut_line == line);
}

static int
same(const struct sate_field *a, const struct sate_field *b)
{
	return a->len == b->len && memcmp(a->p, b->p, a->len) == 0;
}

static void
check_applied(const struct ledger *L, const struct sate_field *ev,
    unsigned long line)
{
	struct ledger_item *it;
	struct sate_field f[LEDGER_NCOLS];
	char cct[16], ciclo[64];
	size_t i, plen;
	long n;

	it = ledger_get(L, ev[LC_ID].p, ev[LC_ID].len);
	check(it != NULL);
	ledger_item_fields(it, f);
	for (i = 0; i < LEDGER_NCOLS; i++)
		check(same(&f[i], &ev[i]) && f[i].p[f[i].len] == '\0');
	check(it->last == line && it->first <= it->last && it->nev >= 1);
	if (ledger_parse_id(ev[LC_ID].p, ev[LC_ID].len, &plen, &n) < 0 ||
	    ev[LC_CCT].len >= sizeof cct || ev[LC_CICLO].len >= sizeof ciclo)
		return;
	if (plen != ev[LC_CCT].len + 1 + ev[LC_CICLO].len ||
	    memcmp(ev[LC_ID].p, ev[LC_CCT].p, ev[LC_CCT].len) != 0 ||
	    ev[LC_ID].p[ev[LC_CCT].len] != '-' ||
	    memcmp(ev[LC_ID].p + ev[LC_CCT].len + 1, ev[LC_CICLO].p,
	    ev[LC_CICLO].len) != 0)
		return;
	memcpy(cct, ev[LC_CCT].p, ev[LC_CCT].len + 1);
	memcpy(ciclo, ev[LC_CICLO].p, ev[LC_CICLO].len + 1);
	if (memchr(cct, '\0', ev[LC_CCT].len) || memchr(ciclo, '\0',
	    ev[LC_CICLO].len))
		return;
	check(ledger_next_n(L, cct, ciclo) > n);
}

static void
check_fields_ok(const struct sate_field *ev)
{
	struct sate_date a, b;
	size_t i;

	check(cct_validate(ev[LC_CCT].p, ev[LC_CCT].len, NULL) == CCT_OK);
	check(ledger_ciclo_ok(ev[LC_CICLO].p, ev[LC_CICLO].len));
	check(ledger_fase_ok(ev[LC_SESION_FASE].p, ev[LC_SESION_FASE].len));
	check(sate_parse_date(ev[LC_SESION_FECHA].p, ev[LC_SESION_FECHA].len,
	    &a) == 0);
	check(sate_parse_date(ev[LC_FECHA_INICIO].p, ev[LC_FECHA_INICIO].len,
	    &a) == 0);
	check(sate_parse_date(ev[LC_FECHA_COMPROMISO].p,
	    ev[LC_FECHA_COMPROMISO].len, &b) == 0);
	check(sate_days(&a) <= sate_days(&b));
	check(ledger_estatus(ev[LC_ESTATUS].p, ev[LC_ESTATUS].len) >= 0);
	for (i = LC_CCT; i <= LC_NOTA; i++)
		check(memchr(ev[i].p, '\n', ev[i].len) == NULL &&
		    memchr(ev[i].p, '\r', ev[i].len) == NULL);
}

static void
check_meta_ok(const struct sate_field *ev)
{
	size_t plen;
	long n;

	check(ledger_parse_id(ev[LC_ID].p, ev[LC_ID].len, &plen, &n) == 0);
	check(plen > 0 && plen < ev[LC_ID].len && n >= 1);
	check(ev[LC_ID].p[plen] == '-');
	check(ledger_timestamp_ok(ev[LC_REGISTRADO].p,
	    ev[LC_REGISTRADO].len));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	struct ledger_file lf;
	struct ledger *L, *L2;
	struct ledger_problem p;
	struct ledger_item *it;
	struct csvr *r;
	struct sate_rec *rec;
	struct sate_field ev[LEDGER_NCOLS], own[LEDGER_NCOLS];
	int idx[LEDGER_NCOLS], st, rc, steps = 0, e, e2;
	char path[64];
	uint8_t sw;

	if (size < 1)
		return 0;
	sw = data[0];
	data++;
	size--;
	if (fd < 0 && (fd = memfd_create("ledger", 0)) < 0)
		abort();
	if (ftruncate(fd, 0) < 0 ||
	    (size > 0 && pwrite(fd, data, size, 0) != (ssize_t)size))
		abort();
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	/* A memfd always opens: a failure is a first line that is no
	 * header the reader accepts (UTF-16, binary, bad UTF-8). */
	if (ledger_open(&lf, path, LEDGER_READ) < 0) {
		check(lf.status == SATE_EXIT_DATA);
		return 0;
	}
	check(lf.size == size);
	check_tail(&lf);

	/* transitions: a closed commitment stays closed */
	e = sw % EST_COUNT;
	e2 = (sw >> 3) % EST_COUNT;
	if (ledger_closed(e) && e2 != e)
		check(!ledger_transition_ok(e, e2));
	check(ledger_estatus(ledger_estatus_name(e),
	    strlen(ledger_estatus_name(e))) == e);

	L2 = ledger_new(0);
	if (ledger_fold_ids(&lf, L2) == 0 && lf.good > 0) {
		/* the header, after what the reader skips before it: byte
		 * order marks and blank lines */
		const char *h = lf.map, *end = lf.map + lf.good;
		size_t n;

		for (;;) {
			if (end - h >= 3 && memcmp(h, "\xEF\xBB\xBF", 3) == 0)
				h += 3;
			else if (h < end && *h == '\n')
				h++;
			else if (end - h >= 2 && h[0] == '\r' && h[1] == '\n')
				h += 2;
			else
				break;
		}
		n = strcspn(h, "\r\n");
		check(n < (size_t)(end - h) &&
		    strncmp(h, "id,registrado,", 14) == 0);
	}
	ledger_free(L2);

	st = -1;
	r = ledger_reader(&lf, sw & 1, CSVR_QUIET, idx, &st);
	if (r == NULL) {
		check(st == SATE_EXIT_DATA || st == SATE_EXIT_IO);
		ledger_close(&lf);
		return 0;
	}
	L = ledger_new(!(sw & 2));
	while ((rc = csvr_next(r, &rec)) != 0 && ++steps < 10000) {
		if (rc < 0) {
			if (csvr_fatal(r))
				break;
			continue;
		}
		ledger_event(rec, idx, ev);
		if (ledger_check_meta(ev, &p) < 0)
			check_problem(&p);
		else
			check_meta_ok(ev);
		if (ledger_check_batch(L, ev, &p) < 0)
			check_problem(&p);
		if (ledger_check_fields(ev, &p) < 0)
			check_problem(&p);
		else
			check_fields_ok(ev);
		if (ev[LC_ID].len == 0)
			continue;
		if (ledger_check_event(L, ev, &p) < 0) {
			check_problem(&p);
			if (!p.keep)
				continue;
		}
		ledger_apply(L, ev, rec->line);
		if (sw & 2) {
			check(ledger_count(L) == 0);
			continue;
		}
		check_applied(L, ev, rec->line);
		if (sw & 4) {
			it = ledger_get(L, ev[LC_ID].p, ev[LC_ID].len);
			ledger_item_fields(it, own);
			ledger_apply(L, own, rec->line);
			check_applied(L, ev, rec->line);
		}
	}
	csvr_close(r);
	ledger_free(L);
	ledger_close(&lf);
	return 0;
}

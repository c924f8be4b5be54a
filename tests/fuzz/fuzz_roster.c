/*
 * fuzz_roster.c - libFuzzer harness for the roster checks (lib/roster.c,
 * lib/text.c, lib/curp.c, lib/cct.c)
 *
 * The first byte picks what is fuzzed:
 *   0  a roster CSV: every record through roster_check (with and without
 *      the duplicate map) and every field through roster_tidy of its
 *      column's kind;
 *   1  the bytes as a CURP, 2 as a CCT;
 *   3  the bytes, when they are UTF-8, as a name (text_name) and as an
 *      identifier (text_ident);
 *   4  the bytes as a birth date (roster_parse_fecha), and split in two
 *      and in three for roster_cmp (antisymmetric and transitive).
 *
 * Invariants: a problem names a column of the record, has a code and an
 * expected value that fits; tidying is idempotent, and a value
 * roster_tidy_same keeps is given back as it is, as is every field of a
 * plain record roster_span_same passes.  A CURP or CCT found
 * valid is of the pattern and its check character is the computed one;
 * on a wrong check character the expected one makes it valid, and any
 * other makes it wrong with the same expectation.  text_name gives
 * valid UTF-8 in NFC, trimmed, one space between words, and is its own
 * fixed point.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "sate.h"
#include "fuzz.h"

static int
up(char c)
{
	return c >= 'A' && c <= 'Z';
}

static int
dig(char c)
{
	return c >= '0' && c <= '9';
}

static void
fuzz_curp(const char *s, size_t len)
{
	char exp = 0, t[18];
	enum curp_problem p;
	int i, y, m, d;
	char iso[11];
	struct sate_date sd;

	p = curp_validate(s, len, &exp);
	check(p >= CURP_OK && p <= CURP_CHECK);
	check(curp_problem_str(p) != NULL && *curp_problem_str(p) != '\0');
	check((p == CURP_LENGTH) == (len != 18));
	if (len != 18)
		return;
	memcpy(t, s, 18);
	if (p == CURP_CHECK) {
		check(dig(exp) && exp != s[17]);
		t[17] = exp;
		check(curp_validate(t, 18, NULL) == CURP_OK);
		return;
	}
	if (p != CURP_OK) {
		check(exp == 0);
		return;
	}
	for (i = 0; i < 4; i++)
		check(up(s[i]));
	for (i = 4; i < 10; i++)
		check(dig(s[i]));
	check(s[10] == 'H' || s[10] == 'M' || s[10] == 'X');
	for (i = 11; i < 16; i++)
		check(up(s[i]));
	check(up(s[16]) || dig(s[16]));
	check(dig(s[17]) && curp_check_digit(s) == s[17]);
	curp_birth(s, &y, &m, &d);
	check(sate_valid_date(y, m, d));
	curp_birth_iso(s, iso);
	check(strlen(iso) == 10 && sate_parse_date(iso, 10, &sd) == 0 &&
	    sd.y == y && sd.m == m && sd.d == d);
	for (t[17] = '0'; t[17] <= '9'; t[17]++) {
		if (t[17] == s[17])
			continue;
		exp = 0;
		check(curp_validate(t, 18, &exp) == CURP_CHECK &&
		    exp == s[17]);
	}
}

static void
fuzz_cct(const char *s, size_t len)
{
	char exp = 0, t[11];
	enum cct_problem p;
	int i, e;
	enum sate_nivel nv;
	const char *sost;

	p = cct_validate(s, len, &exp);
	check(p >= CCT_OK && p <= CCT_CHECK);
	check(cct_problem_str(p) != NULL && *cct_problem_str(p) != '\0');
	check((p == CCT_LENGTH) == (len != 10));
	if (len != 10)
		return;
	memcpy(t, s, 10);
	t[10] = '\0';
	if (p == CCT_CHECK) {
		check(up(exp) && exp != s[9]);
		t[9] = exp;
		check(cct_validate(t, 10, NULL) == CCT_OK);
		return;
	}
	if (p != CCT_OK) {
		check(exp == 0);
		return;
	}
	check(dig(s[0]) && dig(s[1]));
	e = (s[0] - '0') * 10 + (s[1] - '0');
	check(e >= 1 && e <= 32);
	for (i = 2; i < 5; i++)
		check(up(s[i]));
	for (i = 5; i < 9; i++)
		check(dig(s[i]));
	check(up(s[9]) && cct_check_letter(s) == s[9]);
	nv = cct_nivel(t);
	check(nv >= NIVEL_DESCONOCIDO && nv <= NIVEL_ESPECIAL);
	check(nivel_name(nv) != NULL);
	sost = cct_sostenimiento(t);
	check(sost != NULL);
	for (t[9] = 'A'; t[9] <= 'Z'; t[9]++) {
		if (t[9] == s[9])
			continue;
		exp = 0;
		check(cct_validate(t, 10, &exp) == CCT_CHECK && exp == s[9]);
	}
}

static size_t
name(struct sate_buf *b, const char *s, size_t len, const char **out)
{
	size_t off, n;

	off = text_name(b, s, len, &n);
	*out = b->p + off;
	check((*out)[n] == '\0');
	return n;
}

static void
fuzz_text(const char *s, size_t len)
{
	struct sate_buf b = { NULL, 0, 0 }, b2 = { NULL, 0, 0 };
	const char *o, *o2;
	uint8_t *nf;
	size_t n, n2, nn, i;
	char id[64];

	if (u8_check((const uint8_t *)s, len) != NULL ||
	    memchr(s, '\0', len) != NULL)
		return;
	n = name(&b, s, len, &o);
	check(u8_check((const uint8_t *)o, n) == NULL);
	check(n == 0 || (o[0] != ' ' && o[n - 1] != ' '));
	for (i = 0; i < n; i++) {
		check(o[i] != '\t');
		check(!(o[i] == ' ' && o[i + 1] == ' '));
		check(!((unsigned char)o[i] == 0xC2 &&
		    (unsigned char)o[i + 1] == 0xA0));
	}
	/* in NFC */
	nf = u8_normalize(UNINORM_NFC, (const uint8_t *)o, n, NULL, &nn);
	check(nf != NULL && nn == n && memcmp(nf, o, n) == 0);
	free(nf);
	/* a fixed point; and same means same */
	n2 = name(&b2, o, n, &o2);
	check(n2 == n && memcmp(o2, o, n) == 0);
	if (text_name_same(s, len))
		check(n == len && memcmp(o, s, len) == 0);
	/* a second name in the same buffer leaves the first alone */
	n2 = name(&b, s, len, &o2);
	check(n2 == n && memcmp(b.p, o2, n) == 0);
	buf_free(&b);
	buf_free(&b2);

	n = text_ident(s, len, id, sizeof id);
	if (n == (size_t)-1)
		return;
	check(n < sizeof id && id[n] == '\0');
	for (i = 0; i < n; i++)
		check(!(id[i] >= 'a' && id[i] <= 'z'));
	check(n == 0 || (id[0] != ' ' && id[0] != '\t' && id[n - 1] != ' ' &&
	    id[n - 1] != '\t'));
	check(text_ident_same(id, n));
	if (text_ident_same(s, len))
		check(n == len && memcmp(id, s, len) == 0);
}

static void
fuzz_fecha(const char *s, size_t len)
{
	struct sate_date d, e;
	char buf[11];
	int iso = -1, iso2 = -1, c1, c2;
	size_t k;

	if (roster_parse_fecha(s, len, &d, &iso) == 0) {
		check(sate_valid_date(d.y, d.m, d.d));
		check(iso == 0 || iso == 1);
		sate_format_date(&d, buf);
		check(roster_parse_fecha(buf, 10, &e, &iso2) == 0 && iso2 &&
		    e.y == d.y && e.m == d.m && e.d == d.d);
		sate_date_from_days(sate_days(&d), &e);
		check(e.y == d.y && e.m == d.m && e.d == d.d);
	}
	k = len / 2;
	c1 = roster_cmp(s, k, s + k, len - k);
	c2 = roster_cmp(s + k, len - k, s, k);
	check((c1 > 0) == (c2 < 0) && (c1 == 0) == (c2 == 0));
	check(roster_cmp(s, len, s, len) == 0);
	/* a total order: transitive over three values */
	{
		size_t i1 = len / 3, i2 = 2 * len / 3;
		const char *v[3] = { s, s + i1, s + i2 };
		size_t l[3] = { i1, i2 - i1, len - i2 };
		int x, y, z;

		for (x = 0; x < 3; x++)
			for (y = 0; y < 3; y++)
				for (z = 0; z < 3; z++)
					if (roster_cmp(v[x], l[x], v[y], l[y])
					    <= 0 && roster_cmp(v[y], l[y],
					    v[z], l[z]) <= 0)
						check(roster_cmp(v[x], l[x],
						    v[z], l[z]) <= 0);
	}
}

/* Tidy, and tidy again: the same; a value tidy_same keeps is kept. */
static void
tidy(struct sate_buf *b, struct sate_buf *b2, enum roster_tidy kind,
    const struct sate_field *f)
{
	size_t off, n, off2, n2;

	b->len = b2->len = 0;
	off = roster_tidy(b, kind, f->p, f->len, &n);
	check(b->p[off + n] == '\0');
	if (roster_tidy_same(kind, f->p, f->len))
		check(n == f->len && memcmp(b->p + off, f->p, n) == 0);
	off2 = roster_tidy(b2, kind, b->p + off, n, &n2);
	check(n2 == n && memcmp(b2->p + off2, b->p + off, n) == 0);
	if (kind == TIDY_TRIM || kind == TIDY_ESTATUS || kind == TIDY_KEEP)
		check(roster_tidy_same(kind, b->p + off, n));
}

/* The whole-record test of a plain record: its yes means every field
 * is its own tidy form for the kinds it covers. */
static void
span_same(const struct sate_rec *rec)
{
	static const enum roster_tidy kinds[] = {
		TIDY_NAME, TIDY_TRIM, TIDY_FECHA, TIDY_KEEP
	};
	const struct sate_field *last;
	struct sate_buf b = { NULL, 0, 0 };
	size_t i, k, off, n;

	if (!rec->plain || rec->n == 0)
		return;
	last = &rec->f[rec->n - 1];
	check(last->p[last->len] == '\0');
	if (!roster_span_same(rec->f[0].p,
	    (size_t)(last->p + last->len - rec->f[0].p)))
		return;
	for (i = 0; i < rec->n; i++)
		for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
			check(roster_tidy_same(kinds[k], rec->f[i].p,
			    rec->f[i].len));
			b.len = 0;
			off = roster_tidy(&b, kinds[k], rec->f[i].p,
			    rec->f[i].len, &n);
			check(n == rec->f[i].len &&
			    memcmp(b.p + off, rec->f[i].p, n) == 0);
		}
	buf_free(&b);
}

static void
fuzz_csv(uint8_t sw, const char *s, size_t len)
{
	static struct roster_problem p[ROSTER_MAXPROB], p2[ROSTER_MAXPROB];
	struct sate_opts o;
	struct csvr *r;
	struct sate_rec *rec;
	struct roster_columns c;
	struct roster_checker *k1, *k2, *k3, *k4;
	struct roster_dupkey dk;
	struct roster_problem pd;
	struct roster_dup_where w;
	struct sate_dups *ds;
	struct sate_dup *found;
	struct direct {			/* the duplicates k1 found */
		unsigned long line;
		const char *problema;
		char esperado[128], value[20];
	} *direct = NULL;
	struct sate_buf b = { NULL, 0, 0 }, b2 = { NULL, 0, 0 };
	enum roster_tidy *kinds;
	size_t n, i, j, ncols, ndirect = 0, nfound;
	int rc, steps = 0, full = 0;

	sate_opts_init(&o);
	o.delim = (sw & 8) ? ';' : ',';
	if ((r = csvr_open_mem(s, len, "f", &o, CSVR_QUIET)) == NULL)
		return;
	roster_cols_find(&c, r);
	ncols = csvr_ncols(r);
	kinds = xcalloc(ncols, sizeof *kinds);
	for (i = 0; i < ncols; i++)
		kinds[i] = roster_tidy_kind(csvr_colname(r, i));
	k1 = roster_checker_new(1);
	k2 = roster_checker_new(0);
	ds = dups_new();
	k3 = roster_checker_new(0);	/* the keys, for k4 at the end */
	k4 = roster_checker_new(0);
	roster_checker_key_to(k3, &dk);
	roster_checker_file(k1, "f");
	roster_checker_file(k4, "f");
	while ((rc = csvr_next(r, &rec)) != 0 && ++steps < 10000) {
		if (rc < 0) {
			if (csvr_fatal(r))
				break;
			continue;
		}
		n = roster_check((sw & 16) ? NULL : k1, &c, rec, p);
		check(n <= ROSTER_MAXPROB);
		for (i = 0; i < n; i++) {
			check(p[i].col >= 0 && (size_t)p[i].col < rec->n);
			check(p[i].aviso == 0 || p[i].aviso == 1);
			check(p[i].problema != NULL && *p[i].problema != '\0');
			check(p[i].what != NULL && *p[i].what != '\0');
			check(strlen(p[i].esperado) < sizeof p[i].esperado);
			for (j = 0; p[i].problema[j] != '\0'; j++)
				check((p[i].problema[j] >= 'a' &&
				    p[i].problema[j] <= 'z') ||
				    p[i].problema[j] == '_' ||
				    dig(p[i].problema[j]));
		}
		/* without the duplicate map: the same problems but the
		 * duplicates */
		j = roster_check(k2, &c, rec, p2);
		check(j <= n && (n - j <= 1 || n == ROSTER_MAXPROB));
		for (i = 0; i < j; i++)
			check(p2[i].col == p[i].col &&
			    p2[i].problema == p[i].problema &&
			    strcmp(p2[i].esperado, p[i].esperado) == 0);
		for (i = j; i < n; i++)
			check(strstr(p[i].problema, "dup") != NULL ||
			    strstr(p[i].problema, "esc") != NULL);
		/* the duplicate check apart, as sate-roster check runs
		 * it: the keys put in order, the duplicates at the end */
		if (!(sw & 16)) {
			j = roster_check(k3, &c, rec, p2);
			full |= n == ROSTER_MAXPROB;
			if (dk.ok)
				roster_dup_put(k4, ds, &dk,
				    roster_dupkey_id(&dk));
			if (n > j) {	/* k1's duplicate: the last */
				check(dk.ok && n == j + 1);
				direct = xrealloc(direct, (ndirect + 1) *
				    sizeof *direct);
				direct[ndirect].line = rec->line;
				direct[ndirect].problema = p[n - 1].problema;
				memcpy(direct[ndirect].esperado,
				    p[n - 1].esperado, 128);
				memcpy(direct[ndirect].value, dk.key, 20);
				ndirect++;
			}
		}
		for (i = 0; i < rec->n; i++)
			tidy(&b, &b2, kinds[i], &rec->f[i]);
		span_same(rec);
	}
	/* the same duplicates, in the same order, said the same way */
	found = dups_find(ds, UINT32_MAX, &nfound);
	if (!(sw & 16) && !full) {
		check(nfound == ndirect);
		for (i = 0; i < nfound && i < ndirect; i++) {
			roster_dup_problem(k4, &found[i], &pd, &w);
			check(w.line == direct[i].line);
			check(strcmp(w.file, "f") == 0);
			check(strcmp(w.value, direct[i].value) == 0);
			check(pd.problema == direct[i].problema);
			check(strcmp(pd.esperado, direct[i].esperado) == 0);
		}
	}
	free(found);
	free(direct);
	dups_free(ds);
	roster_checker_free(k1);
	roster_checker_free(k2);
	roster_checker_free(k3);
	roster_checker_free(k4);
	buf_free(&b);
	buf_free(&b2);
	free(kinds);
	csvr_close(r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data + 1;
	char *t;

	if (size < 1)
		return 0;
	size--;
	/* NUL-terminated, as fields are */
	t = xmalloc(size + 1);
	memcpy(t, s, size);
	t[size] = '\0';
	switch (data[0] % 8) {
	case 0:
		fuzz_csv(data[0], t, size);
		break;
	case 1:
		fuzz_curp(t, size);
		break;
	case 2:
		fuzz_cct(t, size);
		break;
	case 3:
		fuzz_text(t, size);
		break;
	case 4:
		fuzz_fecha(t, size);
		break;
	default:
		break;
	}
	free(t);
	return 0;
}

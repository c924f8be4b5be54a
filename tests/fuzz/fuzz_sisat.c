/*
 * fuzz_sisat.c - libFuzzer harness for the alert rules (lib/sisat.c)
 *
 * The first byte picks what is fuzzed.  With its low bit clear the rest
 * is a CSV file: its header makes the plan the way sate-alert makes it,
 * and every record goes through sisat_read, sisat_evaluate and
 * sisat_motivos; the other bits of that byte and the next one switch
 * rules off, set rojo-at and give rows a previous period.  With the low
 * bit set the rest is a rules file for sisat_rules_load.
 *
 * Invariants checked on every row: a flag only for a rule that runs, a
 * skill flagged exactly when its level is requiere_apoyo, senales the
 * number of flags before consecutivo, the semaforo the rojo-at rule's,
 * motivos one item per flag (one per skill for consecutivo) in rule
 * order, within its buffer, with no byte that CSV would quote, and cut
 * short by a small buffer into a prefix of itself.  A bad value names a
 * column of the file and says what is wrong; a bad grado names the nivel
 * of the row's own CCT (sisat_read caches it from row to row).  A rules
 * file that loads prints as one that loads back to the same rules.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sate.h"
#include "fuzz.h"

static int
popcount(unsigned x)
{
	int n = 0;

	for (; x != 0; x >>= 1)
		n += (int)(x & 1);
	return n;
}

/* A rules file in memory, loaded by its /proc path. */
static int
load_mem(struct sisat_rules *r, const void *p, size_t n)
{
	static int fd = -1;
	char path[64];

	if (fd < 0 && (fd = memfd_create("rules", 0)) < 0)
		abort();
	if (ftruncate(fd, 0) < 0 || pwrite(fd, p, n, 0) != (ssize_t)n)
		abort();
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	return sisat_rules_load(r, path);
}

static void
fuzz_rules(const uint8_t *data, size_t size)
{
	struct sisat_rules r, back;
	char *text = NULL;
	size_t len = 0;
	FILE *fp;
	int st;

	sisat_rules_init(&r);
	st = load_mem(&r, data, size);
	check(st == 0 || st == SATE_EXIT_USAGE);
	if (st != 0)
		return;
	check(sisat_rules_check(&r) == NULL);
	if ((fp = open_memstream(&text, &len)) == NULL)
		abort();
	sisat_rules_print(&r, fp);
	fclose(fp);
	/* from other rules than the defaults, so every key must be read */
	memset(&back, 0, sizeof back);
	back.lectura_esperado = back.escritura_esperado = 18;
	back.calculo_esperado = 10;
	check(load_mem(&back, text, len) == 0);
	check(memcmp(&r, &back, sizeof r) == 0);
	free(text);
}

/* motivos into a buffer of exactly size bytes, so ASan sees an overrun. */
static size_t
motivos(const struct sisat_row *row, const struct sisat_result *res,
    char *out, size_t size)
{
	char *b = malloc(size);
	size_t n;

	if (b == NULL)
		abort();
	n = sisat_motivos(row, res, b, size);
	check(n < size && b[n] == '\0' && strlen(b) == n);
	memcpy(out, b, n + 1);
	free(b);
	return n;
}

static void
check_motivos(const struct sisat_plan *plan, const struct sisat_row *row,
    const struct sisat_result *res, size_t small)
{
	char full[512], cut[512], name[32];
	const char *s, *e;
	size_t n, m, len;
	int k, items = 0, last = -1;

	n = motivos(row, res, full, sizeof full);
	for (s = full; s < full + n; s++)
		check(*s != ',' && *s != '"' && *s != '\r' && *s != '\n' &&
		    *s != ' ');
	/* items: "rule=value", or "consecutivo=skill" */
	for (s = full; n > 0 && s <= full + n; s = e + 1) {
		if ((e = strchr(s, ';')) == NULL)
			e = full + n;
		len = (size_t)(e - s);
		check(len > 0);
		for (k = 0; k < SISAT_NRULES; k++) {
			snprintf(name, sizeof name, "%s=", sisat_rule_name(k));
			if (strncmp(s, name, strlen(name)) == 0)
				break;
		}
		check(k < SISAT_NRULES && k >= last);
		check(res->flags & (1U << k));
		check(len > strlen(name));
		if (k < SISAT_NSKILLS)
			check(strcmp(sisat_level_name(row->level[k]),
			    "requiere_apoyo") == 0 &&
			    len == strlen(name) + strlen("requiere_apoyo"));
		last = k;
		items++;
	}
	check(items == res->senales + popcount(res->consecutive));
	(void)plan;
	m = motivos(row, res, cut, small);
	check(m <= n && memcmp(cut, full, m) == 0);
	check(m == n || m == small - 1);
}

static void
fuzz_csv(uint8_t sw, const uint8_t *data, size_t size)
{
	struct sate_opts o;
	struct sisat_rules rules;
	struct sisat_plan plan;
	struct sisat_row row;
	struct sisat_result res;
	struct csvr *r;
	struct sate_rec *rec;
	int idx[SISAT_NSLOTS], k, s, col, rc, lo, hi, steps = 0;
	unsigned flags;
	char err[256], want[64];
	const char *a, *t;
	size_t n;
	enum sate_nivel nivel;

	if (size < 1)
		return;
	sisat_rules_init(&rules);
	/* sw: bits 1-3 rojo-at - 1; bits 4-7 switch off rules 0, 3, 4, 6 */
	rules.rojo_at = (sw >> 1 & 7) + 1;
	if (sw & 0x10)
		rules.on[SISAT_LECTURA] = 0;
	if (sw & 0x20)
		rules.on[SISAT_CALIFICACION] = 0;
	if (sw & 0x40)
		rules.on[SISAT_INASISTENCIA] = 0;
	if (sw & 0x80)
		rules.on[SISAT_CONVIVENCIA] = 0;
	/* data[0]: the previous period, if any; the cut buffer's size */
	sate_opts_init(&o);
	r = csvr_open_mem((const char *)data + 1, size - 1, "f", &o,
	    CSVR_QUIET);
	if (r == NULL)
		return;
	for (s = 0; s < SISAT_NSLOTS; s++) {
		idx[s] = csvr_col(r, sisat_slot_name(s));
		if (idx[s] < 0 && (a = sisat_slot_alias(s)) != NULL)
			idx[s] = csvr_col(r, a);
		check(idx[s] < (int)csvr_ncols(r));
	}
	err[0] = '\0';
	if (sisat_plan(&plan, &rules, idx, err, sizeof err) < 0) {
		check(err[0] != '\0' && strlen(err) < sizeof err);
		csvr_close(r);
		return;
	}
	plan.runs[SISAT_CONSECUTIVO] = (data[0] & 1) &&
	    rules.on[SISAT_CONSECUTIVO];
	for (k = 0; k < SISAT_NRULES; k++)
		check(!plan.runs[k] || rules.on[k]);
	memset(&row, 0, sizeof row);
	while ((rc = csvr_next(r, &rec)) != 0 && ++steps < 10000) {
		if (rc < 0) {
			if (csvr_fatal(r))
				break;
			continue;
		}
		col = -2;
		err[0] = '\0';
		if (sisat_read(&plan, &rules, rec->f, &row, &col, err,
		    sizeof err) < 0) {
			check(col >= 0 && (size_t)col < rec->n);
			check(err[0] != '\0');
			if (col == idx[SISAT_S_GRADO] && idx[SISAT_S_CCT] >= 0) {
				/* the nivel of this row's CCT, not a cached
				 * one */
				nivel = cct_nivel(rec->f[idx[SISAT_S_CCT]].p);
				if (!nivel_grades(nivel, &lo, &hi))
					lo = 1, hi = 6;
				snprintf(want, sizeof want, " of %s (%d to %d)",
				    nivel == NIVEL_DESCONOCIDO ?
				    "basic education" : nivel_name(nivel), lo,
				    hi);
				n = strlen(err);
				/* unless the value made it too long */
				check(n == sizeof err - 1 || (n > strlen(want) &&
				    strcmp(err + n - strlen(want), want) == 0));
			}
			continue;
		}
		for (k = 0; k < SISAT_NSKILLS; k++)
			check(row.level[k] >= SISAT_NONE &&
			    row.level[k] <= SISAT_ESPERADO);
		for (k = 0; k < 2; k++)
			check(row.grade[k] >= 0 && row.grade[k] <= 10);
		check((row.faltas < 0) == (row.dias < 0) || !plan.runs[
		    SISAT_INASISTENCIA]);
		check(row.faltas < 0 || row.dias < 0 ||
		    row.faltas <= row.dias);
		/* a previous period from the line number */
		row.prev = (int)(rec->line * 7 + data[0]) % 3 != 0;
		row.prev_apoyo = (unsigned)(rec->line + data[0]) & 7;
		row.prev_color = (enum sisat_color)(rec->line % 3);
		sisat_evaluate(&plan, &rules, &row, &res);

		flags = res.flags;
		for (k = 0; k < SISAT_NRULES; k++)
			if (flags & (1U << k))
				check(plan.runs[k]);
		check(flags < 1U << SISAT_NRULES);
		for (k = 0; k < SISAT_NSKILLS; k++)
			check(!!(flags & (1U << k)) == (plan.runs[k] &&
			    row.level[k] == SISAT_REQUIERE_APOYO));
		check((res.consecutive & ~(flags & row.prev_apoyo & 7)) == 0);
		check(res.consecutive == 0 || row.prev);
		check(!!(flags & (1U << SISAT_CONSECUTIVO)) ==
		    (res.consecutive != 0));
		check(!!(flags & (1U << SISAT_CALIFICACION)) ==
		    (res.grade_fail != 0));
		check(res.senales == popcount(flags &
		    ~(1U << SISAT_CONSECUTIVO)));
		if (res.senales >= rules.rojo_at || res.consecutive != 0)
			check(res.color == SISAT_ROJO);
		else if (res.senales > 0)
			check(res.color == SISAT_AMARILLO);
		else
			check(res.color == SISAT_VERDE);
		t = sisat_tendencia(&row, &res);
		check(strcmp(t, "mejora") == 0 || strcmp(t, "igual") == 0 ||
		    strcmp(t, "empeora") == 0 || strcmp(t, "nuevo") == 0);
		check(!row.prev == (strcmp(t, "nuevo") == 0));
		check_motivos(&plan, &row, &res,
		    (size_t)(data[0] >> 1) % 64 + 1);
	}
	csvr_close(r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (data[0] & 1)
		fuzz_rules(data + 1, size - 1);
	else
		fuzz_csv(data[0], data + 1, size - 1);
	return 0;
}

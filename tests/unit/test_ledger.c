/*
 * test_ledger.c - the commitments ledger: rules, ids, fold, file tail,
 * durable append and repair
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sate.h"

static char dir[64];

/* An event from "col=value" pairs over a valid base. */
static const char *base[LEDGER_NCOLS] = {
	"15EPR0015Z-2024-2025-1", "2024-10-25T14:02:11-06:00", "15EPR0015Z",
	"2024-2025", "2024-10-25", "ordinaria", "2", "Convivencia",
	"Asamblea semanal", "Mtro. Ruiz", "Menos conflictos", "",
	"2024-10-28", "2024-11-29", "pendiente", "", "", "0"
};

static void
event(struct sate_field *ev, ...)
{
	va_list ap;
	const char *s;
	int i;

	for (i = 0; i < LEDGER_NCOLS; i++) {
		ev[i].p = base[i];
		ev[i].len = strlen(base[i]);
	}
	va_start(ap, ev);
	while ((i = va_arg(ap, int)) >= 0) {
		s = va_arg(ap, const char *);
		ev[i].p = s;
		ev[i].len = strlen(s);
	}
	va_end(ap);
}

static void
test_statuses(void **state)
{
	/* from \ to: pend proc cump nocu repr canc */
	static const int legal[EST_COUNT][EST_COUNT] = {
		{ 0, 1, 1, 1, 1, 1 },	/* pendiente */
		{ 0, 1, 1, 1, 1, 1 },	/* en_proceso */
		{ 0, 0, 0, 0, 0, 0 },	/* cumplido */
		{ 0, 0, 0, 0, 0, 0 },	/* no_cumplido */
		{ 0, 1, 1, 1, 1, 1 },	/* reprogramado */
		{ 0, 0, 0, 0, 0, 0 },	/* cancelado */
	};
	int a, b;

	(void)state;
	assert_int_equal(ledger_estatus("pendiente", 9), EST_PENDIENTE);
	assert_int_equal(ledger_estatus("cancelado", 9), EST_CANCELADO);
	assert_int_equal(ledger_estatus("cumplid", 7), -1);
	assert_int_equal(ledger_estatus("CUMPLIDO", 8), -1);
	assert_string_equal(ledger_estatus_name(EST_NO_CUMPLIDO),
	    "no_cumplido");
	for (a = 0; a < EST_COUNT; a++)
		for (b = 0; b < EST_COUNT; b++)
			assert_int_equal(ledger_transition_ok(a, b),
			    legal[a][b]);
	assert_int_equal(ledger_transition_ok(-1, EST_CUMPLIDO), 0);
	assert_true(ledger_closed(EST_CUMPLIDO));
	assert_false(ledger_closed(EST_REPROGRAMADO));
}

static void
test_values(void **state)
{
	char ts[32];

	(void)state;
	assert_true(ledger_fase_ok("entre_escuelas", 14));
	assert_true(ledger_fase_ok("ctz", 3));
	assert_false(ledger_fase_ok("CTZ", 3));
	assert_false(ledger_fase_ok("mensual", 7));
	assert_true(ledger_ciclo_ok("2024-2025", 9));
	assert_false(ledger_ciclo_ok("2024-2026", 9));
	assert_false(ledger_ciclo_ok("2025-2024", 9));
	assert_false(ledger_ciclo_ok("2024-25", 7));
	assert_false(ledger_ciclo_ok("2024/2025", 9));
	assert_true(ledger_timestamp_ok("2024-10-25T14:02:11-06:00", 25));
	assert_true(ledger_timestamp_ok("2024-02-29T00:00:00+00:00", 25));
	assert_false(ledger_timestamp_ok("2025-02-29T00:00:00+00:00", 25));
	assert_false(ledger_timestamp_ok("2024-10-25T24:02:11-06:00", 25));
	assert_false(ledger_timestamp_ok("2024-10-25 14:02:11-06:00", 25));
	assert_false(ledger_timestamp_ok("2024-10-25T14:02:11-0600", 24));
	assert_false(ledger_timestamp_ok("2024-10-25T14:0x:11-06:00", 25));
	ledger_timestamp(ts);
	assert_true(ledger_timestamp_ok(ts, strlen(ts)));
}

static void
test_ids(void **state)
{
	size_t plen;
	long n;

	(void)state;
	assert_int_equal(ledger_parse_id("15EPR0015Z-2024-2025-12", 23,
	    &plen, &n), 0);
	assert_int_equal(plen, 20);
	assert_int_equal(n, 12);
	assert_int_equal(ledger_parse_id("15EPR0015Z-2024-2025-0", 22,
	    &plen, &n), -1);
	assert_int_equal(ledger_parse_id("15EPR0015Z-2024-2025-07", 23,
	    &plen, &n), -1);
	assert_int_equal(ledger_parse_id("15EPR0015Z", 10, &plen, &n), -1);
	assert_int_equal(ledger_parse_id("-3", 2, &plen, &n), -1);
	assert_int_equal(ledger_parse_id("a-3x", 4, &plen, &n), -1);
}

static void
test_fields(void **state)
{
	/* CCTs verified by hand (domain.md). */
	static const char *const good[] = {
		"15EJN0123R", "15EPR0456W", "15EES0789D", "09DPR1234J",
		"21DST0042U", "15KJN0007L", "14PPR0310I", "15EML0021T",
		"32EPB0001M", "01DES0004L", "15EPR0015Z", "15EPR0016Z"
	};
	struct sate_field ev[LEDGER_NCOLS];
	struct ledger_problem p;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		event(ev, LC_CCT, good[i], -1);
		assert_int_equal(ledger_check_fields(ev, &p), 0);
	}
	event(ev, LC_CCT, "15EPR0457W", -1);
	assert_int_equal(ledger_check_fields(ev, &p), -1);
	assert_int_equal(p.col, LC_CCT);
	assert_string_equal(p.msg, "'15EPR0457W' is not a valid CCT: bad "
	    "check letter (expected V)");
	assert_string_equal(p.expected, "15EPR0457V");
	event(ev, LC_FECHA_COMPROMISO, "2025-02-29", -1);
	assert_int_equal(ledger_check_fields(ev, &p), -1);
	assert_int_equal(p.col, LC_FECHA_COMPROMISO);
	event(ev, LC_FECHA_INICIO, "2024-02-29", LC_FECHA_COMPROMISO,
	    "2024-02-29", -1);
	assert_int_equal(ledger_check_fields(ev, &p), 0);	/* same day */
	event(ev, LC_FECHA_COMPROMISO, "2024-10-27", -1);
	assert_int_equal(ledger_check_fields(ev, &p), -1);
	assert_string_equal(p.msg,
	    "'2024-10-27' is before fecha_inicio '2024-10-28'");
	event(ev, LC_RESPONSABLE, "", -1);
	assert_int_equal(ledger_check_fields(ev, &p), -1);
	assert_int_equal(p.col, LC_RESPONSABLE);
	event(ev, LC_AMBITO, "", LC_SESION_NUM, "", LC_RECURSOS, "", -1);
	assert_int_equal(ledger_check_fields(ev, &p), 0);	/* optional */
	event(ev, LC_SESION_NUM, "0", -1);
	assert_int_equal(ledger_check_fields(ev, &p), -1);
	event(ev, LC_NOTA, "dos\nlineas", -1);
	assert_int_equal(ledger_check_fields(ev, &p), -1);
	assert_int_equal(p.col, LC_NOTA);
	event(ev, LC_SESION_FASE, "mensual", -1);
	assert_int_equal(ledger_check_fields(ev, &p), -1);
	event(ev, LC_ESTATUS, "hecho", -1);
	assert_int_equal(ledger_check_fields(ev, &p), -1);
	event(ev, LC_CICLO, "2024-2026", -1);
	assert_int_equal(ledger_check_fields(ev, &p), -1);
	event(ev, -1);
	assert_int_equal(ledger_check_meta(ev, &p), 0);
	event(ev, LC_LOTE, "x", -1);
	assert_int_equal(ledger_check_meta(ev, &p), -1);
	event(ev, LC_ID, "15EPR0015Z", -1);
	assert_int_equal(ledger_check_meta(ev, &p), -1);
}

static void
test_fold(void **state)
{
	struct sate_field ev[LEDGER_NCOLS], f[LEDGER_NCOLS];
	struct ledger_problem p;
	struct ledger *L = ledger_new(1);
	struct ledger_item *it;

	(void)state;
	assert_int_equal(ledger_next_n(L, "15EPR0015Z", "2024-2025"), 1);
	/* The first event must be pendiente and fit its id. */
	event(ev, LC_ESTATUS, "en_proceso", -1);
	assert_int_equal(ledger_check_event(L, ev, &p), -1);
	event(ev, LC_ID, "15EPR0016Z-2024-2025-1", -1);
	assert_int_equal(ledger_check_event(L, ev, &p), -1);
	assert_int_equal(p.col, LC_ID);
	event(ev, -1);
	assert_int_equal(ledger_check_event(L, ev, &p), 0);
	ledger_apply(L, ev, 2);
	event(ev, LC_ID, "15EPR0015Z-2024-2025-7", -1);
	ledger_apply(L, ev, 3);
	assert_int_equal(ledger_next_n(L, "15EPR0015Z", "2024-2025"), 8);
	assert_int_equal(ledger_next_n(L, "15EPR0015Z", "2025-2026"), 1);
	assert_int_equal(ledger_count(L), 2);

	/* A second pendiente is a duplicate id. */
	event(ev, -1);
	assert_int_equal(ledger_check_event(L, ev, &p), -1);
	assert_string_equal(p.msg, "duplicate id '15EPR0015Z-2024-2025-1' "
	    "(first recorded on line 2)");
	/* A fixed field does not change. */
	event(ev, LC_ESTATUS, "en_proceso", LC_RESPONSABLE, "Otra", -1);
	assert_int_equal(ledger_check_event(L, ev, &p), -1);
	assert_int_equal(p.col, LC_RESPONSABLE);
	/* The due date changes only with reprogramado, and must change. */
	event(ev, LC_ESTATUS, "en_proceso", LC_FECHA_COMPROMISO,
	    "2024-12-06", -1);
	assert_int_equal(ledger_check_event(L, ev, &p), -1);
	event(ev, LC_ESTATUS, "reprogramado", -1);
	assert_int_equal(ledger_check_event(L, ev, &p), -1);
	event(ev, LC_ESTATUS, "reprogramado", LC_FECHA_COMPROMISO,
	    "2024-12-06", LC_EVIDENCIA, "fotos", -1);
	assert_int_equal(ledger_check_event(L, ev, &p), 0);
	ledger_apply(L, ev, 4);
	/* cumplido needs evidence: here carried from the last event. */
	event(ev, LC_ESTATUS, "cumplido", LC_FECHA_COMPROMISO, "2024-12-06",
	    LC_EVIDENCIA, "", -1);
	assert_int_equal(ledger_check_event(L, ev, &p), -1);
	assert_int_equal(p.col, LC_EVIDENCIA);
	it = ledger_get(L, "15EPR0015Z-2024-2025-1", 22);
	assert_non_null(it);
	ledger_item_fields(it, f);
	assert_string_equal(f[LC_EVIDENCIA].p, "fotos");
	f[LC_ESTATUS].p = "cumplido";
	f[LC_ESTATUS].len = 8;
	assert_int_equal(ledger_check_event(L, f, &p), 0);
	/* An event built from the item's own fields folds in safely. */
	ledger_apply(L, f, 5);
	it = ledger_get(L, "15EPR0015Z-2024-2025-1", 22);
	assert_int_equal(it->first, 2);
	assert_int_equal(it->last, 5);
	assert_int_equal(it->nev, 3);
	ledger_item_fields(it, f);
	assert_string_equal(f[LC_ESTATUS].p, "cumplido");
	assert_string_equal(f[LC_FECHA_COMPROMISO].p, "2024-12-06");
	/* Closed stays closed. */
	event(ev, LC_ESTATUS, "cancelado", LC_FECHA_COMPROMISO, "2024-12-06",
	    -1);
	assert_int_equal(ledger_check_event(L, ev, &p), -1);
	assert_string_equal(p.msg, "already cumplido (line 5): a closed "
	    "commitment stays closed");
	ledger_free(L);
}

static void
test_batches(void **state)
{
	struct sate_field ev[LEDGER_NCOLS];
	struct ledger_problem p;
	struct ledger *L = ledger_new(0);

	(void)state;
	event(ev, LC_LOTE, "2", -1);
	assert_int_equal(ledger_check_batch(L, ev, &p), 0);
	event(ev, LC_LOTE, "1", -1);
	assert_int_equal(ledger_check_batch(L, ev, &p), 0);
	event(ev, LC_LOTE, "0", -1);
	assert_int_equal(ledger_check_batch(L, ev, &p), 0);
	event(ev, LC_LOTE, "1", -1);
	assert_int_equal(ledger_check_batch(L, ev, &p), 0);
	event(ev, LC_LOTE, "3", -1);	/* the 0 is missing */
	assert_int_equal(ledger_check_batch(L, ev, &p), -1);
	assert_int_equal(p.col, LC_LOTE);
	ledger_free(L);
}

/* Write a file in the test directory; its path in a static buffer. */
static const char *
put(const char *name, const char *text)
{
	static char path[128];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

#define HDR "id,registrado,cct,ciclo,sesion_fecha,sesion_fase,sesion_num," \
	"ambito,acuerdo,responsable,resultado_esperado,recursos," \
	"fecha_inicio,fecha_compromiso,estatus,evidencia,nota,lote_resto\n"
/* Ledger lines: only the first and the last field matter to the tail. */
#define LINE(id, resto) id ",x,x,x,x,x,x,x,\"a, b\",x,x,x,x,x,x,x,x," resto "\n"

static void
test_tail(void **state)
{
	struct ledger_file lf;
	const char *path;

	(void)state;
	path = put("a.csv", HDR LINE("1", "1") LINE("2", "0") LINE("3", "0"));
	assert_int_equal(ledger_open(&lf, path, LEDGER_READ), 0);
	assert_int_equal(lf.good, lf.size);
	ledger_close(&lf);

	/* A torn line: no line end. */
	path = put("b.csv", HDR LINE("1", "0") "2,x,x");
	assert_int_equal(ledger_open(&lf, path, LEDGER_READ), 0);
	assert_int_equal(lf.good, strlen(HDR LINE("1", "0")));
	assert_int_equal(lf.cut_line, 3);
	ledger_close(&lf);

	/* A batch of 3 with 2 lines, after a torn third. */
	path = put("c.csv", HDR LINE("1", "0") LINE("2", "2") LINE("3", "1")
	    "4,x");
	assert_int_equal(ledger_open(&lf, path, LEDGER_READ), 0);
	assert_int_equal(lf.good, strlen(HDR LINE("1", "0")));
	assert_int_equal(lf.cut_line, 3);
	ledger_close(&lf);

	/* Batches of the same size back to back: only the last is cut. */
	path = put("d.csv", HDR LINE("1", "1") LINE("2", "0") LINE("3", "1"));
	assert_int_equal(ledger_open(&lf, path, LEDGER_READ), 0);
	assert_int_equal(lf.good, strlen(HDR LINE("1", "1") LINE("2", "0")));
	assert_int_equal(lf.cut_line, 4);
	ledger_close(&lf);

	/* A quote never closed on the last line. */
	path = put("e.csv", HDR LINE("1", "0") "2,\"x,0\n");
	assert_int_equal(ledger_open(&lf, path, LEDGER_READ), 0);
	assert_int_equal(lf.good, strlen(HDR LINE("1", "0")));
	ledger_close(&lf);

	/* A torn header; an empty file. */
	path = put("f.csv", "id,regis");
	assert_int_equal(ledger_open(&lf, path, LEDGER_READ), 0);
	assert_int_equal(lf.good, 0);
	assert_int_equal(lf.cut_line, 1);
	ledger_close(&lf);
	path = put("g.csv", "");
	assert_int_equal(ledger_open(&lf, path, LEDGER_READ), 0);
	assert_int_equal(lf.size, 0);
	assert_int_equal(lf.good, 0);
	ledger_close(&lf);
}

/* An empty ledger has no map: folding its ids finds none, and does no
 * arithmetic on its NULL map (found by fuzz_ledger; UBSan in SAN=1). */
static void
test_fold_ids_empty(void **state)
{
	struct ledger_file lf;
	struct ledger *L;
	const char *path;

	(void)state;
	path = put("h.csv", "");
	assert_int_equal(ledger_open(&lf, path, LEDGER_READ), 0);
	assert_null(lf.map);
	L = ledger_new(0);
	assert_int_equal(ledger_fold_ids(&lf, L), 0);
	assert_int_equal(ledger_next_n(L, "15EPR0015Z", "2024-2025"), 1);
	ledger_free(L);
	ledger_close(&lf);
}

static void
test_append_repair(void **state)
{
	struct sate_field ev[LEDGER_NCOLS];
	struct ledger_batch *b;
	struct ledger_file lf;
	struct stat st;
	char path[128], rej[160], buf[4096];
	FILE *f;
	size_t n;

	(void)state;
	snprintf(path, sizeof path, "%s/new.csv", dir);
	umask(022);
	assert_int_equal(ledger_open(&lf, path, LEDGER_WRITE), 0);
	assert_int_equal(lf.size, 0);
	b = ledger_batch_new(1);
	event(ev, LC_LOTE, "1", -1);
	ledger_batch_add(b, ev);
	event(ev, LC_ID, "15EPR0015Z-2024-2025-2", LC_LOTE, "0", -1);
	ledger_batch_add(b, ev);
	assert_int_equal(ledger_batch_commit(b, &lf), 0);
	ledger_batch_free(b);
	ledger_close(&lf);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	f = fopen(path, "r");
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	assert_string_equal(buf, HDR
	    "15EPR0015Z-2024-2025-1,2024-10-25T14:02:11-06:00,15EPR0015Z,"
	    "2024-2025,2024-10-25,ordinaria,2,Convivencia,Asamblea semanal,"
	    "Mtro. Ruiz,Menos conflictos,,2024-10-28,2024-11-29,pendiente,,,1\n"
	    "15EPR0015Z-2024-2025-2,2024-10-25T14:02:11-06:00,15EPR0015Z,"
	    "2024-2025,2024-10-25,ordinaria,2,Convivencia,Asamblea semanal,"
	    "Mtro. Ruiz,Menos conflictos,,2024-10-28,2024-11-29,pendiente,,,0\n");

	/* Tear it, then repair: the tail goes to .rejected. */
	f = fopen(path, "a");
	fputs("15EPR0015Z-2024-2025-3,2024-", f);
	fclose(f);
	assert_int_equal(ledger_open(&lf, path, LEDGER_REPAIR), 0);
	assert_int_equal(lf.size - lf.good, 28);
	assert_int_equal(ledger_repair(&lf), 0);
	ledger_close(&lf);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal((size_t)st.st_size, n);
	snprintf(rej, sizeof rej, "%s.rejected", path);
	f = fopen(rej, "r");
	assert_non_null(f);
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	assert_string_equal(buf, "15EPR0015Z-2024-2025-3,2024-\n");
	unlink(rej);
	unlink(path);
}

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "%s", "/tmp/test_ledger.XXXXXX");
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_statuses),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_batches),
		cmocka_unit_test(test_tail),
		cmocka_unit_test(test_fold_ids_empty),
		cmocka_unit_test(test_append_repair),
	};

	sate_init("test_ledger");
	return cmocka_run_group_tests(tests, setup, teardown);
}

/*
 * test_util.c - the conventions: shared options, names, numbers
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sate.h"

static void
test_parse_long(void **state)
{
	long v = -1;

	(void)state;
	assert_int_equal(sate_parse_long("57", 0, 100, &v), 0);
	assert_int_equal(v, 57);
	assert_int_equal(sate_parse_long("-3", -5, 5, &v), 0);
	assert_int_equal(v, -3);
	assert_int_equal(sate_parse_long("x5", 0, 100, &v), -1);
	assert_int_equal(sate_parse_long("5x", 0, 100, &v), -1);
	assert_int_equal(sate_parse_long("", 0, 100, &v), -1);
	assert_int_equal(sate_parse_long(" 5", 0, 100, &v), -1);
	assert_int_equal(sate_parse_long("+5", 0, 100, &v), -1);
	assert_int_equal(sate_parse_long("101", 0, 100, &v), -1);
	assert_int_equal(sate_parse_long("99999999999999999999", 0,
	    100, &v), -1);
	assert_int_equal(v, -3);
}

static void
test_fold_name(void **state)
{
	char buf[64];

	(void)state;
	assert_int_equal(sate_fold_name(" Año Escolar ", 14, buf,
	    sizeof buf), 11);
	assert_string_equal(buf, "ano_escolar");
	sate_fold_name("ÉXITO-Núm", strlen("ÉXITO-Núm"), buf, sizeof buf);
	assert_string_equal(buf, "exito_num");
	sate_fold_name("CV_CCT", 6, buf, 4);
	assert_string_equal(buf, "cv_");
}

static void
test_canonical_name(void **state)
{
	static const char *const cases[][2] = {
		{ "CV_CCT", "cct" }, { "CLAVECCT", "cct" },
		{ "clave_cct", "cct" }, { "cv_cct", "cct" },
		{ "Clave CCT", "cct" },
		{ "NOMBRECT", "escuela" }, { "c_nombre", "escuela" },
		{ "ZONAESCOLA", "zona" }, { "CURP", "curp" },
		{ "AluNombre", "nombre" }, { "AluApePat", "primer_apellido" },
		{ "AluApeMat", "segundo_apellido" }, { "AluSexo", "sexo" },
		{ "Clavecct", "cct" }, { "nombrect", "escuela" },
		{ "Grado", "grado" }, { "Grupo", "grupo" },
		{ "Desc_Turno", "turno" }, { "Estatus", "estatus" },
		{ "Ciclo_Escolar", "ciclo" }, { "Días Lectivos",
		    "dias_lectivos" }, { "calif_español", "calif_espanol" },
	};
	size_t i;
	char *c;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		c = sate_canonical_name(cases[i][0], strlen(cases[i][0]));
		assert_string_equal(c, cases[i][1]);
		free(c);
	}
}

static void
test_common_options(void **state)
{
	struct sate_opts o;

	(void)state;
	sate_opts_init(&o);
	assert_int_equal(o.delim, ',');
	assert_int_equal(o.enc, SATE_ENC_UTF8);
	assert_int_equal(o.max_field, 1 << 20);
	assert_int_equal(sate_common_opt(&o, 'd', ";", NULL), 1);
	assert_int_equal(o.delim, ';');
	assert_int_equal(sate_common_opt(&o, 'd', "tab", NULL), 1);
	assert_int_equal(o.delim, '\t');
	assert_int_equal(sate_common_opt(&o, 'e', "LATIN1", NULL), 1);
	assert_int_equal(o.enc, SATE_ENC_LATIN1);
	assert_int_equal(sate_common_opt(&o, 'e', "windows-1252", NULL), 1);
	assert_int_equal(o.enc, SATE_ENC_CP1252);
	assert_int_equal(sate_common_opt(&o, SATE_OPT_MAX_FIELD, "64K",
	    NULL), 1);
	assert_int_equal(o.max_field, 65536);
	assert_int_equal(sate_common_opt(&o, SATE_OPT_CRLF, NULL, NULL), 1);
	assert_int_equal(o.crlf, 1);
	assert_int_equal(o.progress, 0);
	assert_int_equal(sate_common_opt(&o, SATE_OPT_PROGRESS, NULL, NULL), 1);
	assert_int_equal(o.progress, 1);
	assert_int_equal(sate_common_opt(&o, SATE_OPT_NO_PROGRESS, NULL, NULL),
	    1);
	assert_int_equal(o.progress, -1);
	assert_int_equal(sate_common_opt(&o, 'x', NULL, NULL), 0);
}

/* Run a shared option that must die; return its exit status. */
static int
dies_with(int c, const char *arg)
{
	struct sate_opts o;
	pid_t pid;
	int st;

	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		freopen("/dev/null", "w", stderr);
		sate_opts_init(&o);
		sate_common_opt(&o, c, arg, NULL);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	return WEXITSTATUS(st);
}

static void
test_bad_option_values(void **state)
{
	(void)state;
	assert_int_equal(dies_with('d', ",,"), SATE_EXIT_USAGE);
	assert_int_equal(dies_with('d', "\""), SATE_EXIT_USAGE);
	assert_int_equal(dies_with('d', ""), SATE_EXIT_USAGE);
	assert_int_equal(dies_with('e', "utf-16"), SATE_EXIT_USAGE);
	assert_int_equal(dies_with(SATE_OPT_MAX_FIELD, "0"),
	    SATE_EXIT_USAGE);
	assert_int_equal(dies_with(SATE_OPT_MAX_FIELD, "1G"),
	    SATE_EXIT_USAGE);
	assert_int_equal(dies_with('d', ";"), 0);
}

static void
test_help_marker(void **state)
{
	static const char *const help[] = {
		"usage: x\n", SATE_HELP_COMMON, "end\n", NULL
	};
	char *out = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&out, &len), *saved = stdout;

	(void)state;
	stdout = mem;
	sate_print_help(help);
	stdout = saved;
	fclose(mem);
	assert_true(strncmp(out, "usage: x\n  -d, --delimiter", 26) == 0);
	assert_true(strstr(out, "--version") != NULL);
	assert_string_equal(out + len - 4, "end\n");
	free(out);
}

static void
test_progress_format(void **state)
{
	char buf[256];
	const char *u = "/data/\xc3\xb1\xc3\xb1\xc3\xb1\xc3\xb1"
	    "\xc3\xb1\xc3\xb1\xc3\xb1\xc3\xb1.csv";
	size_t n;

	(void)state;
	n = sate_progress_format(buf, sizeof buf, 80, "evaluaciones.csv",
	    1234567, 812000000, 1000, 1888372093);
	assert_string_equal(buf,
	    "sate: evaluaciones.csv: 1,234,567 rows, 812 MB/s, 43%");
	assert_int_equal(n, strlen(buf));
	/* A pipe: no percent; under 10 MB/s one decimal. */
	sate_progress_format(buf, sizeof buf, 80, "stdin", 1, 3400000, 1000,
	    0);
	assert_string_equal(buf, "sate: stdin: 1 row, 3.4 MB/s");
	sate_progress_format(buf, sizeof buf, 0, "x", 999, 0, 0, 10);
	assert_string_equal(buf, "sate: x: 999 rows, - MB/s, 0%");
	sate_progress_format(buf, sizeof buf, 0, "x", 1000, 11, 1, 10);
	assert_string_equal(buf, "sate: x: 1,000 rows, 0.0 MB/s, 100%");
	sate_progress_format(buf, sizeof buf, 0, "x", 0, 0, 5, 0);
	assert_string_equal(buf, "sate: x: 0 rows, 0.0 MB/s");

	/* Narrow terminals: the name loses its head, then goes. */
	n = sate_progress_format(buf, sizeof buf, 40,
	    "/a/long/path/to/evaluaciones-2025.csv", 5, 10000000, 1000, 20000000);
	assert_string_equal(buf, "sate: ...2025.csv: 5 rows, 10 MB/s, 50%");
	assert_int_equal(n, 39);
	n = sate_progress_format(buf, sizeof buf, 39,
	    "/a/long/path/to/evaluaciones-2025.csv", 5, 10000000, 1000, 20000000);
	assert_string_equal(buf, "sate: ...025.csv: 5 rows, 10 MB/s, 50%");
	n = sate_progress_format(buf, sizeof buf, 20, "evaluaciones.csv", 5,
	    10000000, 1000, 20000000);
	assert_string_equal(buf, "sate: 5 rows, 10 MB");
	assert_int_equal(n, 19);
	/* Never cut inside a character: 8 bytes to keep, then 9. */
	sate_progress_format(buf, sizeof buf, 40, u, 5, 10000000, 1000,
	    20000000);
	assert_string_equal(buf,
	    "sate: ...\xc3\xb1\xc3\xb1.csv: 5 rows, 10 MB/s, 50%");
	sate_progress_format(buf, sizeof buf, 41, u, 5, 10000000, 1000,
	    20000000);
	assert_string_equal(buf,
	    "sate: ...\xc3\xb1\xc3\xb1.csv: 5 rows, 10 MB/s, 50%");
	/* A small buffer. */
	n = sate_progress_format(buf, 10, 0, "x", 5, 0, 0, 0);
	assert_string_equal(buf, "sate: x: ");
	assert_int_equal(n, 9);
}

/* With stderr not a terminal nothing is drawn, even with --progress. */
static void
test_progress_not_a_tty(void **state)
{
	struct sate_progress p;
	pid_t pid;
	int st;

	(void)state;
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (freopen("/dev/null", "w", stderr) == NULL)
			_exit(2);
		_exit(sate_progress_begin(&p, 1, -1, "x") != 0 || p.on);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

static void *
die_here(void *arg)
{
	(void)arg;
	die(SATE_EXIT_IO, "out of memory");
}

/*
 * die() on the main thread flushes standard output on the way out; on
 * another thread (a worker running out of memory) it leaves it, as the
 * main thread may be writing it.  A child writes "kept" to sate_out
 * (buffered), then dies on one thread or the other; what reaches the
 * pipe, and the status.
 */
static void
die_on(int worker, char *out, size_t size, int *status)
{
	struct sate_opts o;
	pthread_t t;
	int fd[2];
	pid_t pid;
	ssize_t n;
	size_t got = 0;

	assert_int_equal(pipe(fd), 0);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fd[0]);
		dup2(fd[1], 1);
		freopen("/dev/null", "w", stderr);
		sate_init("t");
		sate_opts_init(&o);
		csvw_setup(&o);
		csvw_str(sate_out, "kept");
		csvw_endrec(sate_out);
		if (worker) {
			pthread_create(&t, NULL, die_here, NULL);
			pthread_join(t, NULL);
		}
		die_here(NULL);
	}
	close(fd[1]);
	while ((n = read(fd[0], out + got, size - 1 - got)) > 0)
		got += (size_t)n;
	out[got] = '\0';
	close(fd[0]);
	assert_int_equal(waitpid(pid, status, 0), pid);
}

static void
test_die_threads(void **state)
{
	char out[64];
	int st;

	(void)state;
	die_on(0, out, sizeof out, &st);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), SATE_EXIT_IO);
	assert_string_equal(out, "kept\n");
	die_on(1, out, sizeof out, &st);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), SATE_EXIT_IO);
	assert_string_equal(out, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_long),
		cmocka_unit_test(test_fold_name),
		cmocka_unit_test(test_canonical_name),
		cmocka_unit_test(test_common_options),
		cmocka_unit_test(test_bad_option_values),
		cmocka_unit_test(test_help_marker),
		cmocka_unit_test(test_progress_format),
		cmocka_unit_test(test_progress_not_a_tty),
		cmocka_unit_test(test_die_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

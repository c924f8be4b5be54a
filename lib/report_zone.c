/*
 * report_zone.c - the monthly zone report for the CTZ: identification,
 * enrolment, semáforo and levels per school, commitments by school and
 * ámbito, and the change since the previous period (domain.md section 7)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sate.h"

#define MAXRULES 64

struct input {
	const char *label;	/* for the identification */
	const char *path;
	struct rpt *p;
};

/* The rules file: up to MAXRULES "name=value" (or "name,value") lines;
 * '#' comments and blank lines skipped. */
struct rules {
	size_t n;
	char *kv[2 * MAXRULES];
};

static int
read_rules(const char *path, struct rules *ru)
{
	FILE *f = fopen(path, "r");
	char line[512], *s, *e, *sep;
	unsigned long ln = 0;

	if (f == NULL) {
		error("cannot open %s: %s", path, strerror(errno));
		return SATE_EXIT_IO;
	}
	while (fgets(line, sizeof line, f) != NULL) {
		ln++;
		s = line + strspn(line, " \t");
		e = s + strcspn(s, "\r\n");
		*e = '\0';
		if (*s == '\0' || *s == '#')
			continue;
		if (ru->n == MAXRULES) {
			warning("%s:%lu: more than %d rules; the rest are "
			    "left out of the report", path, ln, MAXRULES);
			break;
		}
		sep = strpbrk(s, "=,");
		if (sep != NULL)
			*sep++ = '\0';
		ru->kv[2 * ru->n] = xstrdup(s);
		ru->kv[2 * ru->n + 1] = xstrdup(sep ? sep : "");
		ru->n++;
	}
	if (ferror(f)) {
		error("%s: read error: %s", path, strerror(errno));
		fclose(f);
		return SATE_EXIT_IO;
	}
	fclose(f);
	return 0;
}

static int
load(struct input *in, enum rpt_kind kind, const char *by,
    const struct sate_opts *o)
{
	struct csvr *r;
	int rc;

	if (in->path == NULL)
		return 0;
	in->p = rpt_new(kind, by);
	rpt_track_seen(in->p);
	r = csvr_open(in->path, o, 0);
	if (r == NULL)
		return csvr_open_status();
	rc = rpt_read(in->p, r);
	csvr_close(r);
	return rc;
}

/* The distinct values of col over the inputs, first found. */
static const char *
seen(struct input *in, size_t n, const char *col)
{
	size_t i;
	const char *v;

	for (i = 0; i < n; i++)
		if (in[i].p != NULL && *(v = rpt_seen(in[i].p, col)) != '\0')
			return v;
	return "";
}

static void
long_rec(struct csvw *w, const char *sec, const char *key, const char *ind,
    const char *val)
{
	csvw_str(w, "zona");
	csvw_str(w, sec);
	csvw_str(w, key);
	csvw_str(w, ind);
	csvw_str(w, val);
	csvw_endrec(w);
}

int
rpt_zone(const struct rpt_zone_opts *zo, const struct sate_opts *o,
    struct csvw *w)
{
	struct input in[5] = {
		{ "Plantilla", zo->roster, NULL },
		{ "Alertas", zo->alerts, NULL },
		{ "Compromisos", zo->commitments, NULL },
		{ "Compromisos por ámbito", zo->commitments, NULL },
		{ "Periodo anterior", zo->previous, NULL },
	};
	static const char *const idcol[] = {
		"zona", "sector", "nivel", "ciclo", "periodo"
	};
	static const char *const idname[] = {
		"Zona escolar", "Sector", "Nivel", "Ciclo escolar", "Periodo"
	};
	struct rules ru = { 0, { NULL } };
	struct sate_date dt;
	struct rpt_doc d;
	char corte[11], title[160], minn[24], *files[5] = { NULL };
	const char *kv[2 * 16];
	size_t i, n = 0;
	int rc = 0, suppress = zo->fmt != RPT_CSV || zo->suppress;
	long min_n = suppress ? zo->min_n : 0;

	if (zo->roster == NULL && zo->alerts == NULL &&
	    zo->commitments == NULL) {
		error("zone: no input (give --roster, --alerts or "
		    "--commitments)");
		return SATE_EXIT_USAGE;
	}
	if (zo->previous != NULL && zo->alerts == NULL) {
		error("zone: --previous needs --alerts (the change is "
		    "between two periods' alerts)");
		return SATE_EXIT_USAGE;
	}
	if (zo->commitments != NULL && strcmp(zo->commitments, "-") == 0) {
		error("zone: --commitments is read twice (by school and by "
		    "ámbito) and cannot be standard input");
		return SATE_EXIT_USAGE;
	}
	if (zo->corte != NULL) {
		if (sate_parse_date(zo->corte, strlen(zo->corte), &dt) < 0) {
			error("bad --corte '%s' (a date YYYY-MM-DD)",
			    zo->corte);
			return SATE_EXIT_USAGE;
		}
	} else {
		sate_today(&dt);
	}
	sate_format_date(&dt, corte);
	if (zo->rules != NULL && (rc = read_rules(zo->rules, &ru)) != 0)
		goto out;
	if ((rc = load(&in[0], RPT_ROSTER, "cct", o)) != 0 ||
	    (rc = load(&in[1], RPT_ALERTS, "cct", o)) != 0 ||
	    (rc = load(&in[2], RPT_COMMITMENTS, "cct", o)) != 0 ||
	    (rc = load(&in[3], RPT_COMMITMENTS, "ambito", o)) != 0)
		goto out;
	if (zo->previous != NULL) {
		struct csvr *r = csvr_open(zo->previous, o, 0);

		if (r == NULL) {
			rc = csvr_open_status();
			goto out;
		}
		rc = rpt_read_previous(in[1].p, r);
		csvr_close(r);
		if (rc != 0)
			goto out;
	}
	for (i = 0; i < 4; i++)
		if (in[i].p != NULL)
			rpt_finish(in[i].p, min_n);

	/* Identification. */
	for (i = 0; i < 5; i++) {
		kv[2 * n] = idname[i];
		kv[2 * n + 1] = seen(in, 4, idcol[i]);
		n++;
	}
	kv[2 * n] = "Fecha de corte";
	kv[2 * n + 1] = corte;
	n++;
	for (i = 0; i < 5; i++) {
		unsigned long rows;

		if (i == 3 || in[i].path == NULL)
			continue;
		rows = i == 4 ? rpt_prev_rows(in[1].p) : rpt_rows(in[i].p);
		files[i] = xmalloc(strlen(in[i].path) + 40);
		sprintf(files[i], "%s (%lu registros)", in[i].path, rows);
		kv[2 * n] = in[i].label;
		kv[2 * n + 1] = files[i];
		n++;
	}
	kv[2 * n] = "Reglas";
	kv[2 * n + 1] = zo->rules ? zo->rules : "las de sate-alert por "
	    "omisión (no se dio --rules)";
	n++;
	snprintf(minn, sizeof minn, "%ld", min_n);
	kv[2 * n] = "Mínimo de alumnos por celda";
	kv[2 * n + 1] = minn;
	n++;
	kv[2 * n] = "Versión de sate";
	kv[2 * n + 1] = SATE_VERSION;
	n++;

	if (zo->fmt == RPT_CSV) {
		static const char *const ind[] = {
			"zona", "sector", "nivel", "ciclo", "periodo",
			"corte"
		};
		static const char *const fileind[] = {
			"plantilla", "alertas", "compromisos", "",
			"periodo_anterior"
		};
		char num[24];

		csvw_str(w, "informe");
		csvw_str(w, "seccion");
		csvw_str(w, "clave");
		csvw_str(w, "indicador");
		csvw_str(w, "valor");
		csvw_endrec(w);
		for (i = 0; i < 6; i++)
			long_rec(w, "identificacion", "", ind[i],
			    kv[2 * i + 1]);
		for (i = 0; i < 5; i++) {
			if (i == 3 || in[i].path == NULL)
				continue;
			long_rec(w, "identificacion", fileind[i], "archivo",
			    in[i].path);
			snprintf(num, sizeof num, "%lu", i == 4 ?
			    rpt_prev_rows(in[1].p) : rpt_rows(in[i].p));
			long_rec(w, "identificacion", fileind[i],
			    "registros", num);
		}
		if (zo->rules != NULL)
			long_rec(w, "identificacion", "reglas", "archivo",
			    zo->rules);
		long_rec(w, "identificacion", "", "min_n", minn);
		long_rec(w, "identificacion", "", "version", SATE_VERSION);
		for (i = 0; i < ru.n; i++)
			long_rec(w, "reglas", "", ru.kv[2 * i],
			    ru.kv[2 * i + 1]);
		if (in[0].p)
			rpt_write_long(in[0].p, w, "matricula", suppress);
		if (in[1].p)
			rpt_write_long(in[1].p, w, "alertas", suppress);
		if (in[2].p)
			rpt_write_long(in[2].p, w, "compromisos_escuela",
			    suppress);
		if (in[3].p)
			rpt_write_long(in[3].p, w, "compromisos_ambito",
			    suppress);
		goto out;
	}

	if (*seen(in, 4, "zona") != '\0')
		snprintf(title, sizeof title, "Reporte mensual de la zona "
		    "escolar %s", seen(in, 4, "zona"));
	else
		snprintf(title, sizeof title, "Reporte mensual de la zona "
		    "escolar");
	doc_begin(&d, w, zo->fmt, title);
	doc_heading(&d, 2, "Identificación");
	doc_fields(&d, kv, n);
	if (ru.n > 0) {
		doc_heading(&d, 3, "Reglas vigentes");
		doc_fields(&d, (const char *const *)ru.kv, ru.n);
	}
	if (in[0].p != NULL) {
		doc_heading(&d, 2, "Escuelas y matrícula");
		rpt_render(in[0].p, &d);
	}
	if (in[1].p != NULL) {
		doc_heading(&d, 2, "Alumnos en alerta por escuela");
		rpt_render(in[1].p, &d);
	}
	if (in[2].p != NULL) {
		doc_heading(&d, 2, "Compromisos por escuela");
		rpt_render(in[2].p, &d);
		doc_heading(&d, 2, "Compromisos por ámbito");
		rpt_render(in[3].p, &d);
	}
	if (in[1].p != NULL && zo->previous != NULL) {
		doc_heading(&d, 2, "Cambio respecto al periodo anterior");
		rpt_render_change(in[1].p, &d);
		doc_para(&d, "Cambio en puntos porcentuales (pp) de la "
		    "proporción de alumnos en cada color; la tabla de "
		    "semáforo por escuela lo da por escuela.");
	}
	doc_end(&d);
out:
	for (i = 0; i < 4; i++)
		rpt_free(in[i].p);
	for (i = 0; i < 5; i++)
		free(files[i]);
	for (i = 0; i < 2 * ru.n; i++)
		free(ru.kv[i]);
	return rc;
}

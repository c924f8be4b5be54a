/*
 * fuzz_report.c - libFuzzer harness for report aggregation and merge
 * (lib/report.c, lib/report_out.c)
 *
 * The first byte picks the kind (alerts, commitments, roster; or 3: the
 * input is itself a CSV report) and a pair of groupings, the second
 * coarser than the first; the second byte a min_n and a document format.
 * The rest is the input: sate-alert output, sate-commit status output or
 * a roster, as sate-report reads it.
 *
 * The input is aggregated at the first grouping and written as a CSV
 * report (no suppression).  Invariants:
 *   - that report names its own kind and grouping (rpt_report_kind,
 *     rpt_report_by), and merging it alone gives it back byte for byte;
 *   - merging it at the coarser grouping gives what aggregating the
 *     input at that grouping gives, byte for byte (the sharded report of
 *     sate-report merge);
 *   - with small cells suppressed, the report and its text, Markdown or
 *     HTML document are written without fault, and merging the
 *     unsuppressed report suppresses the same cells.
 * With kind 3, a report that merges gives a report that merges back to
 * itself.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sate.h"
#include "fuzz.h"

/* Groupings per kind: {fine, coarse}, coarse a subset of fine. */
static const char *const bys[RPT_NKIND][8][2] = {
	[RPT_ALERTS] = {
		{ NULL, "cct" }, { "cct,grado", "cct" },
		{ "cct,grado", "grado" }, { "zona,sector,cct", "sector" },
		{ "nivel,periodo", "nivel" }, { "grupo,turno,ciclo", "ciclo" },
		{ "cct,grado", "cct,grado" }, { "zona", "zona" },
	},
	[RPT_COMMITMENTS] = {
		{ NULL, "cct" }, { "cct,ambito", "ambito" },
		{ "zona,sector,cct,nivel", "nivel" }, { "ambito", "ambito" },
		{ "cct,ambito", "cct" }, { "sector,cct", "sector" },
		{ "zona,ambito", "zona" }, { "nivel,ambito", "ambito" },
	},
	[RPT_ROSTER] = {
		{ NULL, "cct" }, { "cct,turno", "turno" },
		{ "zona,sector,cct", "zona" }, { "nivel,grupo", "nivel" },
		{ "cct,grado", "grado" }, { "ciclo,cct", "ciclo" },
		{ "turno,grupo", "grupo" }, { "sector", "sector" },
	},
};

/* A writer into a memfd, and what it wrote. */
struct sink {
	int fd;
	struct csvw w;
	char *text;
	size_t len;
};

static struct sink *
sink_get(int i)
{
	static struct sink s[4];
	static int ready;
	int k;

	if (!ready) {
		for (k = 0; k < 4; k++) {
			if ((s[k].fd = memfd_create("out", 0)) < 0)
				abort();
			csvw_init(&s[k].w, s[k].fd, ',', 0);
		}
		ready = 1;
	}
	if (ftruncate(s[i].fd, 0) < 0 || lseek(s[i].fd, 0, SEEK_SET) < 0)
		abort();
	s[i].w.len = 0;
	s[i].w.nfield = 0;
	return &s[i];
}

static void
sink_end(struct sink *s)
{
	struct stat st;

	csvw_flush(&s->w);
	if (fstat(s->fd, &st) < 0)
		abort();
	s->len = (size_t)st.st_size;
	s->text = xrealloc(s->text, s->len + 1);
	if (s->len > 0 && pread(s->fd, s->text, s->len, 0) !=
	    (ssize_t)s->len)
		abort();
	s->text[s->len] = '\0';
}

static struct csvr *
open_text(const char *p, size_t n)
{
	struct sate_opts o;

	sate_opts_init(&o);
	return csvr_open_mem(p, n, "f", &o, CSVR_QUIET);
}

/* Aggregate the input at by; NULL when it is refused. */
static struct rpt *
aggregate(enum rpt_kind kind, const char *by, const char *p, size_t n)
{
	struct rpt *rp;
	struct csvr *r;
	int rc;

	if ((rp = rpt_new(kind, by)) == NULL)
		abort();	/* every grouping above is one */
	if ((r = open_text(p, n)) == NULL) {
		rpt_free(rp);
		return NULL;
	}
	rc = rpt_read(rp, r);
	csvr_close(r);
	check(rc == 0 || rc == SATE_EXIT_DATA);
	if (rc != 0) {
		rpt_free(rp);
		return NULL;
	}
	return rp;
}

/* Merge the report text at by (NULL: its own); NULL when refused. */
static struct rpt *
merge(const char *by, const struct sink *s, int must)
{
	struct rpt *rp;
	struct csvr *r;
	char *own = NULL;
	int k, rc;

	if ((r = open_text(s->text, s->len)) == NULL) {
		check(!must);
		return NULL;
	}
	k = rpt_report_kind(r);
	if (k < 0 || (by == NULL && (own = rpt_report_by(r)) == NULL)) {
		check(!must);
		csvr_close(r);
		return NULL;
	}
	rp = rpt_new((enum rpt_kind)k, by ? by : own);
	free(own);
	if (rp == NULL) {
		check(!must);
		csvr_close(r);
		return NULL;
	}
	rc = rpt_merge(rp, r);
	csvr_close(r);
	if (rc != 0) {
		check(!must);
		rpt_free(rp);
		return NULL;
	}
	return rp;
}

static void
write_csv(struct rpt *rp, long min_n, int suppress, struct sink *s)
{
	rpt_finish(rp, min_n);
	rpt_write_csv(rp, &s->w, suppress);
	sink_end(s);
}

static int
same(const struct sink *a, const struct sink *b)
{
	return a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
}

static void
fuzz_merge(const char *p, size_t n)
{
	struct sink *a, *b;
	struct rpt *rp;

	a = sink_get(0);
	if ((rp = merge(NULL, &(struct sink){ .text = (char *)p, .len = n },
	    0)) == NULL)
		return;
	write_csv(rp, 0, 0, a);
	rpt_free(rp);
	b = sink_get(1);
	rp = merge(NULL, a, 1);
	write_csv(rp, 0, 0, b);
	rpt_free(rp);
	check(same(a, b));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const long min_ns[4] = { 1, 2, 3, 10 };
	enum rpt_kind kind;
	const char *by1, *by2, *p;
	struct sink *out1, *out2, *sup1, *doc;
	struct rpt *rp, *rq;
	struct rpt_doc d;
	size_t n;
	long min_n;

	if (size < 2)
		return 0;
	p = (const char *)data + 2;
	n = size - 2;
	if (data[0] % 4 == 3) {
		fuzz_merge(p, n);
		return 0;
	}
	kind = (enum rpt_kind)(data[0] % 4);
	by1 = bys[kind][data[0] >> 2 & 7][0];
	by2 = bys[kind][data[0] >> 2 & 7][1];
	min_n = min_ns[data[1] & 3];

	/* the report at by1, and itself merged */
	if ((rp = aggregate(kind, by1, p, n)) == NULL)
		return 0;
	out1 = sink_get(0);
	write_csv(rp, 0, 0, out1);
	rpt_free(rp);
	out2 = sink_get(1);
	rq = merge(NULL, out1, 1);
	check(rpt_kind(rq) == kind);
	write_csv(rq, 0, 0, out2);
	rpt_free(rq);
	check(same(out1, out2));

	/* at by2: merged from by1, and read directly */
	rq = merge(by2, out1, 1);
	out2 = sink_get(1);
	write_csv(rq, 0, 0, out2);
	rpt_free(rq);
	rp = aggregate(kind, by2, p, n);
	check(rp != NULL);
	doc = sink_get(2);
	write_csv(rp, 0, 0, doc);
	rpt_free(rp);
	check(same(out2, doc));

	/* suppressed: the same cells from the input and from its report */
	rp = aggregate(kind, by1, p, n);
	sup1 = sink_get(3);
	write_csv(rp, min_n, 1, sup1);
	rq = merge(NULL, out1, 1);
	out2 = sink_get(1);
	write_csv(rq, min_n, 1, out2);
	rpt_free(rq);
	check(same(sup1, out2));
	/* and as a document, and in long form */
	doc = sink_get(2);
	doc_begin(&d, &doc->w, (enum rpt_format)(1 + (data[1] >> 2) % 3),
	    "Informe");
	rpt_render(rp, &d);
	doc_end(&d);
	rpt_write_long(rp, &doc->w, "seccion", 1);
	sink_end(doc);
	rpt_free(rp);
	return 0;
}

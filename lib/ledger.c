/*
 * ledger.c - the commitments ledger: event schema, statuses and their
 * legal transitions, ids, the fold, and the locked, durable append
 *
 * The ledger is a CSV file of events, one line each.  An event is a full
 * snapshot of one commitment after a change; the first event of an id
 * (estatus pendiente) records the commitment.  Writers take an exclusive
 * flock(2) over the whole read-check-append, render a batch into memory,
 * write it with one write loop and fsync before they report success.
 * lote_resto, the last column, counts the lines of the same batch still
 * to come, so that a batch cut short by a crash is found from the end of
 * the file and moved aside whole by verify --repair.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sate.h"

const char *const ledger_cols[LEDGER_NCOLS + 1] = {
	"id", "registrado", "cct", "ciclo", "sesion_fecha", "sesion_fase",
	"sesion_num", "ambito", "acuerdo", "responsable",
	"resultado_esperado", "recursos", "fecha_inicio", "fecha_compromiso",
	"estatus", "evidencia", "nota", "lote_resto", NULL
};

static const char *const estatus_names[EST_COUNT] = {
	"pendiente", "en_proceso", "cumplido", "no_cumplido",
	"reprogramado", "cancelado"
};

static const char *const fase_names[] = {
	"intensiva", "ordinaria", "ctz", "entre_escuelas"
};

/* Fields a commitment must have. */
static const int required[] = {
	LC_CCT, LC_CICLO, LC_SESION_FECHA, LC_SESION_FASE, LC_ACUERDO,
	LC_RESPONSABLE, LC_RESULTADO, LC_FECHA_INICIO, LC_FECHA_COMPROMISO,
	LC_ESTATUS
};

/* Fields that never change after the first event. */
static const int fixed[] = {
	LC_CCT, LC_CICLO, LC_SESION_FECHA, LC_SESION_FASE, LC_SESION_NUM,
	LC_AMBITO, LC_ACUERDO, LC_RESPONSABLE, LC_RESULTADO, LC_RECURSOS,
	LC_FECHA_INICIO
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define SHOW		60	/* bytes of a value shown in a message */

struct ledger {
	int keep;
	struct sate_map *items;		/* id -> struct ledger_item */
	struct sate_map *maxn;		/* CCT-CICLO -> long */
	long resto;			/* lote_resto expected next, or -1 */
};

struct ledger_batch {
	int fd;				/* a memfd */
	struct csvw w;
	int header;
	size_t n;
};

static int	problem(struct ledger_problem *, int, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
static int	show(size_t);
static int	parse_nat(const char *, size_t, long *);
static int	check_event(const struct ledger *, const struct sate_field *,
		    struct ledger_problem *);

/* ------------------------------------------------------------ the rules */

static int
problem(struct ledger_problem *p, int col, const char *fmt, ...)
{
	va_list ap;

	p->col = col;
	p->keep = 1;
	p->expected[0] = '\0';
	va_start(ap, fmt);
	vsnprintf(p->msg, sizeof p->msg, fmt, ap);
	va_end(ap);
	va_start(ap, fmt);
	vsnprintf(p->text, sizeof p->text, _(fmt), ap);
	va_end(ap);
	return -1;
}

static int
show(size_t len)
{
	return len > SHOW ? SHOW : (int)len;
}

/* A whole number >= 0 without sign or leading zero. */
static int
parse_nat(const char *s, size_t len, long *out)
{
	long v = 0;
	size_t i;

	if (len == 0 || len > 9 || (len > 1 && s[0] == '0'))
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int
ledger_estatus(const char *s, size_t len)
{
	int i;

	for (i = 0; i < EST_COUNT; i++)
		if (strlen(estatus_names[i]) == len &&
		    memcmp(estatus_names[i], s, len) == 0)
			return i;
	return -1;
}

const char *
ledger_estatus_name(int e)
{
	return e >= 0 && e < EST_COUNT ? estatus_names[e] : "";
}

int
ledger_closed(int e)
{
	return e == EST_CUMPLIDO || e == EST_NO_CUMPLIDO ||
	    e == EST_CANCELADO;
}

int
ledger_transition_ok(int from, int to)
{
	if (from < 0 || from >= EST_COUNT || to < 0 || to >= EST_COUNT)
		return 0;
	if (ledger_closed(from))
		return 0;
	return to != EST_PENDIENTE;
}

int
ledger_fase_ok(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < NELEM(fase_names); i++)
		if (strlen(fase_names[i]) == len &&
		    memcmp(fase_names[i], s, len) == 0)
			return 1;
	return 0;
}

int
ledger_ciclo_ok(const char *s, size_t len)
{
	long a, b;

	if (len != 9 || s[4] != '-' || parse_nat(s, 4, &a) < 0 ||
	    parse_nat(s + 5, 4, &b) < 0)
		return 0;
	return a >= 1900 && b == a + 1;
}

int
ledger_timestamp_ok(const char *s, size_t len)
{
	struct sate_date d;
	long hh, mm, ss, oh, om;

	if (len != 25 || sate_parse_date(s, 10, &d) < 0 || s[10] != 'T' ||
	    s[13] != ':' || s[16] != ':' || (s[19] != '+' && s[19] != '-') ||
	    s[22] != ':')
		return 0;
	/* Two-digit fields may start with 0: read them by hand. */
	hh = (s[11] - '0') * 10 + (s[12] - '0');
	mm = (s[14] - '0') * 10 + (s[15] - '0');
	ss = (s[17] - '0') * 10 + (s[18] - '0');
	oh = (s[20] - '0') * 10 + (s[21] - '0');
	om = (s[23] - '0') * 10 + (s[24] - '0');
	{
		static const int pos[] = { 11, 12, 14, 15, 17, 18, 20, 21,
		    23, 24 };
		size_t i;

		for (i = 0; i < NELEM(pos); i++)
			if (s[pos[i]] < '0' || s[pos[i]] > '9')
				return 0;
	}
	return hh < 24 && mm < 60 && ss < 61 && oh < 15 && om < 60;
}

void
ledger_timestamp(char buf[32])
{
	time_t t = time(NULL);
	struct tm tm;
	char z[8];

	localtime_r(&t, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	strftime(z, sizeof z, "%z", &tm);	/* -0600 */
	if (strlen(z) == 5) {
		size_t n = strlen(buf);

		buf[n++] = z[0];
		buf[n++] = z[1];
		buf[n++] = z[2];
		buf[n++] = ':';
		buf[n++] = z[3];
		buf[n++] = z[4];
		buf[n] = '\0';
	} else {
		strcat(buf, "+00:00");
	}
}

int
ledger_parse_id(const char *id, size_t len, size_t *prefix, long *n)
{
	const char *dash;

	dash = len ? memrchr(id, '-', len) : NULL;
	if (dash == NULL || dash == id)
		return -1;
	if (parse_nat(dash + 1, len - (size_t)(dash + 1 - id), n) < 0 ||
	    *n < 1)
		return -1;
	*prefix = (size_t)(dash - id);
	return 0;
}

static int
check_date(const struct sate_field *ev, int col, struct sate_date *d,
    struct ledger_problem *p)
{
	const struct sate_field *f = &ev[col];

	if (sate_parse_date(f->p, f->len, d) < 0)
		return problem(p, col, "'%.*s' is not a real date (use "
		    "YYYY-MM-DD)", show(f->len), f->p);
	return 0;
}

int
ledger_check_fields(const struct sate_field *ev, struct ledger_problem *p)
{
	const struct sate_field *f;
	struct sate_date ini, fin, ses;
	char expected = 0;
	enum cct_problem cp;
	size_t i;
	long num;

	for (i = LC_CCT; i <= LC_NOTA; i++)
		if (memchr(ev[i].p, '\n', ev[i].len) != NULL ||
		    memchr(ev[i].p, '\r', ev[i].len) != NULL)
			return problem(p, (int)i, "a line break inside the "
			    "text (a ledger event is one line; join the "
			    "lines)");
	for (i = 0; i < NELEM(required); i++)
		if (ev[required[i]].len == 0)
			return problem(p, required[i], "empty (a "
			    "commitment needs it)");
	f = &ev[LC_CCT];
	cp = cct_validate(f->p, f->len, &expected);
	if (cp != CCT_OK) {
		problem(p, LC_CCT, "'%.*s' is not a valid CCT: %s",
		    show(f->len), f->p, cct_problem_str(cp));
		snprintf(p->text, sizeof p->text,
		    _("'%.*s' is not a valid CCT: %s"), show(f->len), f->p,
		    _(cct_problem_str(cp)));
		if (cp == CCT_CHECK) {
			snprintf(p->msg + strlen(p->msg),
			    sizeof p->msg - strlen(p->msg),
			    " (expected %c)", expected);
			snprintf(p->text + strlen(p->text),
			    sizeof p->text - strlen(p->text),
			    _(" (expected %c)"), expected);
			snprintf(p->expected, sizeof p->expected, "%.9s%c",
			    f->p, expected);
		}
		return -1;
	}
	f = &ev[LC_CICLO];
	if (!ledger_ciclo_ok(f->p, f->len))
		return problem(p, LC_CICLO, "'%.*s' is not a school year "
		    "(use YYYY-YYYY, as 2024-2025)", show(f->len), f->p);
	if (check_date(ev, LC_SESION_FECHA, &ses, p) < 0)
		return -1;
	f = &ev[LC_SESION_FASE];
	if (!ledger_fase_ok(f->p, f->len))
		return problem(p, LC_SESION_FASE, "'%.*s' is not a session "
		    "phase (use intensiva, ordinaria, ctz or entre_escuelas)",
		    show(f->len), f->p);
	f = &ev[LC_SESION_NUM];
	if (f->len > 0 && (parse_nat(f->p, f->len, &num) < 0 || num < 1))
		return problem(p, LC_SESION_NUM, "'%.*s' is not a session "
		    "number (a whole number from 1)", show(f->len), f->p);
	if (check_date(ev, LC_FECHA_INICIO, &ini, p) < 0 ||
	    check_date(ev, LC_FECHA_COMPROMISO, &fin, p) < 0)
		return -1;
	if (sate_days(&fin) < sate_days(&ini))
		return problem(p, LC_FECHA_COMPROMISO, "'%.*s' is before "
		    "fecha_inicio '%.*s'", show(ev[LC_FECHA_COMPROMISO].len),
		    ev[LC_FECHA_COMPROMISO].p, show(ev[LC_FECHA_INICIO].len),
		    ev[LC_FECHA_INICIO].p);
	f = &ev[LC_ESTATUS];
	if (ledger_estatus(f->p, f->len) < 0)
		return problem(p, LC_ESTATUS, "'%.*s' is not a status (use "
		    "pendiente, en_proceso, cumplido, no_cumplido, "
		    "reprogramado or cancelado)", show(f->len), f->p);
	return 0;
}

int
ledger_check_meta(const struct sate_field *ev, struct ledger_problem *p)
{
	const struct sate_field *f;
	size_t plen;
	long n;

	f = &ev[LC_ID];
	if (f->len == 0)
		return problem(p, LC_ID, "empty (every event names its "
		    "commitment)");
	if (ledger_parse_id(f->p, f->len, &plen, &n) < 0)
		return problem(p, LC_ID, "'%.*s' is not an id (CCT-CICLO-N, "
		    "as 15EPR0015Z-2024-2025-3)", show(f->len), f->p);
	f = &ev[LC_REGISTRADO];
	if (!ledger_timestamp_ok(f->p, f->len))
		return problem(p, LC_REGISTRADO, "'%.*s' is not a time "
		    "stamp (YYYY-MM-DDTHH:MM:SS+HH:MM)", show(f->len), f->p);
	f = &ev[LC_LOTE];
	if (parse_nat(f->p, f->len, &n) < 0)
		return problem(p, LC_LOTE, "'%.*s' is not a whole number",
		    show(f->len), f->p);
	return 0;
}

/* ------------------------------------------------------------- the fold */

struct ledger *
ledger_new(int keep)
{
	struct ledger *L = xcalloc(1, sizeof *L);

	L->keep = keep;
	L->items = map_new(sizeof(struct ledger_item));
	L->maxn = map_new(sizeof(long));
	L->resto = -1;
	return L;
}

void
ledger_free(struct ledger *L)
{
	size_t i;
	struct ledger_item *it;

	if (L == NULL)
		return;
	for (i = 0; (it = map_at(L->items, i, NULL, NULL)) != NULL; i++)
		free(it->buf);
	map_free(L->items);
	map_free(L->maxn);
	free(L);
}

size_t
ledger_count(const struct ledger *L)
{
	return map_count(L->items);
}

struct ledger_item *
ledger_at(const struct ledger *L, size_t i)
{
	return map_at(L->items, i, NULL, NULL);
}

struct ledger_item *
ledger_get(const struct ledger *L, const char *id, size_t len)
{
	return map_get(L->items, id, len);
}

void
ledger_item_fields(const struct ledger_item *it, struct sate_field *f)
{
	size_t i;

	for (i = 0; i < LEDGER_NCOLS; i++) {
		f[i].p = it->buf + it->off[i];
		f[i].len = it->len[i];
	}
}

long
ledger_next_n(const struct ledger *L, const char *cct, const char *ciclo)
{
	char key[128];
	const long *v;
	int n;

	n = snprintf(key, sizeof key, "%s-%s", cct, ciclo);
	if (n < 0 || (size_t)n >= sizeof key)
		return 1;
	v = map_get(L->maxn, key, (size_t)n);
	return v ? *v + 1 : 1;
}

int
ledger_check_event(const struct ledger *L, const struct sate_field *ev,
    struct ledger_problem *p)
{
	int rc = check_event(L, ev, p);

	if (rc < 0)
		p->keep = 0;	/* the history goes on without it */
	return rc;
}

static int
check_event(const struct ledger *L, const struct sate_field *ev,
    struct ledger_problem *p)
{
	const struct sate_field *id = &ev[LC_ID];
	const struct ledger_item *it;
	struct sate_field cur[LEDGER_NCOLS];
	int from, to;
	size_t i, plen;
	long n;

	to = ledger_estatus(ev[LC_ESTATUS].p, ev[LC_ESTATUS].len);
	it = L->keep ? map_get(L->items, id->p, id->len) : NULL;
	if (it == NULL) {
		if (to != EST_PENDIENTE)
			return problem(p, LC_ESTATUS, "the first event of "
			    "'%.*s' has estatus '%.*s' (a commitment starts "
			    "pendiente; its first line is missing)",
			    show(id->len), id->p, show(ev[LC_ESTATUS].len),
			    ev[LC_ESTATUS].p);
		if (ledger_parse_id(id->p, id->len, &plen, &n) == 0 &&
		    (plen != ev[LC_CCT].len + 1 + ev[LC_CICLO].len ||
		    memcmp(id->p, ev[LC_CCT].p, ev[LC_CCT].len) != 0 ||
		    id->p[ev[LC_CCT].len] != '-' ||
		    memcmp(id->p + ev[LC_CCT].len + 1, ev[LC_CICLO].p,
		    ev[LC_CICLO].len) != 0))
			return problem(p, LC_ID, "'%.*s' does not fit its cct "
			    "and ciclo (expected %.*s-%.*s-N)", show(id->len),
			    id->p, show(ev[LC_CCT].len), ev[LC_CCT].p,
			    show(ev[LC_CICLO].len), ev[LC_CICLO].p);
		return 0;
	}
	ledger_item_fields(it, cur);
	from = ledger_estatus(cur[LC_ESTATUS].p, cur[LC_ESTATUS].len);
	if (to == EST_PENDIENTE)
		return problem(p, LC_ID, "duplicate id '%.*s' (first "
		    "recorded on line %lu)", show(id->len), id->p, it->first);
	if (from >= 0 && to >= 0 && !ledger_transition_ok(from, to))
		return problem(p, LC_ESTATUS, "already %s (line %lu): a "
		    "closed commitment stays closed", estatus_names[from],
		    it->last);
	for (i = 0; i < NELEM(fixed); i++) {
		const struct sate_field *a = &ev[fixed[i]], *b = &cur[fixed[i]];

		if (a->len != b->len || memcmp(a->p, b->p, a->len) != 0)
			return problem(p, fixed[i], "'%.*s' differs from the "
			    "commitment's '%.*s' (line %lu; only estatus, "
			    "fecha_compromiso, evidencia and nota change)",
			    show(a->len), a->p, show(b->len), b->p, it->first);
	}
	if (to == EST_REPROGRAMADO &&
	    ev[LC_FECHA_COMPROMISO].len == cur[LC_FECHA_COMPROMISO].len &&
	    memcmp(ev[LC_FECHA_COMPROMISO].p, cur[LC_FECHA_COMPROMISO].p,
	    cur[LC_FECHA_COMPROMISO].len) == 0)
		return problem(p, LC_FECHA_COMPROMISO, "reprogramado needs a "
		    "new fecha_compromiso (it is still %.*s)",
		    show(cur[LC_FECHA_COMPROMISO].len),
		    cur[LC_FECHA_COMPROMISO].p);
	if (to != EST_REPROGRAMADO &&
	    (ev[LC_FECHA_COMPROMISO].len != cur[LC_FECHA_COMPROMISO].len ||
	    memcmp(ev[LC_FECHA_COMPROMISO].p, cur[LC_FECHA_COMPROMISO].p,
	    cur[LC_FECHA_COMPROMISO].len) != 0))
		return problem(p, LC_FECHA_COMPROMISO, "a new "
		    "fecha_compromiso '%.*s' goes only with estatus "
		    "reprogramado (it was %.*s)",
		    show(ev[LC_FECHA_COMPROMISO].len),
		    ev[LC_FECHA_COMPROMISO].p,
		    show(cur[LC_FECHA_COMPROMISO].len),
		    cur[LC_FECHA_COMPROMISO].p);
	if (to == EST_CUMPLIDO && ev[LC_EVIDENCIA].len == 0)
		return problem(p, LC_EVIDENCIA, "cumplido needs evidence "
		    "(evidencia is empty)");
	return 0;
}

int
ledger_check_batch(struct ledger *L, const struct sate_field *ev,
    struct ledger_problem *p)
{
	long v, want = L->resto;

	if (parse_nat(ev[LC_LOTE].p, ev[LC_LOTE].len, &v) < 0) {
		L->resto = -1;
		return 0;	/* reported by ledger_check_meta */
	}
	L->resto = v > 0 ? v - 1 : -1;
	/* Two msgids rather than ngettext: the English is kept too. */
	if (want >= 0 && v != want)
		return problem(p, LC_LOTE, want == 0 ? N_("%ld where %ld "
		    "was due (the batch of the lines before lacks its last "
		    "line)") : N_("%ld where %ld was due (the batch of the "
		    "lines before lacks its last lines)"), v, want);
	return 0;
}

/* The id's CCT-CICLO prefix and n, into the highest-n map. */
static void
note_n(struct ledger *L, const struct sate_field *id)
{
	size_t plen;
	long n, *v;

	if (ledger_parse_id(id->p, id->len, &plen, &n) < 0)
		return;
	v = map_put(L->maxn, id->p, plen, NULL);
	if (n > *v)
		*v = n;
}

void
ledger_apply(struct ledger *L, const struct sate_field *ev,
    unsigned long line)
{
	struct ledger_item *it;
	char *buf, *old = NULL;
	size_t i, need = 0, o = 0;
	int isnew, alias = 0;

	note_n(L, &ev[LC_ID]);
	if (!L->keep)
		return;
	it = map_put(L->items, ev[LC_ID].p, ev[LC_ID].len, &isnew);
	for (i = 0; i < LEDGER_NCOLS; i++) {
		need += ev[i].len + 1;
		/* The event may be built from this item's own fields. */
		if (it->buf != NULL && ev[i].p >= it->buf &&
		    ev[i].p < it->buf + it->cap)
			alias = 1;
	}
	if (alias || need > it->cap) {
		buf = xmalloc(need + 32);
		old = it->buf;
		it->cap = need + 32;
	} else {
		buf = it->buf;
	}
	for (i = 0; i < LEDGER_NCOLS; i++) {
		memcpy(buf + o, ev[i].p, ev[i].len);
		buf[o + ev[i].len] = '\0';
		it->off[i] = o;
		it->len[i] = ev[i].len;
		o += ev[i].len + 1;
	}
	it->buf = buf;
	free(old);
	if (isnew)
		it->first = line;
	it->last = line;
	it->nev++;
}

/* ------------------------------------------------------------- the file */

/* Where a line that starts at s ends, without its CR LF or LF. */
static size_t
line_len(const char *s, const char *end)
{
	const char *nl = memchr(s, '\n', (size_t)(end - s));
	size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);

	if (n > 0 && s[n - 1] == '\r')
		n--;
	return n;
}

/* The start of the line that ends just before pos (pos > 0). */
static size_t
line_start(const char *map, size_t pos)
{
	const char *nl;

	if (pos < 2)
		return 0;
	nl = memrchr(map, '\n', pos - 1);
	return nl ? (size_t)(nl - map) + 1 : 0;
}

/* lote_resto of a ledger line: the text after its last comma, or -1. */
static long
line_resto(const char *s, size_t n)
{
	const char *c = memrchr(s, ',', n);
	long v;

	if (c == NULL || parse_nat(c + 1, n - (size_t)(c + 1 - s), &v) < 0)
		return -1;
	return v;
}

static int
odd_quotes(const char *s, size_t n)
{
	size_t i, q = 0;

	for (i = 0; i < n; i++)
		q += s[i] == '"';
	return (int)(q & 1);
}

/*
 * Find where the complete batches end.  The bytes after the last LF are
 * a torn line; so is a last line with an odd number of quotes (a quote
 * opened and never closed).  Then, while the last line left says that
 * more lines of its batch were due, the batch is cut short: walk back
 * over its lines (lote_resto rising by one) to its first.
 */
static void
find_tail(struct ledger_file *lf)
{
	const char *m = lf->map;
	size_t pos, ls, n;
	long v, want = -1;
	const char *nl;

	lf->good = lf->size;
	lf->why = NULL;
	if (lf->size == 0)
		return;
	nl = memrchr(m, '\n', lf->size);
	pos = nl ? (size_t)(nl - m) + 1 : 0;
	if (pos < lf->size) {
		lf->good = pos;
		lf->why = N_("torn last line: it has no line end (an "
		    "interrupted write)");
	}
	while (pos > 0) {
		ls = line_start(m, pos);
		if (ls == 0)
			break;		/* the header */
		n = line_len(m + ls, m + pos);
		if (n == 0) {
			if (want >= 0)
				break;
			pos = ls;	/* a blank line */
			continue;
		}
		if (want < 0 && lf->good == lf->size &&
		    odd_quotes(m + ls, n)) {
			lf->good = pos = ls;
			lf->why = N_("torn last line: a quote is never "
			    "closed (an interrupted write)");
			continue;
		}
		v = line_resto(m + ls, n);
		if (want < 0) {
			if (v <= 0)
				break;	/* a complete batch, or no mark */
		} else if (v != want) {
			break;		/* the line before the batch */
		}
		lf->good = pos = ls;
		lf->why = N_("interrupted write: the last batch is "
		    "incomplete");
		want = v + 1;
	}
	if (lf->good < lf->size) {
		unsigned long line = 1;
		const char *p = m, *e = m + lf->good;

		while ((p = memchr(p, '\n', (size_t)(e - p))) != NULL) {
			line++;
			p++;
		}
		lf->cut_line = line;
	}
}

/* Copy a pipe to an unlinked temporary file, so it can be mapped. */
static int
spool(int in)
{
	char path[4096], buf[1 << 16];
	const char *dir = getenv("TMPDIR");
	ssize_t n, w, off;
	int fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	snprintf(path, sizeof path, "%s/sate-commit.XXXXXX", dir);
	if ((fd = mkstemp(path)) < 0)
		return error("cannot create a temporary file in %s: %s", dir,
		    strerror(errno));
	unlink(path);
	for (;;) {
		n = read(in, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			error("stdin: read error: %s", strerror(errno));
			close(fd);
			return -1;
		}
		if (n == 0)
			break;
		for (off = 0; off < n; off += w) {
			w = write(fd, buf + off, (size_t)(n - off));
			if (w < 0 && errno == EINTR) {
				w = 0;
				continue;
			}
			if (w < 0) {
				error("%s: write error: %s", dir,
				    strerror(errno));
				close(fd);
				return -1;
			}
		}
	}
	return fd;
}

/*
 * Read the first line as a header before looking at the tail: a file
 * that is no ledger at all (UTF-16, a spreadsheet, binary) must be
 * refused as such, not taken for a ledger whose last write was torn,
 * which verify --repair would cut.  The reader prints the message.
 */
static int
check_first_line(struct ledger_file *lf)
{
	struct sate_opts o;
	struct csvr *r;
	const char *nl, *cr;
	size_t n;

	if (lf->size == 0)
		return 0;
	nl = memchr(lf->map, '\n', lf->size);
	n = nl ? (size_t)(nl - lf->map) + 1 : lf->size;
	/* Lines ended by CR alone would read as one torn last line, and
	 * --repair would move the whole ledger aside: say what it is. */
	cr = memchr(lf->map, '\r', n);
	if (cr != NULL && (size_t)(cr - lf->map) + 1 < lf->size &&
	    cr[1] != '\n') {
		lf->status = SATE_EXIT_DATA;
		return error("%s: lines end in CR alone (an old Mac export), "
		    "a ledger's in LF (convert it first with mac2unix, of "
		    "the dos2unix package)", lf->name);
	}
	sate_opts_init(&o);
	r = csvr_open_mem(lf->map, n, lf->name, &o, CSVR_EMPTY_OK);
	if (r == NULL) {
		lf->status = csvr_open_status();
		return -1;
	}
	csvr_close(r);
	return 0;
}

static int
open_ledger(struct ledger_file *lf, const char *path, int mode)
{
	struct stat st;
	int fd, flags;

	memset(lf, 0, sizeof *lf);
	lf->fd = -1;
	lf->mode = mode;
	lf->status = SATE_EXIT_IO;
	if (path == NULL || strcmp(path, "-") == 0) {
		lf->name = xstrdup("stdin");
		fd = 0;
		if (fstat(0, &st) < 0)
			return error("stdin: %s", strerror(errno));
		if (!S_ISREG(st.st_mode) || lseek(0, 0, SEEK_CUR) != 0) {
			if ((fd = spool(0)) < 0)
				return -1;
		} else {
			fd = dup(0);
		}
	} else {
		lf->name = xstrdup(path);
		lf->path = xstrdup(path);
		flags = O_CLOEXEC | (mode == LEDGER_READ ? O_RDONLY :
		    O_RDWR | O_APPEND);
		if (mode == LEDGER_WRITE)
			flags |= O_CREAT;
		/* A file size limit must fail a write, not kill the
		 * writer half way: then the ledger is cut back. */
		if (mode != LEDGER_READ)
			signal(SIGXFSZ, SIG_IGN);
		fd = open(path, flags, 0640);
		if (fd < 0)
			return error("cannot open %s: %s", path,
			    strerror(errno));
		while (flock(fd, mode == LEDGER_READ ? LOCK_SH : LOCK_EX) < 0)
			if (errno != EINTR) {
				error("cannot lock %s: %s", path,
				    strerror(errno));
				close(fd);
				return -1;
			}
	}
	lf->fd = fd;
	if (fstat(fd, &st) < 0)
		return error("%s: %s", lf->name, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return error("%s: not a regular file", lf->name);
	lf->size = (size_t)st.st_size;
	if (lf->size > 0) {
		lf->map = mmap(NULL, lf->size, PROT_READ, MAP_SHARED, fd, 0);
		if (lf->map == MAP_FAILED) {
			lf->map = NULL;
			return error("cannot map %s: %s", lf->name,
			    strerror(errno));
		}
		(void)madvise(lf->map, lf->size, MADV_SEQUENTIAL);
	}
	if (check_first_line(lf) < 0)
		return -1;
	find_tail(lf);
	return 0;
}

int
ledger_open(struct ledger_file *lf, const char *path, int mode)
{
	int status;

	if (open_ledger(lf, path, mode) == 0)
		return 0;
	status = lf->status;	/* nothing stays open, but the status */
	ledger_close(lf);
	lf->status = status;
	return -1;
}

void
ledger_close(struct ledger_file *lf)
{
	if (lf->map != NULL)
		munmap(lf->map, lf->size);
	if (lf->fd >= 0)
		close(lf->fd);	/* and the lock with it */
	free(lf->name);
	free(lf->path);
	memset(lf, 0, sizeof *lf);
	lf->fd = -1;
}

struct csvr *
ledger_reader(struct ledger_file *lf, int exact, int flags, int *idx,
    int *status)
{
	struct sate_opts o;
	struct csvr *r;
	size_t i;

	sate_opts_init(&o);
	r = csvr_open_mem(lf->map ? lf->map : "", lf->good, lf->name, &o,
	    CSVR_EMPTY_OK | flags);
	if (r == NULL) {
		*status = csvr_open_status();
		return NULL;
	}
	if (csvr_ncols(r) == 0) {
		for (i = 0; i < LEDGER_NCOLS; i++)
			idx[i] = (int)i;
		return r;
	}
	if (csvr_require(r, ledger_cols, idx) < 0) {
		csvr_close(r);
		*status = SATE_EXIT_DATA;
		return NULL;
	}
	if (exact && csvr_ncols(r) != LEDGER_NCOLS) {
		error("%s:1: the header has %zu columns, not the ledger's %d "
		    "(run 'sate-commit verify')", lf->name, csvr_ncols(r),
		    LEDGER_NCOLS);
		csvr_close(r);
		*status = SATE_EXIT_DATA;
		return NULL;
	}
	for (i = 0; exact && i < LEDGER_NCOLS; i++)
		if (idx[i] != (int)i) {
			error("%s:1: column %zu of the header is '%s', not "
			    "'%s' (an append writes the columns in the "
			    "ledger's order; run 'sate-commit verify')",
			    lf->name, i + 1, csvr_colname(r, i),
			    ledger_cols[i]);
			csvr_close(r);
			*status = SATE_EXIT_DATA;
			return NULL;
		}
	return r;
}

int
ledger_fold_ids(struct ledger_file *lf, struct ledger *L)
{
	const char *p, *end, *nl, *c;
	struct sate_field id;
	size_t n, i, o = 0;
	char hdr[512];

	if (lf->good == 0)
		return 0;	/* an empty ledger has no map: no pointer
				   arithmetic on NULL */
	p = lf->map;
	end = lf->map + lf->good;
	for (i = 0; i < LEDGER_NCOLS; i++)
		o += (size_t)snprintf(hdr + o, sizeof hdr - o, "%s%s",
		    i ? "," : "", ledger_cols[i]);
	/* What the reader skips before the header, this skips too: byte
	 * order marks and blank lines. */
	for (;;) {
		if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
			p += 3;
		else if (p < end && (*p == '\n' || (*p == '\r' &&
		    end - p >= 2 && p[1] == '\n')))
			p += *p == '\n' ? 1 : 2;
		else
			break;
	}
	n = line_len(p, end);
	if (n != o || memcmp(p, hdr, n) != 0)
		return error("%s:1: the header is not the ledger's (an "
		    "append writes the columns in the ledger's order; run "
		    "'sate-commit verify')", lf->name);
	/* An id never needs quotes: it is the text before the first
	 * comma of each line. */
	for (p += n; p < end && (nl = memchr(p, '\n', (size_t)(end - p)));
	    p = nl + 1) {
		c = memchr(p, ',', (size_t)(nl - p));
		if (c == NULL)
			continue;
		id.p = p;
		id.len = (size_t)(c - p);
		note_n(L, &id);
	}
	return 0;
}

void
ledger_event(const struct sate_rec *rec, const int *idx,
    struct sate_field *ev)
{
	size_t i;

	for (i = 0; i < LEDGER_NCOLS; i++)
		ev[i] = rec->f[idx[i]];
}

/* ------------------------------------------------------------ appending */

struct ledger_batch *
ledger_batch_new(int header)
{
	struct ledger_batch *b = xcalloc(1, sizeof *b);
	size_t i;

	b->fd = memfd_create("sate-commit", MFD_CLOEXEC);
	if (b->fd < 0)
		die(SATE_EXIT_IO, "memfd_create: %s", strerror(errno));
	csvw_init(&b->w, b->fd, ',', 0);
	b->header = header;
	if (header) {
		for (i = 0; i < LEDGER_NCOLS; i++)
			csvw_str(&b->w, ledger_cols[i]);
		csvw_endrec(&b->w);
	}
	return b;
}

void
ledger_batch_add(struct ledger_batch *b, const struct sate_field *ev)
{
	csvw_rec(&b->w, ev, LEDGER_NCOLS);
	b->n++;
}

void
ledger_batch_free(struct ledger_batch *b)
{
	if (b == NULL)
		return;
	close(b->fd);
	free(b->w.buf);
	free(b);
}

static int
sync_dir(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	int fd, rc = 0;

	if (slash == dir)
		dir[1] = '\0';
	else if (slash != NULL)
		*slash = '\0';
	else
		strcpy(dir, ".");
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) < 0)
		rc = error("cannot sync directory %s: %s", dir,
		    strerror(errno));
	if (fd >= 0)
		close(fd);
	free(dir);
	return rc;
}

/* Write all of buf at the end of fd.  On failure cut the file back to
 * size and return -1 with errno set. */
static int
append_all(int fd, const char *buf, size_t len, off_t size)
{
	size_t off = 0;
	ssize_t n;
	int e;

	while (off < len) {
		n = write(fd, buf + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			e = n < 0 ? errno : EIO;
			goto fail;
		}
		off += (size_t)n;
	}
	if (fsync(fd) == 0)
		return 0;
	e = errno;
fail:
	if (ftruncate(fd, size) == 0)
		(void)fsync(fd);
	errno = e;
	return -1;
}

int
ledger_batch_commit(struct ledger_batch *b, struct ledger_file *lf)
{
	struct stat st;
	void *p = NULL;
	size_t len;
	off_t end;

	csvw_flush(&b->w);
	end = lseek(b->fd, 0, SEEK_CUR);
	if (end < 0)
		return error("memfd: %s", strerror(errno));
	len = (size_t)end;
	if (len > 0) {
		p = mmap(NULL, len, PROT_READ, MAP_SHARED, b->fd, 0);
		if (p == MAP_FAILED)
			return error("cannot map the batch: %s",
			    strerror(errno));
	}
	if (fstat(lf->fd, &st) < 0 || append_all(lf->fd, p, len,
	    st.st_size) < 0) {
		error("%s: write error: %s (the ledger is left as it was)",
		    lf->name, strerror(errno));
		if (p != NULL)
			munmap(p, len);
		return -1;
	}
	if (p != NULL)
		munmap(p, len);
	if (b->header && sync_dir(lf->path) < 0)
		return -1;
	return 0;
}

/* ------------------------------------------------------------ repairing */

static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int
ledger_repair(struct ledger_file *lf)
{
	char *rej;
	size_t n = lf->size - lf->good;
	struct stat st;
	int fd, created;

	if (n == 0)
		return 0;
	rej = xmalloc(strlen(lf->path) + sizeof ".rejected");
	strcpy(rej, lf->path);
	strcat(rej, ".rejected");
	created = stat(rej, &st) < 0;
	fd = open(rej, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	if (fd < 0) {
		error("cannot open %s: %s", rej, strerror(errno));
		free(rej);
		return -1;
	}
	if (write_all(fd, lf->map + lf->good, n) < 0 ||
	    (lf->map[lf->size - 1] != '\n' && write_all(fd, "\n", 1) < 0) ||
	    fsync(fd) < 0) {
		error("%s: write error: %s (the ledger is left as it was)",
		    rej, strerror(errno));
		close(fd);
		free(rej);
		return -1;
	}
	close(fd);
	if (created && sync_dir(rej) < 0) {
		free(rej);
		return -1;
	}
	if (ftruncate(lf->fd, (off_t)lf->good) < 0 || fsync(lf->fd) < 0) {
		error("cannot cut %s: %s (its tail is saved in %s)", lf->name,
		    strerror(errno), rej);
		free(rej);
		return -1;
	}
	free(rej);
	return 0;
}

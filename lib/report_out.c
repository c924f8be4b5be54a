/*
 * report_out.c - the document writer of sate-report: headings,
 * paragraphs, identification lists, tables and bar charts in text,
 * Markdown or self-contained HTML (inline CSS and SVG, no network)
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sate.h"

#define TEXT_BAR	20	/* characters for 100 % in a table */
#define CHART_BAR	50	/* characters for 100 % in a text chart */
#define SVG_LABEL	190	/* pixels of the label column */
#define SVG_BAR		380	/* pixels for 100 % */
#define SVG_ROW		18

static const char css[] =
"@page { size: auto; margin: 15mm; }\n"
"body { font-family: sans-serif; font-size: 10.5pt; color: #111;\n"
"  max-width: 180mm; margin: 1em auto; padding: 0 4mm; }\n"
"h1 { font-size: 16pt; margin-bottom: 0.2em; }\n"
"h2 { font-size: 13pt; border-bottom: 1px solid #999;\n"
"  margin-top: 1.4em; break-after: avoid; page-break-after: avoid; }\n"
"table { border-collapse: collapse; margin: 0.4em 0 1em; }\n"
"caption { text-align: left; font-weight: bold; padding: 2px 0; }\n"
"th, td { border: 1px solid #bbb; padding: 1px 5px; }\n"
"th { background: #eee; font-weight: bold; }\n"
"td.n { text-align: right; font-variant-numeric: tabular-nums; }\n"
"tfoot td { font-weight: bold; background: #f6f6f6; }\n"
"tr, figure { break-inside: avoid; page-break-inside: avoid; }\n"
"figure { margin: 0.5em 0 1em; }\n"
"figcaption { font-weight: bold; }\n"
"svg { max-width: 100%; height: auto; font: 10px sans-serif; }\n"
"dl.id { display: grid; grid-template-columns: max-content auto;\n"
"  gap: 1px 12px; }\n"
"dl.id dt { font-weight: bold; } dl.id dd { margin: 0; }\n"
"p.nota { font-size: 9pt; color: #333; }\n"
"@media print { body { margin: 0; padding: 0; max-width: none; } }\n";

static const char seg_chars[] = "#+.=-o";

static void
out(struct rpt_doc *d, const char *s)
{
	csvw_raw(d->w, s, strlen(s));
}

static void
outf(struct rpt_doc *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
outf(struct rpt_doc *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	csvw_vrawf(d->w, fmt, ap);
	va_end(ap);
}

static void
rep(struct rpt_doc *d, char c, size_t n)
{
	while (n-- > 0)
		csvw_raw(d->w, &c, 1);
}

static void
html(struct rpt_doc *d, const char *s)
{
	const char *p;

	for (p = s; *p != '\0'; p++)
		switch (*p) {
		case '&':
			out(d, "&amp;");
			break;
		case '<':
			out(d, "&lt;");
			break;
		case '>':
			out(d, "&gt;");
			break;
		case '"':
			out(d, "&quot;");
			break;
		default:
			csvw_raw(d->w, p, 1);
		}
}

static void
md(struct rpt_doc *d, const char *s)
{
	const char *p;

	for (p = s; *p != '\0'; p++) {
		if (strchr("|\\*_`[]<>#", *p) != NULL)
			csvw_raw(d->w, "\\", 1);
		csvw_raw(d->w, p, 1);
	}
}

/* Display width: code points of UTF-8. */
static size_t
width(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

void
doc_begin(struct rpt_doc *d, struct csvw *w, enum rpt_format fmt,
    const char *title)
{
	d->w = w;
	d->fmt = fmt;
	d->nchart = 0;
	switch (fmt) {
	case RPT_HTML:
		out(d, "<!DOCTYPE html>\n<html lang=\"es\">\n<head>\n"
		    "<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, "
		    "initial-scale=1\">\n<title>");
		html(d, title);
		out(d, "</title>\n<style>\n");
		out(d, css);
		out(d, "</style>\n</head>\n<body>\n<h1>");
		html(d, title);
		out(d, "</h1>\n");
		break;
	case RPT_MD:
		out(d, "# ");
		md(d, title);
		out(d, "\n\n");
		break;
	default:
		out(d, title);
		out(d, "\n");
		rep(d, '=', width(title));
		out(d, "\n\n");
		break;
	}
}

void
doc_end(struct rpt_doc *d)
{
	if (d->fmt == RPT_HTML)
		out(d, "</body>\n</html>\n");
}

void
doc_heading(struct rpt_doc *d, int level, const char *text)
{
	switch (d->fmt) {
	case RPT_HTML:
		outf(d, "<h%d>", level);
		html(d, text);
		outf(d, "</h%d>\n", level);
		break;
	case RPT_MD:
		rep(d, '#', (size_t)level);
		out(d, " ");
		md(d, text);
		out(d, "\n\n");
		break;
	default:
		out(d, text);
		out(d, "\n");
		rep(d, level <= 2 ? '-' : '.', width(text));
		out(d, "\n\n");
		break;
	}
}

void
doc_para(struct rpt_doc *d, const char *text)
{
	switch (d->fmt) {
	case RPT_HTML:
		out(d, "<p class=\"nota\">");
		html(d, text);
		out(d, "</p>\n");
		break;
	case RPT_MD:
		md(d, text);
		out(d, "\n\n");
		break;
	default:
		out(d, text);
		out(d, "\n\n");
		break;
	}
}

void
doc_fields(struct rpt_doc *d, const char *const *kv, size_t n)
{
	size_t i, w = 0;

	for (i = 0; i < n; i++)
		if (width(kv[2 * i]) > w)
			w = width(kv[2 * i]);
	if (d->fmt == RPT_HTML)
		out(d, "<dl class=\"id\">\n");
	for (i = 0; i < n; i++) {
		const char *k = kv[2 * i], *v = kv[2 * i + 1];

		switch (d->fmt) {
		case RPT_HTML:
			out(d, "<dt>");
			html(d, k);
			out(d, "</dt><dd>");
			html(d, v);
			out(d, "</dd>\n");
			break;
		case RPT_MD:
			out(d, "- **");
			md(d, k);
			out(d, ":** ");
			md(d, v);
			out(d, "\n");
			break;
		default:
			out(d, k);
			out(d, ":");
			if (*v != '\0')
				rep(d, ' ', w - width(k) + 1);
			out(d, v);
			out(d, "\n");
			break;
		}
	}
	out(d, d->fmt == RPT_HTML ? "</dl>\n" : "\n");
}

static const char *
cell(const struct rpt_table *t, size_t i, size_t j)
{
	return t->cell[i * t->ncol + j];
}

static void
table_text(struct rpt_doc *d, const struct rpt_table *t)
{
	size_t *w, i, j, n, total;

	w = xcalloc(t->ncol, sizeof *w);
	for (j = 0; j < t->ncol; j++) {
		w[j] = width(t->head[j]);
		for (i = 0; i < t->nrow; i++)
			if (width(cell(t, i, j)) > w[j])
				w[j] = width(cell(t, i, j));
	}
	for (j = 0, total = 0; j < t->ncol; j++)
		total += w[j] + (j > 0 ? 2 : 0);

	if (t->caption != NULL) {
		out(d, t->caption);
		out(d, "\n\n");
	}
	for (j = 0; j < t->ncol; j++) {
		const char *h = t->head[j];

		if (j > 0)
			out(d, "  ");
		if ((int)j >= t->nkey)
			rep(d, ' ', w[j] - width(h));
		out(d, h);
		if ((int)j < t->nkey && j + 1 < t->ncol)
			rep(d, ' ', w[j] - width(h));
	}
	out(d, "\n");
	rep(d, '-', total);
	out(d, "\n");
	for (i = 0; i < t->nrow; i++) {
		if (t->total_last && i + 1 == t->nrow) {
			rep(d, '-', total);
			out(d, "\n");
		}
		for (j = 0; j < t->ncol; j++) {
			const char *s = cell(t, i, j);

			if (j > 0)
				out(d, "  ");
			if ((int)j >= t->nkey)
				rep(d, ' ', w[j] - width(s));
			out(d, s);
			if ((int)j < t->nkey && j + 1 < t->ncol)
				rep(d, ' ', w[j] - width(s));
		}
		/* The bar of the barcol's share ends the line. */
		if (t->barcol >= 0 && t->bar != NULL && t->bar[i] > 0) {
			n = (size_t)(t->bar[i] * TEXT_BAR / 100.0 + 0.5);
			out(d, "  ");
			rep(d, '#', n > TEXT_BAR ? TEXT_BAR : n);
		}
		out(d, "\n");
	}
	out(d, "\n");
	free(w);
}

static void
table_md(struct rpt_doc *d, const struct rpt_table *t)
{
	size_t i, j;

	if (t->caption != NULL) {
		out(d, "**");
		md(d, t->caption);
		out(d, "**\n\n");
	}
	out(d, "|");
	for (j = 0; j < t->ncol; j++) {
		out(d, " ");
		md(d, t->head[j]);
		out(d, " |");
	}
	out(d, "\n|");
	for (j = 0; j < t->ncol; j++)
		out(d, (int)j < t->nkey ? " --- |" : " ---: |");
	out(d, "\n");
	for (i = 0; i < t->nrow; i++) {
		int bold = t->total_last && i + 1 == t->nrow;

		out(d, "|");
		for (j = 0; j < t->ncol; j++) {
			const char *s = cell(t, i, j);

			out(d, " ");
			if (bold && *s != '\0')
				out(d, "**");
			md(d, s);
			if (bold && *s != '\0')
				out(d, "**");
			out(d, " |");
		}
		out(d, "\n");
	}
	out(d, "\n");
}

static void
table_row_html(struct rpt_doc *d, const struct rpt_table *t, size_t i)
{
	size_t j;

	out(d, "<tr>");
	for (j = 0; j < t->ncol; j++) {
		out(d, (int)j < t->nkey ? "<td>" : "<td class=\"n\">");
		html(d, cell(t, i, j));
		out(d, "</td>");
	}
	out(d, "</tr>\n");
}

static void
table_html(struct rpt_doc *d, const struct rpt_table *t)
{
	size_t i, j, n = t->nrow;

	out(d, "<table>\n");
	if (t->caption != NULL) {
		out(d, "<caption>");
		html(d, t->caption);
		out(d, "</caption>\n");
	}
	out(d, "<thead><tr>");
	for (j = 0; j < t->ncol; j++) {
		out(d, "<th scope=\"col\">");
		html(d, t->head[j]);
		out(d, "</th>");
	}
	out(d, "</tr></thead>\n");
	if (t->total_last && n > 0)
		n--;
	if (n > 0) {
		out(d, "<tbody>\n");
		for (i = 0; i < n; i++)
			table_row_html(d, t, i);
		out(d, "</tbody>\n");
	}
	if (n < t->nrow) {
		out(d, "<tfoot>\n");
		table_row_html(d, t, n);
		out(d, "</tfoot>\n");
	}
	out(d, "</table>\n");
}

void
doc_table(struct rpt_doc *d, const struct rpt_table *t)
{
	switch (d->fmt) {
	case RPT_HTML:
		table_html(d, t);
		break;
	case RPT_MD:
		table_md(d, t);
		break;
	default:
		table_text(d, t);
		break;
	}
}

void
rpt_table_free(struct rpt_table *t)
{
	size_t i;

	for (i = 0; i < t->nrow * t->ncol; i++)
		free(t->cell[i]);
	free(t->cell);
	free(t->bar);
	t->cell = NULL;
	t->bar = NULL;
}

static double
val(const struct rpt_chart *c, size_t i, size_t s)
{
	return c->val[i * c->nseg + s];
}

static int
row_hidden(const struct rpt_chart *c, size_t i)
{
	size_t s;

	for (s = 0; s < c->nseg; s++)
		if (val(c, i, s) < 0)
			return 1;
	return 0;
}

static void
chart_text(struct rpt_doc *d, const struct rpt_chart *c)
{
	size_t i, s, w = 0, n;

	for (i = 0; i < c->nrow; i++)
		if (width(c->label[i]) > w)
			w = width(c->label[i]);
	for (s = 0; s < c->nseg; s++)
		if (!c->stacked && width(c->segname[s]) > w)
			w = width(c->segname[s]);
	out(d, c->title);
	out(d, "\n");
	for (s = 0; c->stacked && s < c->nseg; s++)
		outf(d, "%c %s   ", seg_chars[s % 6], c->segname[s]);
	outf(d, "(100 %% = %d caracteres)\n\n", CHART_BAR);
	for (i = 0; i < c->nrow; i++) {
		if (c->stacked) {
			out(d, c->label[i]);
			rep(d, ' ', w - width(c->label[i]) + 2);
			if (row_hidden(c, i)) {
				out(d, "(suprimido)\n");
				continue;
			}
			for (s = 0; s < c->nseg; s++) {
				n = (size_t)(val(c, i, s) * CHART_BAR /
				    100.0 + 0.5);
				rep(d, seg_chars[s % 6], n);
			}
			out(d, "\n");
			continue;
		}
		out(d, c->label[i]);
		out(d, "\n");
		for (s = 0; s < c->nseg; s++) {
			out(d, "  ");
			out(d, c->segname[s]);
			rep(d, ' ', w - width(c->segname[s]) + 1);
			if (val(c, i, s) < 0) {
				out(d, "(suprimido)\n");
				continue;
			}
			n = (size_t)(val(c, i, s) * CHART_BAR / 100.0 + 0.5);
			rep(d, '#', n);
			outf(d, " %.1f %%\n", val(c, i, s));
		}
	}
	out(d, "\n");
}

static void
chart_svg(struct rpt_doc *d, const struct rpt_chart *c)
{
	size_t i, s, per = c->stacked ? 1 : c->nseg;
	double x, bw, rh = c->stacked ? SVG_ROW : 11.0 * (double)per + 6;
	double h = 24 + rh * (double)c->nrow + 6;
	int W = SVG_LABEL + SVG_BAR + 60;

	d->nchart++;
	out(d, "<figure>\n<figcaption>");
	html(d, c->title);
	out(d, "</figcaption>\n");
	outf(d, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	    "height=\"%.0f\" viewBox=\"0 0 %d %.0f\" role=\"img\" "
	    "aria-label=\"", W, h, W, h);
	html(d, c->title);
	out(d, "\">\n<title>");
	html(d, c->title);
	out(d, "</title>\n");
	/* Legend. */
	for (s = 0, x = SVG_LABEL; s < c->nseg; s++) {
		outf(d, "<rect x=\"%.0f\" y=\"4\" width=\"10\" height=\"10\" "
		    "fill=\"%s\"/>", x, c->segcolor[s]);
		outf(d, "<text x=\"%.0f\" y=\"13\">", x + 13);
		html(d, c->segname[s]);
		out(d, "</text>\n");
		x += 22 + 6.0 * (double)width(c->segname[s]);
	}
	for (i = 0; i < c->nrow; i++) {
		double y = 24 + rh * (double)i;

		outf(d, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">",
		    SVG_LABEL - 6, y + rh / 2 + 3);
		html(d, c->label[i]);
		out(d, "</text>\n");
		if (c->stacked && row_hidden(c, i)) {
			outf(d, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" "
			    "height=\"%d\" fill=\"#e4e4e4\"/>", SVG_LABEL, y,
			    SVG_BAR, SVG_ROW - 4);
			outf(d, "<text x=\"%d\" y=\"%.1f\">suprimido</text>\n",
			    SVG_LABEL + 6, y + 10);
			continue;
		}
		x = SVG_LABEL;
		for (s = 0; s < c->nseg; s++) {
			double v = val(c, i, s);
			double yy = c->stacked ? y : y + 3 + 11.0 * (double)s;
			double hh = c->stacked ? SVG_ROW - 4 : 9;

			if (!c->stacked)
				x = SVG_LABEL;
			if (v < 0) {
				outf(d, "<text x=\"%.1f\" y=\"%.1f\">*</text>"
				    "\n", x + 3, yy + 8);
				continue;
			}
			bw = v * SVG_BAR / 100.0;
			if (bw > 0)
				outf(d, "<rect x=\"%.1f\" y=\"%.1f\" "
				    "width=\"%.1f\" height=\"%.0f\" "
				    "fill=\"%s\"/>", x, yy, bw, hh,
				    c->segcolor[s]);
			if (!c->stacked)
				outf(d, "<text x=\"%.1f\" y=\"%.1f\">%.1f %%"
				    "</text>", x + bw + 4, yy + 8, v);
			out(d, "\n");
			x += bw;
		}
	}
	out(d, "</svg>\n</figure>\n");
}

void
doc_chart(struct rpt_doc *d, const struct rpt_chart *c)
{
	if (c->nrow == 0)
		return;
	switch (d->fmt) {
	case RPT_HTML:
		chart_svg(d, c);
		break;
	case RPT_MD:
		out(d, "```\n");
		chart_text(d, c);
		out(d, "```\n\n");
		break;
	default:
		chart_text(d, c);
		break;
	}
}

// plan-html.c — the plan (operator-plan.h) as one self-contained HTML file
// for the change ticket: nothing loaded from elsewhere (no scripts, fonts
// or styles), a print stylesheet, and the account table sortable by a few
// lines of inline script (without it the table reads in run order).
//
// Every text is escaped; control characters become U+FFFD, since HTML has
// no way to carry them.

#include "report/plan-files.h"

#include "report/report-output.h"

#include <glib/gi18n-lib.h>
#include <string.h>

static const char style[] =
   "body{font-family:sans-serif;margin:1.5em;color:#111;max-width:70em}"
   "h1{font-size:1.4em}h2{font-size:1.2em;margin-top:1.6em;"
   "border-bottom:1px solid #999}h3{font-size:1em}"
   "#go-no-go{font-size:1.2em;font-weight:bold;padding:.5em;"
   "border:2px solid}"
   ".go{background:#e3f6e3;border-color:#2a7a2a}"
   ".no-go{background:#fbe4e4;border-color:#a22}"
   "table{border-collapse:collapse;margin:.5em 0}"
   "th,td{border:1px solid #bbb;padding:.2em .5em;text-align:left;"
   "vertical-align:top}"
   "th{background:#eee;cursor:pointer}"
   "pre{white-space:pre-wrap;background:#f6f6f6;padding:.5em;"
   "border-left:3px solid #999}"
   ".ask{font-style:italic}"
   "@media print{body{margin:0;max-width:none}th{cursor:auto}"
   "a{color:inherit;text-decoration:none}"
   "section,tr{page-break-inside:avoid}h2{page-break-after:avoid}"
   ".go,.no-go,th{-webkit-print-color-adjust:exact;"
   "print-color-adjust:exact}}";

// Click a column's heading to sort by it; again to reverse.
static const char script[] =
   "document.querySelectorAll('table.sortable th').forEach(function(th){"
   "th.addEventListener('click',function(){"
   "var i=th.cellIndex,tb=th.closest('table').tBodies[0],"
   "d=th.dataset.dir==='a'?-1:1;"
   "th.dataset.dir=d===1?'a':'d';"
   "Array.from(tb.rows).sort(function(a,b){"
   "return d*a.cells[i].textContent.localeCompare(b.cells[i].textContent,"
   "undefined,{numeric:true});}).forEach(function(r){tb.appendChild(r);});"
   "});});";

static void
escape (GString *out, const char *text)
{
   for (const char *c = text != NULL ? text : ""; *c != '\0'; c++) {
      switch (*c) {
      case '&':
         g_string_append (out, "&amp;");
         break;
      case '<':
         g_string_append (out, "&lt;");
         break;
      case '>':
         g_string_append (out, "&gt;");
         break;
      case '"':
         g_string_append (out, "&quot;");
         break;
      case '\'':
         g_string_append (out, "&#39;");
         break;
      default:
         if ((unsigned char) *c < 0x20 && *c != '\n' && *c != '\t')
            g_string_append (out, "\xef\xbf\xbd");
         else if (*c == 0x7f)
            g_string_append (out, "\xef\xbf\xbd");
         else
            g_string_append_c (out, *c);
      }
   }
}

static void
element (GString *out, const char *open, const char *text, const char *close)
{
   g_string_append (out, open);
   escape (out, text);
   g_string_append (out, close);
}

static void
causes_table (GString *out, const MhPlan *plan)
{
   g_autoptr (GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
   g_autoptr (GPtrArray) order = g_ptr_array_new ();
   for (guint i = 0; i < mh_plan_row_count (plan); i++) {
      const MhPlanRow *r = mh_plan_row (plan, i);
      gpointer n = NULL;
      if (!g_hash_table_lookup_extended (counts, r->cause, NULL, &n))
         g_ptr_array_add (order, r->cause);
      g_hash_table_insert (counts, r->cause,
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (n) + 1));
   }
   element (out, "<h2>", _ ("Accounts by cause"), "</h2>\n");
   element (out, "<table id=\"causes\" class=\"sortable\"><thead><tr><th>",
            _ ("Cause"), "</th>");
   element (out, "<th>", _ ("Accounts"), "</th></tr></thead><tbody>\n");
   for (guint i = 0; i < order->len; i++) {
      const char *cause = g_ptr_array_index (order, i);
      element (out, "<tr><td>", cause, "</td>");
      g_string_append_printf (
         out, "<td>%u</td></tr>\n",
         GPOINTER_TO_UINT (g_hash_table_lookup (counts, cause)));
   }
   g_string_append (out, "</tbody></table>\n");
}

static void
action_groups (GString *out, const MhPlan *plan)
{
   element (out, "<h2>", _ ("What to do"), "</h2>\n");
   gboolean any = FALSE;
   for (MhAction a = MH_ACTION_LOG_OFF; a < MH_ACTION_COUNT; a++) {
      guint n = 0;
      for (guint i = 0; i < mh_plan_row_count (plan); i++)
         n += mh_plan_row (plan, i)->action == a;
      if (n == 0)
         continue;
      any = TRUE;
      g_string_append_printf (out, "<section class=\"action\" id=\"%s\">",
                              mh_action_name (a));
      element (out, "<h3>", mh_action_title (a), "");
      g_string_append_printf (out, " (%u)</h3>\n", n);
      if (a != MH_ACTION_ADMIN) {
         g_autofree char *say =
            g_strdup_printf (_ ("Say: “%s”"), mh_action_ask (a));
         element (out, "<p class=\"ask\">", say, "</p>\n");
      }
      g_string_append (out, "<ul>\n");
      for (guint i = 0; i < mh_plan_row_count (plan); i++) {
         const MhPlanRow *r = mh_plan_row (plan, i);
         if (r->action != a)
            continue;
         element (out, "<li><b>", r->user, "</b>");
         if (r->full_name[0] != '\0')
            element (out, " (", r->full_name, ")");
         element (out, " — ", r->cause, "");
         if (r->reason[0] != '\0')
            element (out, ": ", r->reason, "");
         if (r->paragraph >= 0)
            g_string_append_printf (out, " <a href=\"#why-%d\">%s</a>",
                                    r->paragraph + 1, _ ("why"));
         g_string_append (out, "</li>\n");
      }
      g_string_append (out, "</ul></section>\n");
   }
   if (!any)
      element (out, "<p>", _ ("Nothing: every account may go as it is."),
               "</p>\n");
}

static void
explanations (GString *out, const MhPlan *plan)
{
   MhDigest *digest = mh_plan_digest ((MhPlan *) plan);
   guint n = mh_digest_paragraph_count (digest);
   if (n == 0)
      return;
   element (out, "<h2>", _ ("Why, and the steps"), "</h2>\n");
   for (guint i = 0; i < n; i++) {
      const char *headline, *body, *first;
      const GPtrArray *others;
      mh_digest_paragraph (digest, i, &headline, &body, &first, &others);
      g_string_append_printf (out, "<section class=\"why\" id=\"why-%u\">",
                              i + 1);
      element (out, "<h3>", headline, "</h3>\n");
      element (out, "<pre>", body, "</pre>\n");
      if (others->len > 0) {
         g_autofree char *same = g_strdup_printf (
            g_dngettext (GETTEXT_PACKAGE,
                         "The same for %u more account (only their names, "
                         "holders, times or numbers differ): ",
                         "The same for %u more accounts (only their names, "
                         "holders, times or numbers differ): ",
                         others->len),
            others->len);
         element (out, "<p>", same, "");
         for (guint k = 0; k < others->len; k++)
            element (out, k > 0 ? ", " : "",
                     g_ptr_array_index ((GPtrArray *) others, k), "");
         g_string_append (out, ".</p>\n");
      }
      g_string_append (out, "</section>\n");
   }
}

static void
accounts_table (GString *out, const MhPlan *plan)
{
   element (out, "<h2>", _ ("Every account"), "</h2>\n");
   element (out, "<p class=\"hint\">", _ ("Click a heading to sort."),
            "</p>\n<table id=\"accounts\" class=\"sortable\"><thead><tr>");
   const char *heads[] = {
      _ ("User"),  _ ("Full name"),        _ ("Verdict"),    _ ("Cause"),
      _ ("To do"), _ ("Holder or reason"), _ ("Since (UTC)")};
   for (gsize k = 0; k < G_N_ELEMENTS (heads); k++)
      element (out, "<th>", heads[k], "</th>");
   g_string_append (out, "</tr></thead><tbody>\n");
   for (guint i = 0; i < mh_plan_row_count (plan); i++) {
      const MhPlanRow *r = mh_plan_row (plan, i);
      element (out, "<tr class=\"account\"><td>", r->user, "</td>");
      element (out, "<td>", r->full_name, "</td>");
      element (out, "<td>", mh_plan_verdict_shown (r->verdict), "</td>");
      element (out, "<td>", r->cause, "</td>");
      element (out, "<td>", mh_action_name (r->action), "</td>");
      if (r->paragraph >= 0)
         g_string_append_printf (out, "<td><a href=\"#why-%d\">",
                                 r->paragraph + 1);
      else
         g_string_append (out, "<td>");
      escape (out, r->reason);
      g_string_append (out, r->paragraph >= 0 ? "</a></td>" : "</td>");
      g_autoptr (GDateTime) since =
         r->since != 0 ? g_date_time_new_from_unix_utc (r->since) : NULL;
      g_autofree char *when = since != NULL
                                 ? g_date_time_format (since, "%Y-%m-%d %H:%M")
                                 : g_strdup ("");
      element (out, "<td>", when, "</td></tr>\n");
   }
   g_string_append (out, "</tbody></table>\n");
}

static char *
render (const MhPlan *plan)
{
   GString *out = g_string_sized_new (64 * 1024);
   g_autofree char *title = g_strdup_printf (
      "mig-host %s: %s", mh_plan_command (plan), mh_plan_postoffice (plan));
   // TRANSLATORS: the HTML report's language tag (BCP 47), eg "de".
   element (out, "<!DOCTYPE html>\n<html lang=\"", C_ ("html lang", "en"),
            "\"><head><meta charset=\"utf-8\">");
   element (out, "<title>", title, "</title>\n");
   g_string_append_printf (out, "<style>%s</style></head>\n<body>\n", style);
   element (out, "<h1>", title, "</h1>\n");
   g_autofree char *line = mh_plan_go_line (plan);
   element (out,
            mh_plan_goes (plan) ? "<p id=\"go-no-go\" class=\"go\">"
                                : "<p id=\"go-no-go\" class=\"no-go\">",
            line, "</p>\n");
   if (mh_plan_postoffice_line (plan) != NULL) {
      element (out, "<p>", _ ("The post office: "), "");
      element (out, "", mh_plan_postoffice_line (plan), "</p>\n");
   }
   g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
   g_autofree char *when = g_date_time_format (now, "%Y-%m-%d %H:%M UTC");
   g_autofree char *written = g_strdup_printf (_ ("Written %s."), when);
   element (out, "<p>", written, "</p>\n");
   causes_table (out, plan);
   action_groups (out, plan);
   explanations (out, plan);
   accounts_table (out, plan);
   g_string_append_printf (out, "<script>%s</script>\n</body></html>\n",
                           script);
   return g_string_free (out, FALSE);
}

gboolean
mh_plan_write_html (const MhPlan *plan, const char *path, GError **error)
{
   MhOutput *output = mh_output_open (path, "--html", error);
   if (output == NULL)
      return FALSE;
   g_autofree char *page = render (plan);
   fputs (page, mh_output_stream (output));
   mh_output_flush (output);
   return mh_output_close (output, error);
}

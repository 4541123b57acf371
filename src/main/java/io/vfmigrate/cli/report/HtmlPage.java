package io.vfmigrate.cli.report;

import io.vfmigrate.workflow.evacuate.EvacuationSummary;
import io.vfmigrate.workflow.report.EvacuationFacts;
import io.vfmigrate.workflow.report.Lane;
import io.vfmigrate.workflow.report.MigrationFacts;
import io.vfmigrate.workflow.report.OperationReport;
import io.vfmigrate.workflow.report.StepLine;
import io.vfmigrate.workflow.report.Verification;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * The report as one self-contained HTML page: inline CSS and SVG, no script, no font or file from
 * anywhere else, so it opens offline, can be mailed, and prints.
 */
public final class HtmlPage {
  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  /** The series colours, named for the charts' CSS and for tests that look at the pixels. */
  public static final String RAM = "#1d4ed8";

  public static final String DEVICE = "#ea580c";
  public static final String LIMIT = "#7c3aed";
  public static final String CONCURRENCY = "#0f766e";
  public static final String MIGRATED = "#16a34a";

  private static final String CSS =
      """
      :root { color-scheme: light; }
      body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
        color: #111827; background: #f9fafb; margin: 0; }
      main { max-width: 1080px; margin: 0 auto; padding: 24px 20px 48px; }
      h1 { font-size: 26px; margin: 0 0 4px; }
      h2 { font-size: 19px; margin: 32px 0 8px; border-bottom: 1px solid #e5e7eb; padding-bottom: 4px; }
      h3 { font-size: 16px; margin: 18px 0 6px; }
      .sub { color: #4b5563; margin: 0 0 16px; }
      .badge { display: inline-block; padding: 2px 10px; border-radius: 12px; font-size: 14px;
        font-weight: 600; vertical-align: middle; color: #fff; background: #6b7280; }
      .badge.migrated, .badge.evacuated, .badge.passed { background: #15803d; }
      .badge.rolled-back, .badge.partial { background: #b45309; }
      .badge.failed, .badge.refused { background: #b91c1c; }
      .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(160px, 1fr)); gap: 10px; }
      .card { background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; padding: 10px 12px; }
      .card .k { color: #6b7280; font-size: 13px; }
      .card .v { font-size: 20px; font-weight: 600; }
      .card .why { color: #6b7280; font-size: 12px; }
      .unknown-v { color: #9ca3af; font-style: italic; }
      figure { margin: 8px 0; background: #fff; border: 1px solid #e5e7eb; border-radius: 8px;
        padding: 8px; break-inside: avoid; }
      figure svg { width: 100%; height: auto; display: block; }
      figcaption { color: #4b5563; font-size: 13px; padding: 4px 8px; }
      table { border-collapse: collapse; width: 100%; background: #fff; font-size: 14px; }
      th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #e5e7eb; vertical-align: top; }
      th { background: #f3f4f6; }
      td.num { text-align: right; white-space: nowrap; }
      code { font: 13px ui-monospace, "DejaVu Sans Mono", monospace; background: #f3f4f6;
        padding: 1px 4px; border-radius: 4px; }
      .note { color: #4b5563; }
      section.migration { margin-top: 28px; }
      svg .grid { stroke: #e5e7eb; stroke-width: 1; }
      svg .axis { stroke: #374151; stroke-width: 1; }
      svg .tick { font-size: 12px; fill: #374151; }
      svg .axis-title { font-size: 13px; fill: #111827; font-weight: 600; }
      svg .legend { font-size: 13px; fill: #111827; }
      svg .row-label { font-size: 13px; fill: #111827; }
      svg .value { font-size: 13px; fill: #111827; }
      svg .unknown { font-size: 13px; fill: #6b7280; font-style: italic; }
      svg .note { font-size: 14px; fill: #6b7280; }
      svg .s-ram { fill: none; stroke: #1d4ed8; stroke-width: 3; stroke-linejoin: round; }
      svg .s-dev { fill: none; stroke: #ea580c; stroke-width: 3; stroke-linejoin: round; }
      svg .s-limit { fill: none; stroke: #7c3aed; stroke-width: 3; }
      svg .s-conc { fill: none; stroke: #0f766e; stroke-width: 3; }
      svg .pass { stroke: #9ca3af; stroke-width: 1; stroke-dasharray: 2 3; }
      svg .pass-label { font-size: 11px; fill: #6b7280; }
      svg .switch { fill: #dc2626; fill-opacity: 0.18; stroke: #dc2626; stroke-width: 1; }
      svg .switch-unknown { stroke: #dc2626; stroke-width: 2; stroke-dasharray: 6 4; }
      svg .switch-label { font-size: 12px; fill: #b91c1c; font-weight: 600; }
      svg .limit-label { font-size: 12px; fill: #5b21b6; }
      svg .measured { stroke: #dc2626; stroke-width: 2; stroke-dasharray: 6 4; }
      svg .cap { stroke: #dc2626; stroke-width: 2; stroke-dasharray: 8 4; }
      svg .cap-label { font-size: 12px; fill: #b91c1c; font-weight: 600; }
      svg .b-pred { fill: #c7d2fe; }
      svg .b-actual { fill: #334155; }
      svg .whisker { stroke: #3730a3; stroke-width: 2; }
      svg .k-ram { fill: #1d4ed8; } svg .k-pass { fill: #9ca3af; }
      svg .k-switch { fill: #dc2626; fill-opacity: 0.4; } svg .k-dev { fill: #ea580c; }
      svg .k-limit { fill: #7c3aed; } svg .k-measured { fill: #dc2626; }
      svg .k-conc { fill: #0f766e; } svg .k-cap { fill: #dc2626; }
      svg .g-migrated, svg .k-migrated { fill: #16a34a; }
      svg .g-rolled-back, svg .k-rolled-back { fill: #d97706; }
      svg .g-failed, svg .k-failed { fill: #dc2626; }
      svg .g-unfinished { fill: #9ca3af; }
      @media print {
        body { background: #fff; font-size: 12px; }
        main { max-width: none; padding: 0; }
        figure, .card, table { border-color: #9ca3af; }
        section.migration { break-before: page; }
        a { color: inherit; text-decoration: none; }
      }
      """;

  private HtmlPage() {}

  public static String render(OperationReport r) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>")
        .append(Html.escape(title(r)))
        .append("</title>\n<style>\n")
        .append(CSS)
        .append("</style>\n</head>\n<body>\n<main>\n");
    h.append("<h1>")
        .append(Html.escape(title(r)))
        .append(" <span class=\"badge ")
        .append(Html.escape(r.outcome()))
        .append("\">")
        .append(Html.escape(r.outcome()))
        .append("</span></h1>\n");
    h.append("<p class=\"sub\">Operation <code>")
        .append(Html.escape(r.id()))
        .append("</code> &middot; started ")
        .append(time(r.started()))
        .append(r.ended().map(e -> " &middot; ended " + time(e)).orElse(" &middot; never ended"))
        .append(" &middot; from vfmigrate's journal (<code>vfmigrate history ")
        .append(Html.escape(r.id()))
        .append("</code>)</p>\n");
    Optional<EvacuationSummary> summary =
        r.evacuation().isPresent() ? EvacuationSummary.parse(r.detail()) : Optional.empty();
    if (!r.detail().isBlank() && summary.isEmpty()) {
      h.append("<p class=\"note\">").append(Html.escape(r.detail())).append("</p>\n");
    }
    if (r.evacuation().isPresent()) {
      evacuation(h, r, r.evacuation().get(), summary);
      for (MigrationFacts m : r.migrations()) {
        h.append("<section class=\"migration\" id=\"m-")
            .append(Html.escape(m.id()))
            .append("\">\n");
        h.append("<h2>Migration of ")
            .append(Html.escape(m.vm()))
            .append(" from ")
            .append(Html.escape(m.source()))
            .append(" to ")
            .append(Html.escape(m.destination()))
            .append(" <span class=\"badge ")
            .append(Html.escape(m.outcome()))
            .append("\">")
            .append(Html.escape(m.outcome()))
            .append("</span></h2>\n");
        migration(h, m);
        h.append("</section>\n");
      }
    } else {
      migration(h, r.migrations().get(0));
    }
    h.append("</main>\n</body>\n</html>\n");
    return h.toString();
  }

  static String title(OperationReport r) {
    if (r.evacuation().isPresent()) {
      return "Evacuation of " + (r.hosts().isEmpty() ? "?" : r.hosts().get(0));
    }
    MigrationFacts m = r.migrations().get(0);
    return "Migration of " + m.vm() + " from " + m.source() + " to " + m.destination();
  }

  private static String time(Instant at) {
    return UTC.format(at);
  }

  private static void evacuation(
      StringBuilder h, OperationReport r, EvacuationFacts e, Optional<EvacuationSummary> summary) {
    long migrated = r.migrations().stream().filter(m -> m.outcome().equals("migrated")).count();
    h.append("<div class=\"cards\">\n");
    card(h, "migrations", migrated + " of " + r.migrations().size() + " migrated", "");
    // Two spans that differ on the lab: the journal's wall-clock times, and the host clock evacuate
    // measured on (the lab's virtual clock). Each card says which it is.
    card(h, "makespan, journal times", Units.millis(e.makespanMs()), e.makespanMs().whyUnknown());
    card(
        h,
        "makespan, as evacuate measured",
        Units.millis(r.totalTimeMs()),
        r.totalTimeMs().whyUnknown());
    card(
        h,
        "most VFs migrating on one PF",
        e.peak() + " (cap " + e.cap() + ")",
        e.peak() > e.cap() ? "above the cap" : "");
    if (summary.isPresent()) {
      EvacuationSummary sum = summary.get();
      card(
          h,
          "lower bound",
          Units.millis(sum.lowerBoundMs()),
          "all the VMs' RAM and VF state over the link once, or the longest migration alone");
      card(
          h,
          "ratio to the lower bound",
          sum.ratio().map(x -> String.format(Locale.ROOT, "%.2f", x)).orElse("unknown"),
          sum.ratio().isPresent()
              ? "the makespan evacuate measured over the lower bound"
              : "no migration ran");
    }
    h.append("</div>\n");
    summary.ifPresent(sum -> stays(h, sum));
    h.append("<h2>Migrations over time</h2>\n<figure>\n")
        .append(GanttChart.svg(e))
        .append(
            "<figcaption>Each bar is one migration, from its start to its end (guards,"
                + " transfer, verify). Below: the most VFs migrating at once on any one PF, from the"
                + " migration slots the migrations claimed, against the cap of ")
        .append(e.cap())
        .append(" per PF.</figcaption>\n</figure>\n");
    h.append(
        "<table>\n<tr><th>VM</th><th>to</th><th>outcome</th><th>now on</th><th>start</th>"
            + "<th>end</th><th>downtime</th><th>report</th></tr>\n");
    for (Lane l : e.lanes()) {
      MigrationFacts m = l.migration();
      h.append("<tr><td><a href=\"#m-")
          .append(Html.escape(m.id()))
          .append("\">")
          .append(Html.escape(m.vm()))
          .append("</a></td><td>")
          .append(Html.escape(m.destination()))
          .append("</td><td>")
          .append(Html.escape(m.outcome()))
          .append("</td><td>")
          .append(Html.escape(nowOn(summary, m.vm())))
          .append("</td><td class=\"num\">")
          .append(Units.millis(l.startMs()))
          .append("</td><td class=\"num\">")
          .append(l.endMs().map(Units::millis).orElse("never ended"))
          .append("</td><td class=\"num\">")
          .append(
              figureCell(
                  Units.millis(m.switchover().downtimeMs()),
                  m.switchover().downtimeMs().whyUnknown()))
          .append("</td><td><code>vfmigrate report ")
          .append(Html.escape(m.id()))
          .append("</code></td></tr>\n");
    }
    h.append("</table>\n");
  }

  /** Where evacuate left the VM, as it recorded at its end ("-" when it did not record it). */
  private static String nowOn(Optional<EvacuationSummary> summary, String vm) {
    return summary.stream()
        .flatMap(sum -> sum.placements().stream())
        .filter(p -> p.vm().equals(vm))
        .map(EvacuationSummary.Placement::where)
        .findFirst()
        .orElse("-");
  }

  /** The VMs that could not go anywhere and stayed, each with why. */
  private static void stays(StringBuilder h, EvacuationSummary sum) {
    if (sum.stays().isEmpty()) {
      return;
    }
    h.append("<h2>Stayed</h2>\n<ul>\n");
    for (EvacuationSummary.Stay st : sum.stays()) {
      h.append("<li><strong>")
          .append(Html.escape(st.vm()))
          .append("</strong> stayed on ")
          .append(Html.escape(st.source()))
          .append(": cannot move: ")
          .append(Html.escape(st.reason()))
          .append("</li>\n");
    }
    h.append("</ul>\n");
  }

  private static String figureCell(String value, String why) {
    return value.equals("unknown")
        ? "<span class=\"unknown-v\" title=\"" + Html.escape(why) + "\">unknown</span>"
        : value;
  }

  private static void card(StringBuilder h, String key, String value, String why) {
    h.append("<div class=\"card\"><div class=\"k\">")
        .append(Html.escape(key))
        .append("</div><div class=\"v")
        .append(value.equals("unknown") ? " unknown-v" : "")
        .append("\">")
        .append(Html.escape(value))
        .append("</div>");
    if (!why.isBlank()) {
      h.append("<div class=\"why\">").append(Html.escape(why)).append("</div>");
    }
    h.append("</div>\n");
  }

  private static void migration(StringBuilder h, MigrationFacts m) {
    h.append("<div class=\"cards\">\n");
    card(h, "total time", Units.millis(m.totalTimeMs()), m.totalTimeMs().whyUnknown());
    card(
        h,
        "downtime",
        Units.millis(m.switchover().downtimeMs()),
        m.switchover().downtimeMs().whyUnknown());
    card(h, "RAM sent", Units.bytes(m.ramBytes()), m.ramBytes().whyUnknown());
    card(
        h, "VF device state", Units.bytes(m.deviceStateBytes()), m.deviceStateBytes().whyUnknown());
    card(
        h,
        "pre-copy passes",
        m.passes().isEmpty()
            ? "unknown"
            : Long.toString(m.passes().get(m.passes().size() - 1).iteration()),
        m.passes().isEmpty() ? "no sample recorded its pass" : "");
    card(h, "verify", m.verification().state(), m.verification().detail());
    h.append("</div>\n");
    h.append("<h3>Transfer: RAM and VF device state</h3>\n<figure>\n")
        .append(TransferChart.svg(m))
        .append(
            "<figcaption>Bytes sent since the transfer started (QEMU's query-migrate, sampled"
                + " about once a second), with each pre-copy pass (dirty-sync) marked; the red band is"
                + " the switchover: the guest paused for the measured downtime.")
        .append(
            m.switchover().atMs().isEmpty()
                ? " No switchover: " + Html.escape(m.switchover().downtimeMs().whyUnknown()) + "."
                : "")
        .append("</figcaption>\n</figure>\n");
    h.append("<h3>Downtime limit</h3>\n");
    if (m.downtimeLimits().isEmpty()) {
      h.append(
          "<p class=\"note\">No downtime limit in the journal (the transfer did not start, or"
              + " the journal predates schema version 3).</p>\n");
    } else {
      h.append("<figure>\n")
          .append(LimitChart.svg(m))
          .append(
              "<figcaption>QEMU's downtime limit (300 ms) at the start, and each step the"
                  + " switchover policy raised it to when pre-copy did not converge (at most"
                  + " --max-downtime).</figcaption>\n</figure>\n");
    }
    h.append("<h3>Switchover and downtime</h3>\n<p>");
    if (m.switchover().atMs().isPresent()) {
      h.append("Switchover at ")
          .append(Units.millis(m.switchover().atMs().get()))
          .append(" into the transfer; downtime ")
          .append(
              m.switchover().downtimeMs().value().isPresent()
                  ? "<strong>" + Units.millis(m.switchover().downtimeMs()) + "</strong>"
                  : "<span class=\"unknown-v\">unknown</span>: "
                      + Html.escape(m.switchover().downtimeMs().whyUnknown()))
          .append('.');
    } else {
      h.append("No switchover: ")
          .append(Html.escape(m.switchover().downtimeMs().whyUnknown()))
          .append('.');
    }
    h.append("</p>\n");
    h.append("<h3>Verify</h3>\n");
    Verification v = m.verification();
    h.append("<p><span class=\"badge ")
        .append(Html.escape(v.state()))
        .append("\">")
        .append(Html.escape(v.state()))
        .append("</span> ");
    if (v.state().equals("not-run")) {
      h.append(Html.escape(v.detail()));
    } else {
      h.append("in the guest on ")
          .append(Html.escape(v.host()))
          .append(" through the QEMU guest agent (")
          .append(Units.millis(v.durationMs()))
          .append(")")
          .append(v.detail().isBlank() ? "" : ": " + Html.escape(v.detail()));
    }
    h.append("</p>\n");
    h.append("<h3>Prediction against actual</h3>\n");
    if (m.prediction().isPresent()) {
      h.append("<figure>\n")
          .append(PredictionChart.svg(m, m.prediction().get()))
          .append(
              "<figcaption>Predicted before the migration started (bar, with its range), and"
                  + " measured. Basis: ")
          .append(Html.escape(m.prediction().get().basis()))
          .append(
              m.prediction().get().converges() ? "" : "; pre-copy was predicted not to converge")
          .append(".</figcaption>\n</figure>\n");
    } else {
      h.append(
          "<p class=\"note\">No prediction in the journal (the migration was refused before"
              + " predicting, or the journal predates schema version 3).</p>\n");
    }
    steps(h, m);
  }

  private static void steps(StringBuilder h, MigrationFacts m) {
    h.append(
        "<h3>Steps</h3>\n<table>\n<tr><th>state</th><th>duration</th><th>host</th>"
            + "<th>step</th></tr>\n");
    for (StepLine s : m.steps()) {
      h.append("<tr><td>")
          .append(Html.escape(s.state()))
          .append("</td><td class=\"num\">")
          .append(s.durationMs().map(Units::millis).orElse("-"))
          .append("</td><td>")
          .append(Html.escape(s.host()))
          .append("</td><td>")
          .append(Html.escape(s.description()))
          .append(
              s.detail().isBlank()
                  ? ""
                  : "<br><span class=\"note\">" + Html.escape(s.detail()) + "</span>")
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
  }
}

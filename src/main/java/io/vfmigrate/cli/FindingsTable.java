package io.vfmigrate.cli;

import io.vfmigrate.model.Finding;
import io.vfmigrate.model.FindingStatus;
import io.vfmigrate.workflow.preflight.PreflightReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders findings as a table per host, each warn and fail followed by its fix. */
final class FindingsTable {
  private final PrintWriter out;
  private final Style style;

  FindingsTable(PrintWriter out, Style style) {
    this.out = out;
    this.style = style;
  }

  void print(PreflightReport report) {
    Map<String, List<Finding>> byHost = new LinkedHashMap<>();
    for (Finding f : report.findings()) {
      byHost.computeIfAbsent(f.host(), h -> new ArrayList<>()).add(f);
    }
    int idWidth = report.findings().stream().mapToInt(f -> f.id().length()).max().orElse(10);
    for (Map.Entry<String, List<Finding>> e : byHost.entrySet()) {
      String host = e.getKey();
      out.println();
      out.println(host.contains(",") ? "Across " + host.replace(",", " and ") : "Host " + host);
      out.printf("  %-6s %-" + idWidth + "s  %s%n", "STATUS", "CHECK", "DETAIL");
      for (Finding f : e.getValue()) {
        // Padded first, then coloured, so that the columns stay aligned.
        String status = style.status(f.status(), String.format("%-6s", f.status().word()));
        out.printf("  %s %-" + idWidth + "s  %s%n", status, f.id(), f.detail());
        if (f.status() != FindingStatus.PASS) {
          out.printf("  %-6s %-" + idWidth + "s  fix: %s%n", "", "", f.fix());
        }
      }
    }
    out.println();
    out.printf(
        "%d passed, %s, %d failed: %s%n",
        report.count(FindingStatus.PASS),
        Plural.of(report.count(FindingStatus.WARN), "warning"),
        report.count(FindingStatus.FAIL),
        report.ok()
            ? style.good("ready")
            : style.bad("not ready") + " (fix the failures above, then check again)");
  }

  static List<Map<String, Object>> asJson(List<Finding> findings) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Finding f : findings) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", f.id());
      m.put("host", f.host());
      m.put("status", f.status().word());
      m.put("detail", f.detail());
      m.put("fix", f.fix());
      out.add(m);
    }
    return out;
  }
}

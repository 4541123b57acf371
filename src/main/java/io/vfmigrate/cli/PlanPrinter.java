package io.vfmigrate.cli;

import io.vfmigrate.workflow.prepare.PrepareResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints a prepare or teardown result: a runbook, a summary, or JSON. */
final class PlanPrinter {
  private PlanPrinter() {}

  static void print(
      CliContext ctx, PrepareResult result, boolean json, boolean dryRun, String verb) {
    PrintWriter out = ctx.out();
    if (json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("host", result.host());
      List<Map<String, String>> steps = new ArrayList<>();
      for (PrepareResult.PlannedStep s : result.steps()) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("description", s.description());
        m.put("command", s.command());
        steps.add(m);
      }
      doc.put("steps", steps);
      doc.put("applied", result.applied());
      doc.put("reboot_required", result.rebootRequired());
      doc.put("notes", result.notes());
      out.println(Json.write(doc));
      return;
    }
    if (dryRun) {
      out.println(
          "# vfmigrate "
              + verb
              + " --host "
              + result.host()
              + ": "
              + (result.steps().isEmpty()
                  ? "nothing to do"
                  : Plural.of(result.steps().size(), "step")));
      for (String note : result.notes()) {
        out.println("# note: " + note);
      }
      for (PrepareResult.PlannedStep s : result.steps()) {
        out.println("# " + s.description());
        out.println(s.command());
      }
    } else if (result.steps().isEmpty()) {
      out.println(result.host() + ": nothing to do; the host is already in the wanted state.");
    } else {
      out.println(result.host() + ": " + Plural.of(result.steps().size(), "step") + " applied.");
    }
    if (!dryRun) {
      result.notes().forEach(note -> out.println(result.host() + ": note: " + note));
    }
    if (result.rebootRequired()) {
      out.println(
          result.host()
              + ": VF_MIGRATION_MODE=2 takes effect after a reboot; reboot the host (in"
              + " the lab: vfmigrate lab reboot "
              + result.host()
              + "), then run vfmigrate "
              + verb
              + " --host "
              + result.host()
              + " again.");
    }
  }
}

package io.vfmigrate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.vfmigrate.cli.CliRun;
import io.vfmigrate.e2e.FaultSweepIT.Baseline;
import java.util.List;
import java.util.Map;

/**
 * Whether the exit code and the result of the step a fault ended told the truth, judged on the
 * hosts as that step left them: 3 (refused) changed nothing, 4 (rolled back) left things as before,
 * 0 did what it says, and {@code migrate}'s outcome names where the VM runs.
 */
final class Truth {
  private final Baseline baseline;
  private final List<String> problems;

  Truth(Baseline baseline, List<String> problems) {
    this.baseline = baseline;
    this.problems = problems;
  }

  void check(int step, CliRun run, LabFacts after) {
    LabFacts before = baseline.factsBefore().get(step);
    int exit = run.exitCode;
    if (exit == 3 && !after.everything().equals(before.everything())) {
      problems.add("exit 3 (nothing changed) but the hosts changed");
    }
    if (step == FaultSweepIT.MIGRATE) {
      checkMigrate(run, after, before);
      return;
    }
    if (step < 2) {
      String host = FaultSweepIT.STEPS.get(step).get(2);
      if (exit == 0
          && !after.preparation(host).equals(baseline.factsAfter(step).preparation(host))) {
        problems.add("prepare exited 0 but " + host + " is not prepared");
      }
      if (exit == 4 && !after.preparation(host).equals(before.preparation(host))) {
        problems.add(
            "prepare exited 4 (rolled back) but "
                + host
                + " is not as before: "
                + after.preparation(host));
      }
      return;
    }
    boolean hasVf = after.vfOf("src", "vm1").isPresent();
    if (exit == 0 && !hasVf) {
      problems.add("attach exited 0 but vm1 has no VF");
    }
    if ((exit == 3 || exit == 4) && hasVf) {
      problems.add("attach exited " + exit + " but vm1 has the VF");
    }
    if (exit == 4 && !after.everything().equals(before.everything())) {
      problems.add("attach exited 4 (rolled back) but the hosts changed");
    }
  }

  private void checkMigrate(CliRun run, LabFacts after, LabFacts before) {
    int exit = run.exitCode;
    JsonNode last = SweepRun.lastJson(run.out);
    Map<String, String> domains = after.domains("vm1");
    boolean onDst = Map.of("dst", "running").equals(domains);
    boolean onSrcWithVf =
        Map.of("src", "running").equals(domains) && after.vfOf("src", "vm1").isPresent();
    if (last == null) {
      problems.add("migrate --json printed no result or error line");
      return;
    }
    if (!"result".equals(last.path("event").asText())) {
      if (exit != last.path("error").path("code").asInt()) {
        problems.add("the error line's code differs from the exit code");
      }
      if (exit != 5 && exit != 3) {
        problems.add("migrate exited " + exit + " with an error line instead of its result");
      }
      return;
    }
    String outcome = last.path("outcome").asText();
    boolean verified = last.path("verified").asBoolean(false);
    switch (outcome) {
      case "migrated" -> {
        if (!onDst) {
          problems.add("outcome migrated but vm1 is " + domains);
        }
        // Exit 0 only when nothing is left to do: verified, and no error after the switchover.
        boolean clean = verified && last.path("error").isNull();
        if (exit != (clean ? 0 : 5)) {
          problems.add(
              "outcome migrated, verified "
                  + verified
                  + ", error "
                  + last.path("error")
                  + ", but exit "
                  + exit);
        }
      }
      case "rolled-back" -> {
        if (exit != 4) {
          problems.add("outcome rolled-back but exit " + exit);
        }
        if (!onSrcWithVf) {
          problems.add("outcome rolled-back but vm1 is " + domains);
        }
      }
      case "refused" -> {
        if (exit != 3) {
          problems.add("outcome refused but exit " + exit);
        }
        if (!after.everything().equals(before.everything())) {
          problems.add("outcome refused but the hosts changed");
        }
      }
      case "failed" -> {
        if (exit != 5) {
          problems.add("outcome failed but exit " + exit);
        }
      }
      default -> problems.add("unknown outcome " + outcome);
    }
    if (exit == 0 && !outcome.equals("migrated")) {
      problems.add("exit 0 with outcome " + outcome);
    }
  }
}

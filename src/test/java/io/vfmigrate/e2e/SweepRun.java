package io.vfmigrate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vfmigrate.cli.CliRun;
import io.vfmigrate.e2e.FaultSweepIT.Baseline;
import io.vfmigrate.e2e.FaultSweepIT.Point;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One fault point: the procedure from the point's step on, stopped at the first command that does
 * not exit 0, the fix an exit 5 names ({@code vfmigrate recover}, or {@code prepare} of a host
 * again), then the checks on what the lab's hosts show.
 */
final class SweepRun {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<Integer> DOCUMENTED_EXITS = Set.of(0, 3, 4, 5);
  private static final java.util.regex.Pattern PREPARE_FIX =
      java.util.regex.Pattern.compile("vfmigrate prepare --host ([A-Za-z0-9._-]+)");

  private final Baseline baseline;
  private final Point point;
  private final Path home;
  private final List<String> problems = new ArrayList<>();
  private final StringBuilder transcript = new StringBuilder();
  private final Map<Integer, CliRun> runs = new java.util.HashMap<>();
  private boolean recovered;
  private boolean reprepared;

  SweepRun(Baseline baseline, Point point, Path home) {
    this.baseline = baseline;
    this.point = point;
    this.home = home;
  }

  SweepVerdict run() throws IOException {
    Files.createDirectories(home);
    Path description = home.resolve("lab.yaml");
    Files.writeString(
        description,
        FaultSweepIT.labWithFaults(baseline.labBefore().get(point.step()), point),
        StandardCharsets.UTF_8);
    CliRun init = cli(List.of("lab", "init", "--from", description.toString()));
    if (init.exitCode != 0) {
      problems.add("lab init refused the point's lab");
      return verdict();
    }
    int last = point.step();
    for (int step = point.step(); step < FaultSweepIT.STEPS.size(); step++) {
      List<String> args = new ArrayList<>(FaultSweepIT.STEPS.get(step));
      if (step == FaultSweepIT.MIGRATE) {
        args.add("--json");
        args.addAll(point.migrateOptions());
      }
      CliRun r = cli(args);
      runs.put(step, r);
      last = step;
      if (r.exitCode != 0) {
        break;
      }
    }
    LabFacts after = FaultSweepIT.facts(home);
    if (after.faultsLeft() > 0) {
      problems.add("the fault never struck (the run differs from the fault-free one)");
    }
    CliRun failed = runs.get(last);
    checkExitCode(failed);
    new Truth(baseline, problems).check(last, failed, after);
    if (failed.exitCode == 5) {
      // Needs attention: do what the fix says (recover, or prepare a host again), then look.
      java.util.regex.Matcher prepare = PREPARE_FIX.matcher(failed.both());
      List<String> fix =
          failed.both().contains("vfmigrate recover")
              ? List.of("recover", "--json")
              : prepare.find() ? List.of("prepare", "--host", prepare.group(1)) : List.of();
      if (!fix.isEmpty()) {
        recovered |= fix.get(0).equals("recover");
        reprepared |= fix.get(0).equals("prepare");
        CliRun fixed = cli(fix);
        if (fixed.exitCode != 0) {
          problems.add("'vfmigrate " + String.join(" ", fix) + "', the fix exit 5 named, failed");
        }
        after = FaultSweepIT.facts(home);
      }
    }
    checkInvariants(after, last);
    return verdict();
  }

  private void checkExitCode(CliRun run) {
    if (!DOCUMENTED_EXITS.contains(run.exitCode)) {
      problems.add("exit " + run.exitCode + " is not a documented outcome (0, 3, 4, 5)");
    }
    String both = run.both();
    if (both.contains("internal error: vfmigrate")
        || both.contains("Exception")
        || both.contains("\tat io.vfmigrate")) {
      problems.add("a bare internal error or stack trace was printed");
    }
  }

  private void checkInvariants(LabFacts lab, int last) throws IOException {
    Map<String, String> domains = lab.domains("vm1");
    if (domains.size() != 1 || !domains.containsValue("running")) {
      problems.add("vm1 is not defined and running on exactly one host: " + domains);
      return;
    }
    String where = domains.keySet().iterator().next();
    boolean attached = point.step() > 2 || (runs.containsKey(2) && runs.get(2).exitCode == 0);
    java.util.Optional<String> vf = lab.vfOf(where, "vm1");
    if (attached && vf.isEmpty()) {
      problems.add("vm1 on " + where + " has lost its VF");
    } else if (!attached && vf.isPresent() && last != 2) {
      problems.add("vm1 has a VF although attach never succeeded");
    }
    if (vf.isPresent()) {
      JsonNode state = lab.vf(where, vf.get());
      if (state == null
          || !"mlx5_vfio_pci".equals(state.path("driver").asText())
          || !state.path("migratable").asBoolean()) {
        problems.add("vm1's VF " + vf.get() + " on " + where + " is " + state);
      }
    }
    if (!lab.leftFiles().isEmpty()) {
      problems.add("files left behind: " + lab.leftFiles());
    }
    if (lab.runningMigrations() > 0) {
      problems.add("a migration is left in the lab");
    }
    if (!lab.macsOnTwoHosts().isEmpty()) {
      problems.add("MAC on two hosts: " + lab.macsOnTwoHosts());
    }
    for (int step = 0; step < 2; step++) {
      checkPreparation(lab, step, last);
    }
  }

  /** The host of prepare step {@code step}: unprepared, prepared, or re-preparable. */
  private void checkPreparation(LabFacts lab, int step, int last) throws IOException {
    String host = FaultSweepIT.STEPS.get(step).get(2);
    Set<String> used = lab.usedVfs(host);
    JsonNode now = lab.preparation(host, used);
    JsonNode before = baseline.factsBefore().get(step).preparation(host, used);
    JsonNode prepared = baseline.factsAfter(step).preparation(host, used);
    boolean reached = step >= point.step() && step <= last;
    boolean succeeded = step < point.step() || (reached && runs.get(step).exitCode == 0);
    if (succeeded || step > last) {
      JsonNode expected = succeeded ? prepared : before;
      if (!now.equals(expected)) {
        problems.add(
            host
                + " is not "
                + (succeeded ? "prepared" : "as before")
                + ": "
                + now
                + "\n      expected "
                + expected);
      }
      return;
    }
    if (now.equals(before) || now.equals(prepared)) {
      return;
    }
    reprepared = true;
    CliRun again = cli(List.of("prepare", "--host", host));
    JsonNode then = FaultSweepIT.facts(home).preparation(host, used);
    if (again.exitCode != 0 || !then.equals(prepared)) {
      problems.add(
          "the failed preparation of "
              + host
              + " left "
              + now
              + " and a second prepare did not finish it (exit "
              + again.exitCode
              + ")");
    }
  }

  private CliRun cli(List<String> args) {
    CliRun r = CliRun.run(home, args.toArray(String[]::new));
    transcript
        .append("$ vfmigrate ")
        .append(String.join(" ", args))
        .append("   (exit ")
        .append(r.exitCode)
        .append(")\n")
        .append(r.out);
    if (!r.err.isEmpty()) {
      transcript.append(r.err);
    }
    return r;
  }

  private SweepVerdict verdict() {
    return new SweepVerdict(List.copyOf(problems), recovered, reprepared, transcript.toString());
  }

  /** The last JSON line of a {@code --json} run, or null. */
  static JsonNode lastJson(String out) {
    String[] lines = out.strip().split("\n");
    for (int i = lines.length - 1; i >= 0; i--) {
      if (lines[i].startsWith("{")) {
        try {
          return JSON.readTree(lines[i]);
        } catch (IOException e) {
          return null;
        }
      }
    }
    return null;
  }
}

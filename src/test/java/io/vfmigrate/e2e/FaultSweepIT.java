package io.vfmigrate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vfmigrate.cli.CliRun;
import io.vfmigrate.e2e.VerboseCommands.Exec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole procedure (prepare src, prepare dst, attach vm1's VF on src, migrate vm1 to dst with
 * verification) on a fresh lab, once without faults to list the commands the hosts execute, then
 * once per command with that command failing as its tool fails for real, and once per migration
 * fault at a few instants. After each run the hosts (not vfmigrate's output) must show a consistent
 * world and the exit codes and outcomes must have told the truth ({@link SweepVerdict}).
 *
 * <p>vfmigrate runs in this JVM ({@link CliRun}); each point starts from the lab as the fault-free
 * run left it before the step the fault hits. -Dsweep=TEXT runs only the points whose name contains
 * TEXT; -Dsweep.show=true prints every point's commands and output.
 */
class FaultSweepIT {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final String MAC = "52:54:00:5a:00:01";

  /** The procedure: its steps, in order. */
  static final List<List<String>> STEPS =
      List.of(
          List.of("prepare", "--host", "src"),
          List.of("prepare", "--host", "dst"),
          List.of("attach", "vm1", "--host", "src", "--mac", MAC),
          List.of("migrate", "vm1", "--from", "src", "--to", "dst"));

  static final int MIGRATE = 3;

  @TempDir Path dir;

  /** A fault point: the step it starts from, the host and fault it adds, migrate's options. */
  record Point(
      String name, int step, String host, List<ObjectNode> faults, List<String> migrateOptions) {}

  @Test
  void everyFaultPointLeavesTheHostsConsistentAndTheOutcomesTrue() throws Exception {
    long started = System.nanoTime();
    Baseline baseline = baseline();
    String only = System.getProperty("sweep", "");
    List<Point> points = new ArrayList<>(commandPoints(baseline));
    points.addAll(migrationPoints());
    points = points.stream().filter(p -> p.name().contains(only)).toList();
    List<String> inconsistent = new ArrayList<>();
    int recovered = 0;
    int reprepared = 0;
    for (int i = 0; i < points.size(); i++) {
      Point point = points.get(i);
      SweepVerdict verdict = new SweepRun(baseline, point, dir.resolve("p" + i)).run();
      recovered += verdict.recovered() ? 1 : 0;
      reprepared += verdict.reprepared() ? 1 : 0;
      if (Boolean.getBoolean("sweep.show")) {
        System.out.println("== " + point.name() + "\n" + verdict.transcript());
      }
      if (!verdict.problems().isEmpty()) {
        inconsistent.add(
            point.name()
                + "\n    "
                + String.join("\n    ", verdict.problems())
                + "\n    --- output\n"
                + verdict.transcript().indent(6));
      }
    }
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
    System.out.println(
        points.size() + " fault points, " + (points.size() - inconsistent.size()) + " consistent");
    System.out.println(
        "("
            + baseline.execs().stream().mapToInt(List::size).sum()
            + " commands in the fault-free run; "
            + recovered
            + " needed vfmigrate recover, "
            + reprepared
            + " a prepare again; "
            + seconds
            + " s)");
    inconsistent.forEach(p -> System.out.println("INCONSISTENT: " + p));
    assertThat(inconsistent).isEmpty();
  }

  /** The fault-free run: the lab before each step, and the commands each step executed. */
  record Baseline(List<String> labBefore, List<LabFacts> factsBefore, List<List<Exec>> execs) {
    LabFacts factsAfter(int step) {
      return factsBefore.get(step + 1);
    }
  }

  private Baseline baseline() throws Exception {
    Path home = dir.resolve("baseline");
    Files.createDirectories(home);
    Path description = home.resolve("lab.yaml");
    try (var in = FaultSweepIT.class.getResourceAsStream("/lab/default.yaml")) {
      Files.write(description, in.readAllBytes());
    }
    CliRun init = CliRun.run(home, "lab", "init", "--from", description.toString());
    assertThat(init.exitCode).as(init.toString()).isZero();
    List<String> labs = new ArrayList<>();
    List<LabFacts> facts = new ArrayList<>();
    List<List<Exec>> execs = new ArrayList<>();
    for (List<String> step : STEPS) {
      labs.add(stateOf(home));
      facts.add(facts(home));
      List<String> args = new ArrayList<>(step);
      args.add("-v");
      CliRun run = CliRun.run(home, args.toArray(String[]::new));
      assertThat(run.exitCode).as(step + "\n" + run).isZero();
      execs.add(VerboseCommands.parse(run.out));
    }
    labs.add(stateOf(home));
    facts.add(facts(home));
    return new Baseline(labs, facts, execs);
  }

  /** One point per command of the fault-free run, failing as its tool fails. */
  private static List<Point> commandPoints(Baseline baseline) {
    List<Point> points = new ArrayList<>();
    for (int step = 0; step < STEPS.size(); step++) {
      List<Exec> execs = baseline.execs().get(step);
      for (int i = 0; i < execs.size(); i++) {
        Exec exec = execs.get(i);
        if (exec.exitCode() == 127) {
          continue; // a tool the host does not have cannot fail otherwise
        }
        int skip = 0;
        for (Exec earlier : execs.subList(0, i)) {
          if (earlier.host().equals(exec.host()) && earlier.matches(exec.line())) {
            skip++;
          }
        }
        ToolFailures.Failure failure = ToolFailures.of(exec);
        ObjectNode fault = YAML.createObjectNode();
        fault.put("command", exec.line());
        fault.put("exit_code", failure.exitCode());
        fault.put("stderr", failure.stderr());
        fault.put("skip", skip);
        String name =
            String.join(" ", STEPS.get(step).subList(0, 1))
                + " #"
                + (i + 1)
                + " "
                + exec
                + (skip > 0 ? " (match " + (skip + 1) + ")" : "");
        points.add(new Point(name, step, exec.host(), List.of(fault), List.of()));
      }
    }
    return points;
  }

  /** Each migration fault, at a few instants of the transfer. */
  private static List<Point> migrationPoints() {
    List<Point> points = new ArrayList<>();
    for (String kind : List.of("link_cut", "destination_qemu_dies", "source_libvirtd_restarts")) {
      for (int percent : List.of(5, 50, 95)) {
        ObjectNode fault = migrationFault(kind);
        fault.put("at_percent", percent);
        points.add(migrationPoint(kind + " at " + percent + "%", List.of(), fault));
      }
      ObjectNode atPhase = migrationFault(kind);
      atPhase.put("migration_phase", "perform");
      atPhase.put("after_ms", 0);
      points.add(migrationPoint(kind + " at perform + 0 ms", List.of(), atPhase));
    }
    points.add(migrationPoint("prepare_refused", List.of(), migrationFault("prepare_refused")));
    points.add(migrationPoint("device_load_fails", List.of(), migrationFault("device_load_fails")));
    // The abort fails: after a stall on a cut link, and at --timeout 1 (the migration then
    // completes).
    ObjectNode cut = migrationFault("link_cut");
    cut.put("at_percent", 50);
    points.add(
        migrationPoint(
            "abort_fails after link_cut at 50%", List.of(), cut, migrationFault("abort_fails")));
    points.add(
        migrationPoint(
            "abort_fails at --timeout 1",
            List.of("--timeout", "1"),
            migrationFault("abort_fails")));
    return points;
  }

  private static ObjectNode migrationFault(String kind) {
    ObjectNode fault = YAML.createObjectNode();
    fault.put("migration_fault", kind);
    fault.put("vm", "vm1");
    return fault;
  }

  private static Point migrationPoint(String name, List<String> options, ObjectNode... faults) {
    return new Point("migrate: " + name, MIGRATE, "src", List.of(faults), options);
  }

  private static String stateOf(Path home) throws java.io.IOException {
    return Files.readString(home.resolve("lab/state.yaml"), StandardCharsets.UTF_8);
  }

  static LabFacts facts(Path home) {
    CliRun show = CliRun.run(home, "lab", "show", "--json");
    assertThat(show.exitCode).as(show.toString()).isZero();
    return LabFacts.parse(show.out);
  }

  /** The lab a point starts from: the state before its step, with its faults on its host. */
  static String labWithFaults(String state, Point point) throws java.io.IOException {
    JsonNode lab = YAML.readTree(state.replaceFirst("(?m)^revision: .*\n", ""));
    JsonNode host = lab.get("hosts").get(point.host());
    ArrayNode faults =
        host.get("faults") instanceof ArrayNode a ? a : ((ObjectNode) host).putArray("faults");
    point.faults().forEach(faults::add);
    return YAML.writeValueAsString(lab);
  }
}

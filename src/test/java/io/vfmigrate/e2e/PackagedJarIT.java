package io.vfmigrate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.journal.sqlite.SqliteJournal;
import io.vfmigrate.workflow.journal.OperationEnd;
import io.vfmigrate.workflow.journal.OperationKind;
import io.vfmigrate.workflow.journal.OperationStart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the shaded jar as an operator would, in its own JVM. */
class PackagedJarIT {
  @TempDir Path home;

  private record Run(int exitCode, String out) {}

  private Run vfmigrate(String... args) throws IOException, InterruptedException {
    String jar = System.getProperty("vfmigrate.jar", "target/vfmigrate.jar");
    List<String> argv = new ArrayList<>(List.of(javaBinary(), "-jar", jar));
    argv.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    pb.environment().put("VFMIGRATE_HOME", home.toString());
    // The built-in lab, whatever inventory the environment of the build names.
    pb.environment().remove("VFMIGRATE_INVENTORY");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out);
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  @Test
  void checkOnAFreshLabIsReady() throws Exception {
    Run r = vfmigrate("check");
    assertThat(r.exitCode()).as(r.out()).isZero();
    assertThat(r.out()).contains("Created the built-in lab", "0 failed: ready");
    assertThat(Files.exists(home.resolve("lab/state.yaml"))).isTrue();
  }

  @Test
  void theLabPersistsBetweenRuns() throws Exception {
    assertThat(vfmigrate("prepare", "--host", "src").exitCode()).isZero();
    Run show = vfmigrate("lab", "show");
    assertThat(show.out()).contains("eswitch switchdev", "bridge br-vf");
  }

  @Test
  void usageErrorsExitWith2() throws Exception {
    Run r = vfmigrate("migrate", "vm1");
    assertThat(r.exitCode()).as(r.out()).isEqualTo(2);
    assertThat(r.out()).contains("Missing required option");
  }

  @Test
  void historyReadsTheJournalWithTheShadedSqliteDriver() throws Exception {
    String id;
    try (SqliteJournal journal = SqliteJournal.open(home.resolve("journal.db"))) {
      id =
          journal.begin(
              new OperationStart(
                  OperationKind.MIGRATE,
                  Optional.of("vm1"),
                  List.of("src", "dst"),
                  Instant.parse("2026-12-03T07:44:55Z"),
                  "test",
                  1,
                  "migrate vm1 --from src --to dst"));
      journal.end(id, OperationEnd.of("refused", Instant.parse("2026-12-03T07:44:56Z"), ""));
    }
    Run list = vfmigrate("history");
    assertThat(list.exitCode()).as(list.out()).isZero();
    assertThat(list.out()).contains(id, "refused");
    Run one = vfmigrate("history", id, "--json");
    assertThat(one.exitCode()).as(one.out()).isZero();
    assertThat(one.out()).contains("\"outcome\" : \"refused\"", "\"steps\" : [ ]");
  }

  @Test
  void theDemoRunsTheWholeProcedure() throws Exception {
    long start = System.nanoTime();
    Run r = vfmigrate("lab", "demo");
    assertThat(r.exitCode()).as(r.out()).isZero();
    assertThat(r.out())
        .contains("0 failed: ready", "migrated", "verified in guest yes", "VF device state");
    // Printed, not asserted: a shared, loaded machine decides how long it takes.
    System.out.printf("lab demo (packaged jar): %.1f s%n", (System.nanoTime() - start) / 1e9);
  }
}

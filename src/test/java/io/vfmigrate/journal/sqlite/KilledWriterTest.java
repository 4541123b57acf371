package io.vfmigrate.journal.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.workflow.journal.OperationRecord;
import io.vfmigrate.workflow.journal.StepRecord;
import io.vfmigrate.workflow.journal.StepState;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A vfmigrate killed with SIGKILL right after journaling a step leaves that step readable. */
class KilledWriterTest {
  @TempDir Path dir;

  @Test
  void aStepRecordedBeforeKillMinus9IsInTheJournal() throws Exception {
    Path file = dir.resolve("journal.db");
    Path stderr = dir.resolve("writer.err");
    Process writer =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                JournalWriterMain.class.getName(),
                file.toString())
            .redirectError(stderr.toFile())
            .start();
    String line;
    try {
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
        line = out.readLine();
      }
      assertThat(line).as(() -> readQuietly(stderr)).isNotNull();
    } finally {
      writer.destroyForcibly();
      assertThat(writer.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(writer.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);

    String[] recorded = line.split(" ");
    String op = recorded[0];
    long running = Long.parseLong(recorded[1]);
    try (SqliteJournal journal = SqliteJournal.open(file)) {
      assertThat(journal.unfinished()).extracting(OperationRecord::id).containsExactly(op);
      List<StepRecord> steps = journal.steps(op);
      assertThat(steps)
          .extracting(StepRecord::state)
          .containsExactly(StepState.DONE, StepState.RUNNING);
      assertThat(steps.get(1).id()).isEqualTo(running);
      assertThat(steps.get(1).command()).isEqualTo("virsh migrate vm1");
      assertThat(journal.claims(op)).singleElement().matches(c -> c.released().isEmpty());
    }
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return "";
    }
  }
}

package io.vfmigrate.journal.sqlite;

import io.vfmigrate.workflow.journal.OperationKind;
import io.vfmigrate.workflow.journal.OperationStart;
import io.vfmigrate.workflow.journal.StepState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Run in a JVM of its own by {@link KilledWriterTest}: journals an operation with one step done and
 * one running and a claim, says so on stdout, then waits to be killed.
 */
public final class JournalWriterMain {
  private JournalWriterMain() {}

  public static void main(String[] args) throws InterruptedException {
    SqliteJournal journal = SqliteJournal.open(Path.of(args[0]));
    Instant now = Instant.now();
    String op =
        journal.begin(
            new OperationStart(
                OperationKind.MIGRATE,
                Optional.of("vm1"),
                List.of("src", "dst"),
                now,
                "test",
                ProcessHandle.current().pid(),
                "migrate vm1 --from src --to dst"));
    journal.claimTaken(op, "dst", "/run/vfmigrate/claims/0000:3b:00.2", now);
    long done = journal.stepStarted(op, "dst", "Claim a VF", "claim 0000:3b:00.2", now);
    journal.stepEnded(done, StepState.DONE, now, "");
    long running = journal.stepStarted(op, "src", "Transfer", "virsh migrate vm1", now);
    System.out.println(op + " " + running);
    System.out.flush();
    Thread.sleep(600_000);
  }
}

package io.vfmigrate.cli.report;

import io.vfmigrate.workflow.journal.DowntimeLimit;
import io.vfmigrate.workflow.journal.InMemoryJournal;
import io.vfmigrate.workflow.journal.OperationEnd;
import io.vfmigrate.workflow.journal.OperationKind;
import io.vfmigrate.workflow.journal.OperationStart;
import io.vfmigrate.workflow.journal.PredictionRecord;
import io.vfmigrate.workflow.journal.Sample;
import io.vfmigrate.workflow.journal.StepState;
import io.vfmigrate.workflow.report.OperationReport;
import io.vfmigrate.workflow.report.Reports;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Journals as a migration and an evacuation write them, for the page tests. */
final class ReportFixtures {
  static final Instant T0 = Instant.parse("2026-12-03T07:44:55.000Z");
  static final long GIB = 1L << 30;
  static final long MIB = 1L << 20;

  private ReportFixtures() {}

  /** A 16 GiB VM over 30 s: passes, raised limits, a measured downtime, verified. */
  static String migration(
      InMemoryJournal journal, String vm, Instant start, Optional<String> parent) {
    OperationStart s =
        new OperationStart(
            OperationKind.MIGRATE,
            Optional.of(vm),
            List.of("src", "dst"),
            start,
            "ctl",
            42,
            "migrate " + vm + " --from src --to dst");
    String op = journal.begin(parent.map(s::withParent).orElse(s));
    journal.predicted(
        op, new PredictionRecord(24000, 20000, 31000, 420, 400, 650, true, "assumed"));
    journal.downtimeLimit(op, new DowntimeLimit(start, 0, 0, 300));
    long device = 0;
    for (int i = 1; i <= 30; i++) {
      long pass = Math.min(1 + i / 4, 8);
      long ram = (long) (16 * GIB * ((i % 4) + 1) / 4.5);
      device = Math.min(300 * MIB, device + 40 * MIB);
      journal.sample(
          op,
          new Sample(
              start.plusSeconds(i),
              i * 1000L,
              "active",
              ram + device,
              16 * GIB + 300 * MIB,
              device,
              1,
              Optional.of(pass)));
      if (i % 6 == 0) {
        journal.downtimeLimit(
            op, new DowntimeLimit(start.plusSeconds(i), i * 1000L, pass, 300 + i / 6 * 100));
      }
    }
    long verify =
        journal.stepStarted(op, "dst", "verify the VM in the guest", "ping", start.plusSeconds(31));
    journal.stepEnded(verify, StepState.DONE, start.plusMillis(31500), "");
    journal.end(
        op,
        new OperationEnd(
            "migrated",
            start.plusSeconds(32),
            Optional.of(30300L),
            Optional.of(1380L),
            Optional.of(86 * GIB),
            Optional.of(314 * MIB),
            ""));
    return op;
  }

  static OperationReport migrationReport() {
    InMemoryJournal journal = new InMemoryJournal();
    return Reports.of(journal, migration(journal, "vm1", T0, Optional.empty())).orElseThrow();
  }

  /** Six migrations off src, four at once at first, with their slot claims. */
  static OperationReport evacuationReport() {
    return evacuationReport("");
  }

  /** The same, ended with this detail (evacuate's summary, as the journal keeps it). */
  static OperationReport evacuationReport(String detail) {
    InMemoryJournal journal = new InMemoryJournal();
    String evac =
        journal.begin(
            new OperationStart(
                OperationKind.EVACUATE,
                Optional.empty(),
                List.of("src", "dst"),
                T0,
                "ctl",
                42,
                "evacuate --host src"));
    for (int i = 0; i < 6; i++) {
      Instant start = T0.plusSeconds(i < 4 ? i : 33L + i);
      String child = migration(journal, "vm" + (i + 1), start, Optional.of(evac));
      String slot = "/run/vfmigrate/slots/0000:e1:00.0/slot-" + (i % 4 + 1);
      journal.claimTaken(child, "src", slot, start);
      journal.claimReleased(child, "src", slot, start.plusSeconds(31));
    }
    journal.end(
        evac,
        new OperationEnd(
            "evacuated",
            T0.plusSeconds(72),
            Optional.of(70000L),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            detail));
    return Reports.of(journal, evac).orElseThrow();
  }
}

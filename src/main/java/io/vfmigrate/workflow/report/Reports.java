package io.vfmigrate.workflow.report;

import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.workflow.claims.Claims;
import io.vfmigrate.workflow.journal.ClaimRecord;
import io.vfmigrate.workflow.journal.Journal;
import io.vfmigrate.workflow.journal.OperationEnd;
import io.vfmigrate.workflow.journal.OperationKind;
import io.vfmigrate.workflow.journal.OperationRecord;
import io.vfmigrate.workflow.journal.Sample;
import io.vfmigrate.workflow.journal.StepRecord;
import io.vfmigrate.workflow.journal.StepState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads a report's facts from the journal: nothing but the journal is asked. */
public final class Reports {
  /** The description of the journaled verification step of a migration. */
  static final String VERIFY_STEP = "verify the VM in the guest";

  private Reports() {}

  /**
   * The report of operation {@code id}; empty when the journal has no such operation. An operation
   * that is neither a migration nor an evacuation is invalid input.
   */
  public static Optional<OperationReport> of(Journal journal, String id) {
    Optional<OperationRecord> found = journal.operation(id);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    OperationRecord op = found.get();
    if (op.kind() == OperationKind.MIGRATE) {
      MigrationFacts m = migration(journal, op);
      return Optional.of(report(op, m.totalTimeMs(), List.of(m), Optional.empty()));
    }
    if (op.kind() == OperationKind.EVACUATE) {
      List<MigrationFacts> children =
          journal.children(op.id()).stream().map(c -> migration(journal, c)).toList();
      Figure total =
          Figure.of(
              op.end().flatMap(OperationEnd::totalTimeMs),
              op.end().isPresent()
                  ? "the evacuation recorded no makespan"
                  : "the evacuation never ended");
      return Optional.of(
          report(op, total, children, Optional.of(Timeline.of(journal, op, children))));
    }
    throw new InvalidInputException(
        "Operation "
            + id
            + " is a "
            + op.kind().label()
            + "; a report covers a migration or an"
            + " evacuation.",
        "run `vfmigrate history --limit 50` and pick a migrate or evacuate id.");
  }

  private static OperationReport report(
      OperationRecord op,
      Figure total,
      List<MigrationFacts> migrations,
      Optional<EvacuationFacts> evacuation) {
    return new OperationReport(
        op.id(),
        op.kind().label(),
        op.vm(),
        op.hosts(),
        op.started(),
        op.end().map(OperationEnd::ended),
        outcome(op),
        op.end().map(OperationEnd::detail).orElse(""),
        total,
        migrations,
        evacuation);
  }

  static String outcome(OperationRecord op) {
    return op.end().map(OperationEnd::outcome).orElse("unfinished");
  }

  static MigrationFacts migration(Journal journal, OperationRecord op) {
    Optional<OperationEnd> end = op.end();
    String outcome = outcome(op);
    String source = op.hosts().isEmpty() ? "" : op.hosts().get(0);
    String destination = op.hosts().size() < 2 ? "" : op.hosts().get(1);
    String notMoved =
        end.isEmpty()
            ? "the migration never ended (its process died: see vfmigrate recover)"
            : "the migration was " + outcome + (migrated(outcome) ? "" : ": nothing switched over");
    Figure total = Figure.of(end.flatMap(OperationEnd::totalTimeMs), notMoved);
    Figure ram = Figure.of(end.flatMap(OperationEnd::ramBytes), notMoved);
    Figure device =
        Figure.of(
            end.flatMap(OperationEnd::deviceStateBytes),
            end.isPresent() && end.get().ramBytes().isPresent()
                ? "QEMU reported no VF device-state bytes (query-migrate vfio.transferred)"
                : notMoved);
    List<Point> points = points(journal.samples(op.id()));
    List<StepRecord> steps = journal.steps(op.id());
    return new MigrationFacts(
        op.id(),
        op.vm().orElse(""),
        source,
        destination,
        outcome,
        op.started(),
        end.map(OperationEnd::ended),
        end.map(OperationEnd::detail).orElse(""),
        total,
        ram,
        device,
        points,
        passes(points),
        journal.downtimeLimits(op.id()),
        switchover(end, outcome, total, notMoved),
        verification(steps, op, outcome),
        journal.prediction(op.id()),
        steps.stream().map(Reports::line).toList());
  }

  private static boolean migrated(String outcome) {
    return "migrated".equals(outcome);
  }

  static List<Point> points(List<Sample> samples) {
    List<Point> out = new ArrayList<>();
    for (Sample s : samples) {
      long device = s.deviceStateBytes();
      // bytes_done is RAM in sync plus the device state sent; bytes_total holds an estimate of
      // the device state while QEMU has not reported it, so the guest's RAM is not read from it.
      long ramDone = Math.max(0, s.bytesDone() - device);
      out.add(new Point(s.elapsedMs(), ramDone, device, s.phase(), s.iteration()));
    }
    return out;
  }

  /** Where each pre-copy pass began: the first sample that showed it. */
  static List<Pass> passes(List<Point> points) {
    List<Pass> out = new ArrayList<>();
    long last = 0;
    for (Point p : points) {
      if (p.iteration().isPresent() && p.iteration().get() > last) {
        last = p.iteration().get();
        out.add(new Pass(last, p.elapsedMs()));
      }
    }
    return out;
  }

  static Switchover switchover(
      Optional<OperationEnd> end, String outcome, Figure total, String notMoved) {
    if (!migrated(outcome) || total.value().isEmpty()) {
      return new Switchover(Optional.empty(), Figure.unknown(notMoved));
    }
    long totalMs = total.value().get();
    Optional<Long> downtime = end.flatMap(OperationEnd::downtimeMs);
    if (downtime.isEmpty()) {
      return new Switchover(
          Optional.of(totalMs),
          Figure.unknown(
              "libvirt's completed job statistics on the destination had no downtime"
                  + " (virsh domjobinfo --completed)"));
    }
    return new Switchover(
        Optional.of(Math.max(0, totalMs - downtime.get())), Figure.known(downtime.get()));
  }

  static Verification verification(List<StepRecord> steps, OperationRecord op, String outcome) {
    for (StepRecord s : steps) {
      if (s.description().equals(VERIFY_STEP)) {
        String state =
            s.state() == StepState.DONE
                ? "passed"
                : s.state() == StepState.RUNNING ? "running" : "failed";
        return new Verification(state, s.host(), duration(s).orElse(0L), s.detail());
      }
    }
    String why;
    if (op.arguments().contains("--no-verify")) {
      why = "not asked (--no-verify)";
    } else if (!migrated(outcome)) {
      why = "the VM did not move (" + outcome + ")";
    } else {
      why = "no verification step in the journal";
    }
    String host = op.hosts().size() < 2 ? "" : op.hosts().get(1);
    return new Verification("not-run", host, 0, why);
  }

  private static Optional<Long> duration(StepRecord s) {
    return s.ended().map(e -> Duration.between(s.started(), e).toMillis());
  }

  private static StepLine line(StepRecord s) {
    return new StepLine(s.host(), s.description(), s.state().label(), duration(s), s.detail());
  }

  /** Milliseconds from {@code origin} to {@code at}. */
  static long since(Instant origin, Instant at) {
    return Duration.between(origin, at).toMillis();
  }

  /** Whether a claim is a migration slot of a PF (not a VF or a MAC). */
  static boolean slot(ClaimRecord c) {
    return c.path().startsWith(Claims.ROOT + "/slots/");
  }
}

package io.vfmigrate.workflow.evacuate;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.host.HostClock;
import io.vfmigrate.host.ShellQuoting;
import io.vfmigrate.model.NotReadyException;
import io.vfmigrate.model.RolledBackException;
import io.vfmigrate.model.VfmigrateException;
import io.vfmigrate.workflow.claims.Claimant;
import io.vfmigrate.workflow.claims.Claims;
import io.vfmigrate.workflow.claims.ControlProcess;
import io.vfmigrate.workflow.evacuate.EvacuationPlan.Move;
import io.vfmigrate.workflow.event.Event;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.journal.OperationEnd;
import io.vfmigrate.workflow.journal.OperationKind;
import io.vfmigrate.workflow.journal.Operations;
import io.vfmigrate.workflow.migrate.Cancellation;
import io.vfmigrate.workflow.migrate.Migrate;
import io.vfmigrate.workflow.migrate.MigrateRequest;
import io.vfmigrate.workflow.migrate.MigrationEnd;
import io.vfmigrate.workflow.migrate.MigrationOutcome;
import io.vfmigrate.workflow.migrate.MigrationResult;
import io.vfmigrate.workflow.migrate.Refusal;
import io.vfmigrate.workflow.steps.StepRunner;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One VM's migration within an evacuation: the existing {@link Migrate} workflow with its own
 * journal operation (a child of the evacuation), its own claims and its own rollback. Its events
 * other than warnings stay out of the evacuation's output (four progress bars at once help nobody);
 * its progress samples still go to its journal operation.
 */
final class ChildMigration implements ChildRun {
  /** Refusals that another migration holding the cap or a VF explains: try again later. */
  private static final Set<String> CONTENTION = Set.of("vfs-per-pf", "destination-vf");

  private final Fleet fleet;
  private final EventSink events;
  private final Cancellation cancellation;
  private final Optional<Children> journal;
  private final String source;
  private final boolean verify;
  private final HostClock clock;
  private final Instant began;

  ChildMigration(
      Fleet fleet,
      EventSink events,
      Cancellation cancellation,
      Optional<Children> journal,
      EvacuateRequest r,
      Instant began) {
    this.fleet = fleet;
    this.events = events;
    this.cancellation = cancellation;
    this.journal = journal;
    this.source = r.source();
    this.verify = r.verify();
    this.clock = fleet.get(r.source()).host().clock();
    this.began = began;
  }

  /** How it went, and whether a refusal was one that another migration's end may lift. */
  record Ran(Moved moved, boolean contended) {}

  @Override
  public String source() {
    return source;
  }

  @Override
  public long now() {
    return Duration.between(began, clock.now()).toMillis();
  }

  @Override
  public Ran run(Move m, Runnable transferEnded) {
    long started = now();
    events.emit(new Event.VmEvacuation(m.vm(), "started", m.destination(), started, ""));
    MigrateRequest request =
        MigrateRequest.builder(m.vm(), source, m.destination()).verify(verify).build();
    EventSink sink =
        e -> {
          if (e instanceof Event.Warning w) {
            events.emit(new Event.Warning(w.host(), m.vm() + ": " + w.message()));
          }
        };
    Optional<String> id = Optional.empty();
    Ran ran;
    try {
      Migrate migrate;
      if (journal.isPresent()) {
        Operations ops = journal.get().operations();
        id =
            Optional.of(
                ops.begin(
                    OperationKind.MIGRATE,
                    Optional.of(m.vm()),
                    List.of(source, m.destination()),
                    ShellQuoting.join(
                        List.of("migrate", m.vm(), "--from", source, "--to", m.destination())),
                    Optional.of(journal.get().parent())));
        StepRunner runner = new StepRunner(ops.journal(), id.get(), sink, ops.clock());
        Claimant claimant =
            new Claimant(new Claims(ops.liveness()), ControlProcess.current(), id.get());
        migrate = new Migrate(fleet, cancellation, runner, claimant);
      } else {
        migrate = new Migrate(fleet, sink, cancellation);
      }
      MigrationResult r = migrate.whenTransferEnds(transferEnded).run(request);
      id.ifPresent(op -> end(op, MigrationEnd.of(r, journal.get().operations().clock().instant())));
      ran = new Ran(moved(m, r, started, id), contended(r));
    } catch (VfmigrateException e) {
      String outcome =
          e instanceof NotReadyException
              ? "refused"
              : e instanceof RolledBackException ? "rolled-back" : "failed";
      id.ifPresent(
          op ->
              end(
                  op,
                  OperationEnd.of(
                      outcome, journal.get().operations().clock().instant(), e.getMessage())));
      ran = new Ran(failed(m, outcome, started, id, e.getMessage()), false);
    }
    Moved moved = ran.moved();
    events.emit(
        new Event.VmEvacuation(
            m.vm(), moved.outcome(), m.destination(), moved.endedMs(), moved.detail()));
    return ran;
  }

  private void end(String op, OperationEnd end) {
    journal.get().operations().journal().end(op, end);
  }

  private static boolean contended(MigrationResult r) {
    return r.outcome() == MigrationOutcome.REFUSED
        && !r.refusals().isEmpty()
        && r.refusals().stream().map(Refusal::guard).allMatch(CONTENTION::contains);
  }

  private Moved moved(Move m, MigrationResult r, long started, Optional<String> id) {
    boolean migrated = r.outcome() == MigrationOutcome.MIGRATED;
    boolean ran = migrated || r.totalTimeMs() > 0;
    String detail =
        r.error()
            .orElse(
                r.refusals().stream()
                    .map(x -> "[" + x.guard() + "] " + x.reason())
                    .reduce((a, b) -> a + "; " + b)
                    .orElse(""));
    return new Moved(
        m.vm(),
        m.destination(),
        r.outcome().word(),
        started,
        now(),
        r.downtimeMs(),
        ran ? Optional.of(r.totalTimeMs()) : Optional.empty(),
        ran ? r.ramBytes() : Optional.empty(),
        r.deviceStateBytes(),
        r.verified(),
        id,
        where(m, r.outcome()),
        detail);
  }

  private String where(Move m, MigrationOutcome outcome) {
    return switch (outcome) {
      case MIGRATED -> m.destination();
      case FAILED -> "unknown (vfmigrate recover looks at both hosts)";
      default -> source;
    };
  }

  private Moved failed(Move m, String outcome, long started, Optional<String> id, String why) {
    return Moved.withoutFigures(
        m.vm(),
        m.destination(),
        outcome,
        started,
        now(),
        id,
        outcome.equals("failed") ? "unknown (vfmigrate recover looks at both hosts)" : source,
        why);
  }
}

package io.vfmigrate.workflow.steps;

import io.vfmigrate.model.VfmigrateException;
import io.vfmigrate.workflow.event.Event;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.journal.Journal;
import io.vfmigrate.workflow.journal.StepState;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Runs every workflow's steps the same way: each step is written to the journal before it runs and
 * after it ends, announced by a started and a finished event, and on failure the steps this run
 * applied are undone in reverse (each undo journaled too). After {@link #commit()} the steps
 * applied so far stay applied whatever follows: the point of no return of a migration.
 */
public final class StepRunner {
  private final Journal journal;
  private final String operation;
  private final EventSink events;
  private final Clock clock;
  private final Deque<Applied<?>> applied = new ArrayDeque<>();

  public StepRunner(Journal journal, String operation, EventSink events, Clock clock) {
    this.journal = journal;
    this.operation = operation;
    this.events = events;
    this.clock = clock;
  }

  /**
   * A runner whose journal lives only as long as this process: for runs nobody needs to recover
   * (tests, the in-memory labs of {@code lab bench}).
   */
  public static StepRunner inMemory(EventSink events) {
    io.vfmigrate.workflow.journal.InMemoryJournal journal =
        new io.vfmigrate.workflow.journal.InMemoryJournal();
    String id =
        journal.begin(
            new io.vfmigrate.workflow.journal.OperationStart(
                io.vfmigrate.workflow.journal.OperationKind.PREPARE,
                java.util.Optional.empty(),
                List.of(),
                Clock.systemUTC().instant(),
                "",
                ProcessHandle.current().pid(),
                ""));
    return new StepRunner(journal, id, events, Clock.systemUTC());
  }

  /** The id of the operation the steps belong to. */
  public String operation() {
    return operation;
  }

  public Journal journal() {
    return journal;
  }

  public EventSink events() {
    return events;
  }

  public Clock clock() {
    return clock;
  }

  /**
   * Applies a step that the rest of the run may undo. On failure every step applied since the last
   * {@link #commit()} is undone in reverse and {@link StepFailedException} is thrown.
   */
  public <C> void apply(String host, Step<C> step, C context) {
    long id;
    try {
      id = run(host, step, context);
    } catch (Failed e) {
      if (step.undoWhenFailed()) {
        applied.push(new Applied<>(host, step, context, e.journalId, e.getMessage()));
      }
      throw rollBack(step, e.cause);
    }
    applied.push(new Applied<>(host, step, context, id, ""));
  }

  /** Applies a list of steps in order, as {@link #apply} does each. */
  public <C> void applyAll(String host, List<? extends Step<C>> steps, C context) {
    for (Step<C> step : steps) {
      apply(host, step, context);
    }
  }

  /**
   * Runs a step past the point of no return: a failure is journaled and rethrown, and nothing is
   * undone (a failed verification does not move a migrated VM back).
   */
  public <C> void forward(String host, Step<C> step, C context) {
    try {
      run(host, step, context);
    } catch (Failed e) {
      throw e.cause;
    }
  }

  /** Journals, announces and applies one step; returns its journal id. */
  private <C> long run(String host, Step<C> step, C context) {
    long id =
        journal.stepStarted(operation, host, step.description(), step.command(), clock.instant());
    events.emit(new Event.StepStarted(host, step.description()));
    try {
      step.apply(context);
    } catch (VfmigrateException e) {
      journal.stepEnded(id, StepState.FAILED, clock.instant(), e.getMessage());
      events.emit(new Event.StepFinished(host, step.description(), false));
      throw new Failed(id, e);
    }
    journal.stepEnded(id, StepState.DONE, clock.instant(), "");
    events.emit(new Event.StepFinished(host, step.description(), true));
    return id;
  }

  /** A step's failure, already journaled and announced. */
  private static final class Failed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long journalId;
    private final transient VfmigrateException cause;

    Failed(long journalId, VfmigrateException cause) {
      super(cause.getMessage(), cause, false, false);
      this.journalId = journalId;
      this.cause = cause;
    }
  }

  /** What has been applied stays applied: later failures undo nothing before this point. */
  public void commit() {
    applied.clear();
  }

  /** Undoes, in reverse, every step applied since the last commit; returns the undo errors. */
  public List<String> undoAll() {
    List<String> errors = new ArrayList<>();
    while (!applied.isEmpty()) {
      undo(applied.pop(), errors);
    }
    return errors;
  }

  private StepFailedException rollBack(Step<?> failed, VfmigrateException cause) {
    int count = applied.size();
    List<String> errors = undoAll();
    return new StepFailedException(failed, cause, count, errors);
  }

  private <C> void undo(Applied<C> a, List<String> errors) {
    String description = "undo: " + a.step().description();
    long id =
        journal.stepStarted(
            operation, a.host(), description, a.step().undoCommand(), clock.instant());
    events.emit(new Event.StepStarted(a.host(), description));
    try {
      a.step().undo(a.context());
      journal.stepEnded(id, StepState.DONE, clock.instant(), "");
      // A step that failed keeps why in the journal once it is undone.
      journal.stepEnded(a.journalId(), StepState.UNDONE, clock.instant(), a.failure());
      events.emit(new Event.StepFinished(a.host(), description, true));
    } catch (VfmigrateException e) {
      journal.stepEnded(id, StepState.FAILED, clock.instant(), e.getMessage());
      journal.stepEnded(
          a.journalId(),
          StepState.UNDO_FAILED,
          clock.instant(),
          a.failure().isEmpty() ? e.getMessage() : a.failure() + "; its undo: " + e.getMessage());
      events.emit(new Event.StepFinished(a.host(), description, false));
      errors.add(a.step().command() + ": " + e.getMessage());
    }
  }

  /** A step to undo; {@code failure} is why it failed, empty when it was applied. */
  private record Applied<C>(String host, Step<C> step, C context, long journalId, String failure) {}
}

package io.vfmigrate.workflow.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.model.VfmigrateException;
import io.vfmigrate.workflow.event.Event;
import io.vfmigrate.workflow.event.RecordingEventSink;
import io.vfmigrate.workflow.journal.InMemoryJournal;
import io.vfmigrate.workflow.journal.OperationKind;
import io.vfmigrate.workflow.journal.OperationStart;
import io.vfmigrate.workflow.journal.StepRecord;
import io.vfmigrate.workflow.journal.StepState;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StepRunnerTest {
  private final InMemoryJournal journal = new InMemoryJournal();
  private final RecordingEventSink events = new RecordingEventSink();
  private final String op =
      journal.begin(
          new OperationStart(
              OperationKind.PREPARE, Optional.empty(), List.of("h"), Instant.EPOCH, "m", 1, ""));
  private final StepRunner runner =
      new StepRunner(journal, op, events, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
  private final List<String> log = new ArrayList<>();

  /** A step that records what it did and fails on apply when told to. */
  private record Recorded(String name, boolean fails, boolean undoFails, boolean undoWhenFailed)
      implements Step<List<String>> {
    @Override
    public String description() {
      return name;
    }

    @Override
    public String command() {
      return "do " + name;
    }

    @Override
    public void apply(List<String> log) {
      log.add("apply " + name);
      if (fails) {
        throw new VfmigrateException(name + " broke", "fix " + name);
      }
    }

    @Override
    public void undo(List<String> log) {
      log.add("undo " + name);
      if (undoFails) {
        throw new VfmigrateException("undo of " + name + " broke", "");
      }
    }

    @Override
    public boolean undoWhenFailed() {
      return undoWhenFailed;
    }
  }

  private static Recorded ok(String name) {
    return new Recorded(name, false, false, false);
  }

  @Test
  void aFailedStepUndoesTheAppliedOnesInReverseAndJournalsEveryTransition() {
    runner.apply("h", ok("a"), log);
    runner.apply("h", ok("b"), log);
    assertThatThrownBy(() -> runner.apply("h", new Recorded("c", true, false, false), log))
        .isInstanceOf(StepFailedException.class)
        .satisfies(
            e -> {
              StepFailedException f = (StepFailedException) e;
              assertThat(f.rolledBack()).isTrue();
              assertThat(f.undone()).isEqualTo(2);
              assertThat(f.failure().getMessage()).isEqualTo("c broke");
            });
    assertThat(log).containsExactly("apply a", "apply b", "apply c", "undo b", "undo a");
    assertThat(journal.steps(op))
        .extracting(StepRecord::description, StepRecord::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", StepState.UNDONE),
            org.assertj.core.groups.Tuple.tuple("b", StepState.UNDONE),
            org.assertj.core.groups.Tuple.tuple("c", StepState.FAILED),
            org.assertj.core.groups.Tuple.tuple("undo: b", StepState.DONE),
            org.assertj.core.groups.Tuple.tuple("undo: a", StepState.DONE));
    assertThat(journal.steps(op).get(0).command()).isEqualTo("do a");
  }

  @Test
  void startedAndFinishedEventsArePaired() {
    runner.apply("h", ok("a"), log);
    assertThatThrownBy(() -> runner.apply("h", new Recorded("c", true, false, false), log))
        .isInstanceOf(StepFailedException.class);
    List<Event> seen = events.events();
    assertThat(seen)
        .containsExactly(
            new Event.StepStarted("h", "a"),
            new Event.StepFinished("h", "a", true),
            new Event.StepStarted("h", "c"),
            new Event.StepFinished("h", "c", false),
            new Event.StepStarted("h", "undo: a"),
            new Event.StepFinished("h", "undo: a", true));
  }

  @Test
  void aStepThatMayHaveHalfHappenedIsUndoneToo() {
    runner.apply("h", ok("claim"), log);
    assertThatThrownBy(() -> runner.apply("h", new Recorded("transfer", true, false, true), log))
        .isInstanceOf(StepFailedException.class);
    assertThat(log).containsExactly("apply claim", "apply transfer", "undo transfer", "undo claim");
  }

  @Test
  void aFailedUndoIsReportedAndTheRestIsStillUndone() {
    runner.apply("h", ok("a"), log);
    runner.apply("h", new Recorded("b", false, true, false), log);
    StepFailedException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            StepFailedException.class,
            () -> runner.apply("h", new Recorded("c", true, false, false), log));
    assertThat(e.rolledBack()).isFalse();
    assertThat(e.undoErrors()).containsExactly("do b: undo of b broke");
    assertThat(log).containsExactly("apply a", "apply b", "apply c", "undo b", "undo a");
    assertThat(journal.steps(op).get(1).state()).isEqualTo(StepState.UNDO_FAILED);
  }

  @Test
  void afterCommitAFailureUndoesNothing() {
    runner.apply("h", ok("transfer"), log);
    runner.commit();
    assertThatThrownBy(() -> runner.forward("h", new Recorded("verify", true, false, false), log))
        .isInstanceOf(VfmigrateException.class)
        .hasMessage("verify broke");
    assertThat(log).containsExactly("apply transfer", "apply verify");
    assertThat(journal.steps(op))
        .extracting(StepRecord::state)
        .containsExactly(StepState.DONE, StepState.FAILED);
  }

  @Test
  void aStepIsJournaledAsRunningBeforeItRuns() {
    List<StepState> seenWhileRunning = new ArrayList<>();
    Step<List<String>> probe =
        new Step<>() {
          @Override
          public String description() {
            return "probe";
          }

          @Override
          public String command() {
            return "probe";
          }

          @Override
          public void apply(List<String> l) {
            seenWhileRunning.add(journal.steps(op).get(0).state());
          }

          @Override
          public void undo(List<String> l) {}
        };
    runner.apply("h", probe, log);
    assertThat(seenWhileRunning).containsExactly(StepState.RUNNING);
    assertThat(journal.steps(op).get(0).state()).isEqualTo(StepState.DONE);
  }
}

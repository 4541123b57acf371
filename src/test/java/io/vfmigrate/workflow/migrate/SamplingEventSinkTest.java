package io.vfmigrate.workflow.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.workflow.event.Event;
import io.vfmigrate.workflow.event.RecordingEventSink;
import io.vfmigrate.workflow.journal.DowntimeLimit;
import io.vfmigrate.workflow.journal.InMemoryJournal;
import io.vfmigrate.workflow.journal.OperationKind;
import io.vfmigrate.workflow.journal.OperationStart;
import io.vfmigrate.workflow.journal.Sample;
import io.vfmigrate.workflow.steps.StepRunner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every progress sample and downtime limit goes into the journal; every event is passed on. */
class SamplingEventSinkTest {
  private static final Instant NOW = Instant.parse("2026-12-03T20:00:00Z");

  private final InMemoryJournal journal = new InMemoryJournal();
  private final String operation =
      journal.begin(
          new OperationStart(
              OperationKind.MIGRATE,
              Optional.of("vm1"),
              List.of("src", "dst"),
              NOW,
              "m",
              1,
              "",
              Optional.empty()));
  private final RecordingEventSink passedOn = new RecordingEventSink();
  private final SamplingEventSink sink =
      new SamplingEventSink(
          new StepRunner(journal, operation, passedOn, Clock.fixed(NOW, ZoneOffset.UTC)));

  @Test
  void aProgressEventIsAJournalSample() {
    Event.Progress p =
        new Event.Progress("active", 6_000, 9_000, 300, 1_250, Duration.ofMillis(2500), 3);

    sink.emit(p);

    assertThat(journal.samples(operation))
        .containsExactly(
            new Sample(NOW, 2500, "active", 6_000, 9_000, 300, 1_250, Optional.of(3L)));
    assertThat(journal.downtimeLimits(operation)).isEmpty();
    assertThat(passedOn.events()).containsExactly(p);
  }

  @Test
  void aDowntimeLimitEventIsAJournalDowntimeLimit() {
    Event.DowntimeLimit d = new Event.DowntimeLimit(400, 7, Duration.ofMillis(9000));

    sink.emit(d);

    assertThat(journal.downtimeLimits(operation))
        .containsExactly(new DowntimeLimit(NOW, 9000, 7, 400));
    assertThat(journal.samples(operation)).isEmpty();
    assertThat(passedOn.events()).containsExactly(d);
  }

  @Test
  void otherEventsAreOnlyPassedOn() {
    Event.Info i = new Event.Info("src", "hello");

    sink.emit(i);

    assertThat(journal.samples(operation)).isEmpty();
    assertThat(journal.downtimeLimits(operation)).isEmpty();
    assertThat(passedOn.events()).containsExactly(i);
  }
}

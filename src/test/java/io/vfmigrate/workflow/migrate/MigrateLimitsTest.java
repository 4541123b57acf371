package io.vfmigrate.workflow.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.model.DomainXml;
import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.testing.TestLab;
import io.vfmigrate.workflow.attach.Attach;
import io.vfmigrate.workflow.event.Event;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.prepare.Prepare;
import io.vfmigrate.workflow.prepare.PrepareOptions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Timeouts that cannot overflow, and the temporary domain XML that never stays behind. */
class MigrateLimitsTest {
  private static MigrationGuards.Verdict withMemory(String amount, String unit) {
    DomainXml xml =
        DomainXml.parse(
            "<domain type='kvm'><name>vm1</name><memory unit='"
                + unit
                + "'>"
                + amount
                + "</memory></domain>");
    return new MigrationGuards.Verdict(List.of(), Optional.of(xml), List.of(), List.of());
  }

  @Test
  void theDefaultTimeoutIsCappedAndNeverOverflows() {
    assertThat(Migrate.defaultTimeout(withMemory("8", "GiB"))).isEqualTo(Duration.ofSeconds(128));
    // 512 PiB would take 146 years at 10 Gbit/s; 7 EiB overflowed "10 * bytes" into 120 s.
    assertThat(Migrate.defaultTimeout(withMemory("512", "PiB")))
        .isEqualTo(MigrateRequest.MAX_TIMEOUT);
    assertThat(Migrate.defaultTimeout(withMemory("7", "EiB")))
        .isEqualTo(MigrateRequest.MAX_TIMEOUT);
  }

  @Test
  void aTimeoutAboveAWeekIsRefusedBeforeAnythingRuns() {
    assertThatThrownBy(
            () ->
                MigrateRequest.builder("vm1", "src", "dst")
                    .timeout(Duration.ofSeconds(Long.MAX_VALUE))
                    .build())
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void theRewrittenXmlIsRemovedWhenAnUnexpectedFailureEndsTheTransfer() {
    Lab lab = TestLab.defaultLab();
    Fleet quiet = TestLab.fleet(lab, EventSink.none());
    PrepareOptions options = new PrepareOptions("br-vf", OptionalInt.empty());
    new Prepare(EventSink.none()).run(quiet.get("src"), options, false);
    new Prepare(EventSink.none()).run(quiet.get("dst"), options, false);
    new Attach(quiet, EventSink.none())
        .run("vm1", "src", Optional.empty(), Optional.empty(), false);
    EventSink breaking =
        e -> {
          if (e instanceof Event.StepStarted s && s.description().startsWith("migrate vm1")) {
            throw new IllegalStateException("an unexpected failure");
          }
        };
    MigrateRequest request = MigrateRequest.builder("vm1", "src", "dst").build();

    assertThatThrownBy(
            () ->
                new Migrate(TestLab.fleet(lab, breaking), breaking, new Cancellation())
                    .run(request))
        .hasMessage("an unexpected failure");
    assertThat(lab.hostSpec("src").files.keySet())
        .noneMatch(path -> path.startsWith("/tmp/vfmigrate-migrate-"));
  }
}

package io.vfmigrate.workflow.migrate;

import static io.vfmigrate.testing.MigrationFixture.asking;
import static io.vfmigrate.testing.MigrationFixture.migrate;
import static io.vfmigrate.testing.MigrationFixture.ready;
import static io.vfmigrate.testing.MigrationFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.lab.Lab;
import io.vfmigrate.model.DomainXml;
import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.workflow.event.Event;
import io.vfmigrate.workflow.event.EventSink;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
    assertThatThrownBy(() -> asking().timeout(Duration.ofSeconds(Long.MAX_VALUE)).build())
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void theRewrittenXmlIsRemovedWhenAnUnexpectedFailureEndsTheTransfer() {
    Lab lab = ready();
    EventSink breaking =
        e -> {
          if (e instanceof Event.StepStarted s && s.description().startsWith("migrate vm1")) {
            throw new IllegalStateException("an unexpected failure");
          }
        };
    MigrateRequest request = request();

    assertThatThrownBy(() -> migrate(lab, request, breaking)).hasMessage("an unexpected failure");
    assertThat(lab.hostSpec("src").files.keySet())
        .noneMatch(path -> path.startsWith("/tmp/vfmigrate-migrate-"));
  }
}

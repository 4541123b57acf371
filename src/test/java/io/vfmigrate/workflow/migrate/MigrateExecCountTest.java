package io.vfmigrate.workflow.migrate;

import static io.vfmigrate.testing.MigrationFixture.ready;
import static io.vfmigrate.testing.MigrationFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.LabInventory;
import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.testing.CountingHost;
import io.vfmigrate.workflow.event.EventSink;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How many execs a migration costs on its hosts: over SSH each one is a channel round trip. */
class MigrateExecCountTest {
  @Test
  void aOneVfMigrateWithVerifyRunsAtMostThirtyExecs() {
    Lab lab = ready();
    List<String> execs = CountingHost.newLog();
    Fleet fleet = LabInventory.fleet(lab, host -> new CountingHost(host, execs));
    MigrationResult r = new Migrate(fleet, EventSink.none(), new Cancellation()).run(request());

    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.MIGRATED);
    assertThat(r.verified()).contains(true);
    System.out.println("execs of a 1-VF migrate with verify: " + execs.size());
    execs.forEach(e -> System.out.println("  " + e));
    assertThat(execs).as(String.join("\n", execs)).hasSizeLessThanOrEqualTo(30);
  }

  @Test
  void aHeadStartsFirstBatchIsNotAskedAgainAndCostsNoExtraExec() {
    List<String> plain = plainMigrateExecs();
    List<String> execs = CountingHost.newLog();
    Fleet fleet = LabInventory.fleet(ready(), host -> new CountingHost(host, execs));
    GuardHeadStart start = GuardHeadStart.begin(fleet, "vm1", "src", "dst");
    assertThat(start.readingOf(fleet).map(GuardHeadStart.Reading::settled)).isPresent();
    List<String> early = List.copyOf(execs);
    MigrationResult r =
        new Migrate(fleet, EventSink.none(), new Cancellation())
            .withHeadStart(start)
            .run(request());

    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.MIGRATED);
    // The guards' batches, read before the migration began; then nothing of them again.
    assertThat(early).isNotEmpty();
    assertThat(execs).as(String.join("\n", execs)).hasSameSizeAs(plain);
    assertThat(execs.subList(early.size(), execs.size())).doesNotContainAnyElementsOf(early);
  }

  @Test
  void guardsThatStartWhileTheLaterBatchesAreReadAskForNothingTwice() {
    List<String> plain = plainMigrateExecs();
    List<String> execs = CountingHost.newLog();
    Fleet fleet = LabInventory.fleet(ready(), host -> new CountingHost(host, execs));
    GuardHeadStart start = GuardHeadStart.begin(fleet, "vm1", "src", "dst");
    start.requireKnown();
    // The migration begins as the CLI's does: right after the first batch, the rest under way.
    MigrationResult r =
        new Migrate(fleet, EventSink.none(), new Cancellation())
            .withHeadStart(start)
            .run(request());

    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.MIGRATED);
    assertThat(execs).as(String.join("\n", execs)).hasSameSizeAs(plain);
    assertThat(unmarked(execs)).containsExactlyInAnyOrderElementsOf(unmarked(plain));
  }

  /** What the same migration without a head start runs. */
  private static List<String> plainMigrateExecs() {
    List<String> plain = CountingHost.newLog();
    Fleet fleet = LabInventory.fleet(ready(), host -> new CountingHost(host, plain));
    new Migrate(fleet, EventSink.none(), new Cancellation()).run(request());
    return plain;
  }

  /** The execs with each batch's random marker made one. */
  private static List<String> unmarked(List<String> execs) {
    return execs.stream().map(e -> e.replaceAll("vfmigrate-[0-9a-f]{8}", "vfmigrate-M")).toList();
  }

  @Test
  void theHeadStartAnswersWhetherTheVmExistsFromItsFirstBatch() {
    List<String> execs = CountingHost.newLog();
    Fleet fleet = LabInventory.fleet(ready(), host -> new CountingHost(host, execs));
    GuardHeadStart known = GuardHeadStart.begin(fleet, "vm1", "src", "dst");
    known.requireKnown();
    assertThat(known.readingOf(fleet).map(GuardHeadStart.Reading::settled)).isPresent();
    // Every exec is one of the guards' batches: no domstate of its own beside them.
    assertThat(execs).isNotEmpty().noneMatch(e -> e.contains(": virsh domstate"));

    GuardHeadStart unknown =
        GuardHeadStart.begin(LabInventory.fleet(ready(), host -> host), "nosuch", "src", "dst");
    assertThatThrownBy(unknown::requireKnown)
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("No host has a VM (libvirt domain) named nosuch");
  }

  @Test
  void aHeadStartOfAnotherFleetIsNotUsed() {
    Fleet fleet = LabInventory.fleet(ready(), host -> host);
    GuardHeadStart start = GuardHeadStart.begin(fleet, "vm1", "src", "dst");

    assertThat(start.readingOf(LabInventory.fleet(ready(), host -> host))).isEmpty();
  }
}

package io.vfmigrate.workflow.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.LabInventory;
import io.vfmigrate.testing.CountingHost;
import io.vfmigrate.testing.TestLab;
import io.vfmigrate.workflow.attach.Attach;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.prepare.Prepare;
import io.vfmigrate.workflow.prepare.PrepareOptions;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** How many execs a migration costs on its hosts: over SSH each one is a channel round trip. */
class MigrateExecCountTest {
  private static Lab ready() {
    Lab lab = TestLab.defaultLab();
    Fleet fleet = TestLab.fleet(lab, EventSink.none());
    PrepareOptions options = new PrepareOptions("br-vf", OptionalInt.empty());
    new Prepare(EventSink.none()).run(fleet.get("src"), options, false);
    new Prepare(EventSink.none()).run(fleet.get("dst"), options, false);
    new Attach(fleet, EventSink.none())
        .run("vm1", "src", Optional.empty(), Optional.empty(), false);
    return lab;
  }

  @Test
  void aOneVfMigrateWithVerifyRunsAtMostThirtyExecs() {
    Lab lab = ready();
    List<String> execs = CountingHost.newLog();
    Fleet fleet = LabInventory.fleet(lab, host -> new CountingHost(host, execs));
    MigrationResult r =
        new Migrate(fleet, EventSink.none(), new Cancellation())
            .run(MigrateRequest.builder("vm1", "src", "dst").build());

    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.MIGRATED);
    assertThat(r.verified()).contains(true);
    System.out.println("execs of a 1-VF migrate with verify: " + execs.size());
    execs.forEach(e -> System.out.println("  " + e));
    assertThat(execs).as(String.join("\n", execs)).hasSizeLessThanOrEqualTo(30);
  }
}

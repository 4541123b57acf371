package io.vfmigrate.workflow.migrate;

import static io.vfmigrate.testing.MigrationFixture.asking;
import static io.vfmigrate.testing.MigrationFixture.attach;
import static io.vfmigrate.testing.MigrationFixture.prepared;
import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.testing.TestLab;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.steps.StepRunner;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * A dry run's prediction against the migration that follows, in the lab (virtual time, so the
 * figures are exact and repeatable): within 25% for total time and downtime. Prints its numbers.
 */
class PredictionAccuracyTest {
  private static Lab lab(String memory, String dirty, String link, String qemu, int vfs) {
    Lab lab =
        prepared(
            s -> {
              s.link.bandwidth = link;
              s.link.channelBandwidth = "12.5Gbit/s";
              s.hosts.get("src").vms.get(0).memory = memory;
              s.hosts.get("src").vms.get(0).dirtyRate = dirty;
              for (HostSpec h : s.hosts.values()) {
                h.packages.put("qemu-kvm", qemu);
              }
            },
            OptionalInt.of(Math.max(2, vfs)),
            true);
    attach(lab, "vm1", vfs);
    return lab;
  }

  private static MigrationResult migrate(Lab lab, boolean dryRun) {
    return new Migrate(
            TestLab.fleet(lab, EventSink.none()),
            new Cancellation(),
            StepRunner.inMemory(EventSink.none()))
        .run(asking().dryRun(dryRun).verify(false).build());
  }

  private static void within25Percent(
      String name, String memory, String dirty, String link, String qemu, int vfs) {
    Lab lab = lab(memory, dirty, link, qemu, vfs);
    PredictedTimes p = migrate(lab, true).tuning().prediction().orElseThrow();
    MigrationResult r = migrate(lab, false);
    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.MIGRATED);
    System.out.printf(
        "%-28s total %6d ms predicted %6d (%d-%d); downtime %5d ms predicted %5d (%d-%d)%n",
        name,
        r.totalTimeMs(),
        p.totalMs(),
        p.totalLowMs(),
        p.totalHighMs(),
        r.downtimeMs().orElse(-1L),
        p.downtimeMs(),
        p.downtimeLowMs(),
        p.downtimeHighMs());
    assertThat((double) p.totalMs())
        .as(name + " total")
        .isBetween(r.totalTimeMs() * 0.75, r.totalTimeMs() * 1.25);
    long downtime = r.downtimeMs().orElseThrow();
    assertThat((double) p.downtimeMs())
        .as(name + " downtime")
        .isBetween(downtime * 0.75, downtime * 1.25);
  }

  @Test
  void oneVfEightGibAt100Gbit() {
    within25Percent("1 VF, 8 GiB, 100G, QEMU 10", "8GiB", "200MiB/s", "100Gbit/s", "10.0.0", 1);
  }

  @Test
  void fourVfsEightGibAt100Gbit() {
    within25Percent("4 VFs, 8 GiB, 100G, QEMU 10", "8GiB", "200MiB/s", "100Gbit/s", "10.0.0", 4);
  }

  @Test
  void aBusyGuestOnA25GbitLink() {
    within25Percent("1 VF, 16 GiB, 1 GiB/s, 25G", "16GiB", "1GiB/s", "25Gbit/s", "9.1.0", 1);
  }

  @Test
  void aSmallGuestOnA10GbitLinkWithQemu91() {
    within25Percent("1 VF, 2 GiB, 50 MiB/s, 10G", "2GiB", "50MiB/s", "10Gbit/s", "9.1.0", 1);
  }
}

package io.vfmigrate.tools.real;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.tools.FakeHost;
import io.vfmigrate.tools.agent.GuestAgent;
import io.vfmigrate.tools.agent.GuestInterface;
import io.vfmigrate.tools.ping.PingSummary;
import io.vfmigrate.tools.virsh.JobInfo;
import io.vfmigrate.tools.virsh.JobType;
import io.vfmigrate.tools.virsh.MigrationProgress;
import io.vfmigrate.tools.virsh.QueryMigrate;
import io.vfmigrate.tools.virsh.Virsh;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Parsers against output captured from the real-lab harness (libvirt 9.0.0, QEMU 7.2, Debian 12
 * qemu-ga, BusyBox ping in the guest): scripts/real-lab-guest/captured, copied to fixtures/real.
 */
class RealOutputTest {
  private static String fixture(String name) {
    return FakeHost.Fixtures.read("real/" + name);
  }

  @Test
  void domjobinfoDuringAMigrationWithTrailingSpaces() {
    JobInfo job = JobInfo.parse(fixture("domjobinfo-during.txt"));
    assertThat(job.type()).isEqualTo(JobType.UNBOUNDED);
    assertThat(job.operation()).contains("Outgoing migration");
    assertThat(job.timeElapsed()).contains(Duration.ofMillis(6082));
    assertThat(job.memoryTotal().orElseThrow().pretty()).isEqualTo("256.758 MiB");
    assertThat(job.iteration()).hasValue(1);
    assertThat(job.expectedDowntime()).contains(Duration.ofMillis(300));
  }

  @Test
  void domjobinfoCompletedOnTheDestination() {
    JobInfo job = JobInfo.parse(fixture("domjobinfo-completed-dst.txt"));
    assertThat(job.type()).isEqualTo(JobType.COMPLETED);
    assertThat(job.operation()).contains("Incoming migration");
    assertThat(job.totalDowntime()).isPresent();
  }

  @Test
  void queryMigrateFromRealQemu() {
    QueryMigrate during = QueryMigrate.parse(fixture("query-migrate-during.txt"));
    assertThat(during.status()).isEqualTo("active");
    assertThat(during.ram()).isPresent();
    assertThat(during.vfioTransferred()).isEmpty();
    assertThat(QueryMigrate.parse(fixture("query-migrate-dst-completed.txt")).status())
        .isEqualTo("completed");
    assertThat(QueryMigrate.parse(fixture("query-migrate-cancelled.txt")).status())
        .isEqualTo("cancelled");
  }

  @Test
  void libvirt9ProgressIsTheIntegerForm() {
    List<MigrationProgress> progress =
        MigrationProgress.parseAll(fixture("migrate-progress.stderr"));
    assertThat(progress).isNotEmpty();
    assertThat(progress.get(progress.size() - 1).percent()).isEqualTo(100.0);
    assertThat(fixture("migrate-aborted.stderr"))
        .contains("error: operation aborted: job 'migration out' canceled by client");
  }

  @Test
  void busyboxPingSummary() {
    PingSummary s = PingSummary.parse(fixture("busybox-ping.txt"));
    assertThat(s.transmitted()).isEqualTo(3);
    assertThat(s.received()).isEqualTo(3);
    assertThat(s.noLoss()).isTrue();
  }

  @Test
  void guestInterfacesFromRealQemuGa() {
    FakeHost host = new FakeHost();
    host.on("virsh", "qemu-agent-command", "vm1", "{\"execute\":\"guest-network-get-interfaces\"}")
        .stdout(fixture("guest-network-get-interfaces.txt"));
    List<GuestInterface> ifaces = new GuestAgent(new Virsh(host), "vm1").interfaces();
    GuestInterface eth0 =
        ifaces.stream().filter(i -> i.name().equals("eth0")).findFirst().orElseThrow();
    assertThat(eth0.hardwareAddress()).contains("52:54:00:00:10:10");
    assertThat(eth0.ipAddresses())
        .filteredOn(GuestInterface.IpAddress::ipv4)
        .extracting(GuestInterface.IpAddress::cidr)
        .containsExactly("10.98.0.10/24");
  }
}

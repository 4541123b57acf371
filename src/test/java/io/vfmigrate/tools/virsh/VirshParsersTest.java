package io.vfmigrate.tools.virsh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.model.Bandwidth;
import io.vfmigrate.model.ByteSize;
import io.vfmigrate.tools.FakeHost.Fixtures;
import io.vfmigrate.tools.ToolOutputException;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class VirshParsersTest {
  private static ByteSize gib(String value) {
    return ByteSize.ofBytes(
        new BigDecimal(value).multiply(BigDecimal.valueOf(1L << 30)).longValue());
  }

  @Test
  void versionOfLibvirt9WithQemu82() {
    VirshVersion v = VirshVersion.parse(Fixtures.read("virsh/version-9.0.0.txt"));

    assertThat(v.libraryVersion()).isEqualTo("9.0.0");
    assertThat(v.apiVersion()).isEqualTo("9.0.0");
    assertThat(v.hypervisorName()).isEqualTo("QEMU");
    assertThat(v.hypervisorVersion()).contains("8.2.0");
    assertThat(v.qemuVersion()).contains("8.2.0");
  }

  @Test
  void versionWithoutHypervisorVersionAndWithDaemonLine() {
    VirshVersion unknown = VirshVersion.parse(Fixtures.read("virsh/version-cannot-extract.txt"));
    assertThat(unknown.libraryVersion()).isEqualTo("10.10.0");
    assertThat(unknown.hypervisorName()).isEqualTo("QEMU");
    assertThat(unknown.qemuVersion()).isEmpty();

    VirshVersion daemon = VirshVersion.parse(Fixtures.read("virsh/version-daemon.txt"));
    assertThat(daemon.qemuVersion()).contains("9.1.0");
  }

  @Test
  void versionOfAnotherHypervisorHasNoQemuVersion() {
    VirshVersion test =
        VirshVersion.parse(
            "Compiled against library: libvirt 9.0.0\nUsing library: libvirt 9.0.0\n"
                + "Using API: Test 9.0.0\nRunning hypervisor: Test 2.0.0\n\n");
    assertThat(test.hypervisorName()).isEqualTo("Test");
    assertThat(test.qemuVersion()).isEmpty();
  }

  @Test
  void versionWithoutTheLibraryLinesIsAnOutputError() {
    assertThatThrownBy(() -> VirshVersion.parse("libvirt 9.0.0\n"))
        .isInstanceOf(ToolOutputException.class)
        .hasMessageContaining("virsh version");
  }

  @Test
  void domjobinfoOfARunningMigration() {
    JobInfo info = JobInfo.parse(Fixtures.read("virsh/domjobinfo-unbounded.txt"));

    assertThat(info.type()).isEqualTo(JobType.UNBOUNDED);
    assertThat(info.type().active()).isTrue();
    assertThat(info.operation()).contains("Outgoing migration");
    assertThat(info.timeElapsed()).contains(Duration.ofMillis(294154));
    assertThat(info.dataProcessed()).contains(gib("32.196"));
    assertThat(info.dataRemaining()).contains(gib("26.287"));
    assertThat(info.dataTotal()).contains(gib("32.009"));
    assertThat(info.memoryTotal()).contains(gib("32.009"));
    assertThat(info.memoryBandwidth())
        .contains(Bandwidth.ofBytesPerSecond(ByteSize.parse("101.960 MiB").bytes()));
    assertThat(info.dirtyRatePagesPerSecond()).hasValue(31340);
    assertThat(info.pageSize()).contains(ByteSize.ofBytes(4096));
    assertThat(info.iteration()).hasValue(2);
    assertThat(info.postcopyRequests()).hasValue(0);
    assertThat(info.normalPages()).hasValue(8433231);
    assertThat(info.expectedDowntime()).contains(Duration.ofMillis(300));
    assertThat(info.totalDowntime()).isEmpty();
    assertThat(info.setupTime()).contains(Duration.ofMillis(12));
  }

  @Test
  void domjobinfoCompletedHasTotalDowntimeInsteadOfExpected() {
    JobInfo info = JobInfo.parse(Fixtures.read("virsh/domjobinfo-completed.txt"));

    assertThat(info.type()).isEqualTo(JobType.COMPLETED);
    assertThat(info.type().active()).isFalse();
    assertThat(info.timeElapsedWithoutNetwork()).contains(Duration.ofMillis(31695));
    assertThat(info.dataRemaining()).contains(ByteSize.ofBytes(0));
    assertThat(info.totalDowntime()).contains(Duration.ofMillis(187));
    assertThat(info.downtimeWithoutNetwork()).contains(Duration.ofMillis(180));
    assertThat(info.expectedDowntime()).isEmpty();
  }

  @Test
  void domjobinfoWithoutAJobPrintsOnlyTheType() {
    JobInfo info = JobInfo.parse(Fixtures.read("virsh/domjobinfo-none.txt"));

    assertThat(info.type()).isEqualTo(JobType.NONE);
    assertThat(info.fields()).containsOnlyKeys("Job type");
    assertThat(info.timeElapsed()).isEmpty();
  }

  @Test
  void domjobinfoOfAFailedJobKeepsTheWholeErrorMessage() {
    JobInfo info = JobInfo.parse(Fixtures.read("virsh/domjobinfo-failed.txt"));

    assertThat(info.type()).isEqualTo(JobType.FAILED);
    assertThat(info.errorMessage())
        .contains(
            "operation failed: job 'migration out' failed: 0000:e1:00.1: Failed setting device"
                + " state to STOP_COPY, err: Input/output error. Setting device in recover state"
                + " ERROR");
  }

  @Test
  void domjobinfoKeepsUnknownLinesAndIgnoresThemForTypedValues() {
    JobInfo info = JobInfo.parse(Fixtures.read("virsh/domjobinfo-unknown-fields.txt"));

    assertThat(info.fields()).containsEntry("VFIO data transferred", "301.500 MiB");
    assertThat(info.fields()).containsEntry("Auto converge throttle", "20");
    assertThat(info.dataProcessed()).contains(ByteSize.ofMebibytes(512));
    assertThat(JobInfo.parse("Job type:         Sideways    \n\n").type())
        .isEqualTo(JobType.UNKNOWN);
  }

  @Test
  void domjobinfoErrors() {
    assertThatThrownBy(() -> JobInfo.parse(Fixtures.read("virsh/domjobinfo-no-type.txt")))
        .isInstanceOf(ToolOutputException.class)
        .hasMessageContaining("Job type");
    assertThatThrownBy(() -> JobInfo.parse(Fixtures.read("virsh/domjobinfo-bad-number.txt")))
        .isInstanceOf(ToolOutputException.class)
        .hasMessageContaining("Time elapsed");
    assertThatThrownBy(() -> JobInfo.parse("")).isInstanceOf(ToolOutputException.class);
  }

  @Test
  void migrationProgressOfLibvirt9xWithTwoDecimals() {
    String stderr = Fixtures.read("virsh/migrate-progress-9x.stderr");

    assertThat(MigrationProgress.parseAll(stderr))
        .extracting(MigrationProgress::percent)
        .containsExactly(0.0, 1.89, 5.57, 45.12, 99.99, 100.0);
    assertThat(MigrationProgress.latest(stderr).orElseThrow().complete()).isTrue();
  }

  @Test
  void migrationProgressOfOlderLibvirtWithIntegers() {
    String stderr = Fixtures.read("virsh/migrate-progress-old.stderr");

    assertThat(MigrationProgress.parseAll(stderr))
        .extracting(MigrationProgress::percent)
        .containsExactly(0.0, 12.0, 45.0, 100.0);
  }

  @Test
  void migrationProgressWhileRunningIgnoresAHalfWrittenReport() {
    MigrationProgress latest =
        MigrationProgress.latest(Fixtures.read("virsh/migrate-progress-partial.stderr"))
            .orElseThrow();

    assertThat(latest.percent()).isEqualTo(5.57);
    assertThat(latest.complete()).isFalse();
    assertThat(MigrationProgress.latest("")).isEmpty();
    assertThat(MigrationProgress.latest(Fixtures.read("virsh/migrate-viommu-blocked.stderr")))
        .isEmpty();
  }

  @Test
  void queryMigrateBeforeAnyMigration() {
    QueryMigrate q = QueryMigrate.parse(Fixtures.read("virsh/query-migrate-none.json"));

    assertThat(q.status()).isEqualTo("none");
    assertThat(q.idle()).isTrue();
    assertThat(q.ram()).isEmpty();
    assertThat(q.vfioTransferred()).isEmpty();
    assertThat(q.blockedReasons()).isEmpty();
    assertThat(q.blocked()).isEmpty();
  }

  @Test
  void queryMigrateActiveWithVfioDeviceState() {
    QueryMigrate q = QueryMigrate.parse(Fixtures.read("virsh/query-migrate-active-vfio.json"));

    assertThat(q.status()).isEqualTo("active");
    assertThat(q.idle()).isFalse();
    assertThat(q.vfioTransferred()).hasValue(314572800);
    assertThat(q.deviceStateTransferred()).contains(ByteSize.ofMebibytes(300));
    assertThat(q.totalTime()).contains(Duration.ofMillis(30215));
    assertThat(q.expectedDowntime()).contains(Duration.ofMillis(300));
    assertThat(q.downtime()).isEmpty();
    assertThat(q.setupTime()).contains(Duration.ofMillis(12));
    QueryMigrate.RamStats ram = q.ram().orElseThrow();
    assertThat(ram.transferred()).isEqualTo(6710886400L);
    assertThat(ram.remaining()).isEqualTo(2147483648L);
    assertThat(ram.total()).isEqualTo(8600371200L);
    assertThat(ram.mbps()).isEqualTo(2684.35456);
    assertThat(ram.dirtyPagesRate()).isEqualTo(51200);
    assertThat(ram.dirtySyncCount()).isEqualTo(2);
    assertThat(ram.pageSize()).isEqualTo(4096);
    assertThat(ram.precopyBytes()).hasValue(6710886400L);
  }

  @Test
  void queryMigrateDeviceAndCompletedPhases() {
    QueryMigrate device = QueryMigrate.parse(Fixtures.read("virsh/query-migrate-device.json"));
    assertThat(device.status()).isEqualTo("device");
    assertThat(device.vfioTransferred()).hasValue(524288000);
    assertThat(device.ram().orElseThrow().precopyBytes()).isEmpty();

    QueryMigrate done = QueryMigrate.parse(Fixtures.read("virsh/query-migrate-completed.json"));
    assertThat(done.status()).isEqualTo("completed");
    assertThat(done.downtime()).contains(Duration.ofMillis(187));
    assertThat(done.expectedDowntime()).isEmpty();
    assertThat(done.ram().orElseThrow().downtimeBytes()).hasValue(58370048);
  }

  @Test
  void queryMigrateOfOlderQemuWithBlockedFlagAndSkipped() {
    QueryMigrate q = QueryMigrate.parse(Fixtures.read("virsh/query-migrate-old-blocked.json"));

    assertThat(q.blocked()).contains(false);
    assertThat(q.vfioTransferred()).isEmpty();
    assertThat(q.ram().orElseThrow().mbps()).isEqualTo(0.18144);
    assertThat(q.expectedDowntime()).contains(Duration.ofMillis(4000));
  }

  @Test
  void queryMigrateFailedAndBlockedReasonsAndUnknownMembers() {
    QueryMigrate failed = QueryMigrate.parse(Fixtures.read("virsh/query-migrate-failed.json"));
    assertThat(failed.status()).isEqualTo("failed");
    assertThat(failed.errorDesc().orElseThrow()).startsWith("0000:e1:00.1: Failed setting");

    QueryMigrate blocked =
        QueryMigrate.parse(Fixtures.read("virsh/query-migrate-blocked-reasons.json"));
    assertThat(blocked.blockedReasons())
        .containsExactly("0000:e1:00.1: VFIO migration is not supported in kernel");
  }

  @Test
  void queryMigrateErrorsAreOutputErrors() {
    assertThatThrownBy(() -> QueryMigrate.parse(Fixtures.read("virsh/query-migrate-error.json")))
        .isInstanceOf(ToolOutputException.class)
        .hasMessageContaining("CommandNotFound")
        .hasMessageContaining("The command query-migrate has not been found");
    assertThatThrownBy(() -> QueryMigrate.parse(Fixtures.read("virsh/query-migrate-not-json.txt")))
        .isInstanceOf(ToolOutputException.class)
        .hasMessageContaining("not JSON");
    assertThatThrownBy(() -> QueryMigrate.parse("[1,2]")).isInstanceOf(ToolOutputException.class);
    assertThatThrownBy(() -> QueryMigrate.parse("{\"id\":\"libvirt-1\"}"))
        .isInstanceOf(ToolOutputException.class)
        .hasMessageContaining("return");
  }
}

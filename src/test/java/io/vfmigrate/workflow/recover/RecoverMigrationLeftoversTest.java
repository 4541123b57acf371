package io.vfmigrate.workflow.recover;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.lab.state.FaultSpec;
import io.vfmigrate.lab.state.VmSpec;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.tools.virsh.Virsh;
import io.vfmigrate.workflow.DomainUsage;
import io.vfmigrate.workflow.attach.Attach;
import io.vfmigrate.workflow.attach.VfInventory;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.journal.OperationKind;
import io.vfmigrate.workflow.journal.StepRecord;
import io.vfmigrate.workflow.recover.Recovery.Action;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code recover} of a migration, beyond where the copies are: a job that still runs is waited for
 * on the host's clock (up to ten minutes, never in a dry run), the rewritten domain XML left on the
 * source is removed, a shut-off copy is undefined, and the VFs a destroyed copy let go of are
 * prepared again.
 */
class RecoverMigrationLeftoversTest {
  private static final String TRANSFER = "virsh migrate --live --p2p vm1 qemu+ssh://dst/system";
  private final RecoverFixture f = new RecoverFixture();

  RecoverMigrationLeftoversTest() {
    f.prepare("src", java.util.OptionalInt.of(4));
    f.prepare("dst");
    new Attach(f.fleet, EventSink.none())
        .run("vm1", "src", Optional.empty(), Optional.empty(), false);
  }

  /** A migration of vm1 by process 100, which died after journaling {@code commands}. */
  private String interrupted(String... commands) {
    String id =
        f.as(100)
            .begin(
                OperationKind.MIGRATE,
                Optional.of("vm1"),
                List.of("src", "dst"),
                "migrate vm1 --from src --to dst");
    for (String command : commands) {
      f.journal.stepStarted(id, "src", "a step", command, RecoverFixture.T0);
    }
    f.running.remove(100L);
    return id;
  }

  private VmSpec vm(String host) {
    return f.vm(host, "vm1");
  }

  private void copyOn(String host, String state) {
    VmSpec copy = new VmSpec();
    copy.name = "vm1";
    copy.state = state;
    f.lab.hostSpec(host).vms.add(copy);
  }

  /** {@code virsh domjobinfo vm1} on src answers that a migration job runs, {@code times} times. */
  private void jobRunsFor(int times) throws Exception {
    FaultSpec job = new FaultSpec();
    job.command = "virsh domjobinfo vm1";
    job.exitCode = 0;
    job.stdout =
        Files.readString(Path.of("src/test/resources/fixtures/real/domjobinfo-during.txt"));
    job.times = times;
    f.lab.hostSpec("src").faults.add(job);
  }

  /**
   * {@code virsh domjobinfo vm1} on src answers that a migration job runs and has moved more bytes
   * at each of {@code times} looks.
   */
  private void jobMovesFor(int times) throws Exception {
    String during =
        Files.readString(Path.of("src/test/resources/fixtures/real/domjobinfo-during.txt"));
    for (int i = 0; i < times; i++) {
      FaultSpec job = new FaultSpec();
      job.command = "virsh domjobinfo vm1";
      job.exitCode = 0;
      job.stdout =
          during.replace(
              "Data processed:   112.198 MiB", "Data processed:   " + (200 + i) + ".000 MiB");
      f.lab.hostSpec("src").faults.add(job);
    }
  }

  private Duration elapsedSince(Instant before) {
    return Duration.between(before, f.lab.clock().now());
  }

  @Test
  void aJobThatStillRunsIsWaitedForOnTheHostsClockThenSettled() throws Exception {
    String id = interrupted(TRANSFER);
    vm("src").state = "paused";
    jobRunsFor(3);
    Instant before = f.lab.clock().now();

    RecoverReport r = f.recover(false);

    assertThat(elapsedSince(before)).isEqualTo(Duration.ofSeconds(3));
    assertThat(r.operations().get(0).action()).isEqualTo(Action.UNDONE);
    assertThat(vm("src").state).isEqualTo("running");
    assertThat(f.journal.steps(f.recovers().get(0).id()))
        .extracting(StepRecord::host, StepRecord::description, StepRecord::command)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "src",
                "resume vm1 (libvirt left it paused after the Perform phase)",
                "virsh resume vm1"));
    assertThat(f.end(id).orElseThrow().outcome()).isEqualTo("rolled-back");
  }

  @Test
  void aStalledJobThatRunsOnEvenAbortedIsLeftToAPersonAMinuteAfterTheAbort() throws Exception {
    String id = interrupted(TRANSFER);
    vm("src").state = "paused";
    jobRunsFor(1000);
    Instant before = f.lab.clock().now();

    RecoverReport r = f.recover(false);

    // 30 s without a byte, the abort, then 60 s more: not the 10 minutes a moving job gets.
    assertThat(elapsedSince(before)).isEqualTo(Duration.ofSeconds(90));
    Recovery only = r.operations().get(0);
    assertThat(only.needsAttention()).isTrue();
    assertThat(only.action()).isEqualTo(Action.NONE);
    assertThat(only.detail())
        .isEqualTo(
            "the migration job of vm1 on src moved no bytes for 30 s and was aborted (virsh"
                + " domjobabort vm1), yet it still runs 60 s later: QEMU's migration threads wait"
                + " on their connections to dst; restore the migration link (or wait for TCP to"
                + " give up), then run vfmigrate recover again (virsh domjobinfo vm1 shows when"
                + " the job has ended)");
    assertThat(vm("src").state).isEqualTo("paused");
    assertThat(f.end(id)).isEmpty();
  }

  @Test
  void aJobThatKeepsMovingForTenMinutesIsLeftToAPerson() throws Exception {
    String id = interrupted(TRANSFER);
    vm("src").state = "paused";
    jobMovesFor(700);
    Instant before = f.lab.clock().now();

    RecoverReport r = f.recover(false);

    assertThat(elapsedSince(before)).isEqualTo(Duration.ofMinutes(10));
    assertThat(r.operations().get(0).detail())
        .isEqualTo(
            "a migration job of vm1 still runs on src after 10 min; run vfmigrate recover again"
                + " when it has ended (virsh domjobinfo vm1)");
    assertThat(f.journal.steps(f.recovers().get(0).id())).isEmpty();
    assertThat(f.end(id)).isEmpty();
  }

  @Test
  void aJobThatMovesNoBytesIsAbortedAndTheVmKeptOnTheSource() throws Exception {
    String id = interrupted(TRANSFER);
    vm("src").state = "paused";
    // The same statistics at every look: it moves nothing; it ends a few seconds after the abort.
    jobRunsFor(34);
    Instant before = f.lab.clock().now();

    RecoverReport r = f.recover(false);

    assertThat(elapsedSince(before)).isEqualTo(Duration.ofSeconds(34));
    assertThat(r.operations().get(0).action()).isEqualTo(Action.UNDONE);
    assertThat(vm("src").state).isEqualTo("running");
    assertThat(f.journal.steps(f.recovers().get(0).id()))
        .extracting(StepRecord::description, StepRecord::command)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "abort the migration job of vm1 (it moved no bytes for 30 s)",
                "virsh domjobabort vm1"),
            org.assertj.core.groups.Tuple.tuple(
                "resume vm1 (libvirt left it paused after the Perform phase)", "virsh resume vm1"));
    assertThat(f.end(id).orElseThrow().outcome()).isEqualTo("rolled-back");
  }

  @Test
  void aJobThatKeepsMovingBytesIsWaitedForAndNotAborted() throws Exception {
    String id = interrupted(TRANSFER);
    vm("src").state = "paused";
    jobMovesFor(45);

    RecoverReport r = f.recover(false);

    assertThat(r.operations().get(0).action()).isEqualTo(Action.UNDONE);
    assertThat(f.journal.steps(f.recovers().get(0).id()))
        .extracting(StepRecord::command)
        .containsExactly("virsh resume vm1");
    assertThat(f.end(id).orElseThrow().outcome()).isEqualTo("rolled-back");
  }

  @Test
  void aDryRunDoesNotWaitForAJobThatStillRuns() throws Exception {
    interrupted(TRANSFER);
    jobRunsFor(1000);
    Instant before = f.lab.clock().now();

    RecoverReport r = f.recover(true);

    assertThat(f.lab.clock().now()).isEqualTo(before);
    assertThat(r.operations().get(0).needsAttention()).isTrue();
    assertThat(r.operations().get(0).detail()).startsWith("a migration job of vm1 still runs");
  }

  @Test
  void theRewrittenXmlTheTransferLeftOnTheSourceIsRemoved() {
    String file = f.fleet.get("src").host().createTempFile("vfmigrate-migrate-", "<domain/>");
    String other = f.fleet.get("src").host().createTempFile("vfmigrate-vf-", "<interface/>");
    interrupted(
        "virsh migrate --live --persistent --undefinesource --verbose --xml "
            + file
            + " vm1 qemu+ssh://dst/system",
        "virsh attach-device --xml " + other,
        "virsh migrate --xml /tmp/vfmigrate-migrate-gone.xml vm1");

    RecoverReport dry = f.recover(true);
    assertThat(dry.operations().get(0).detail())
        .isEqualTo(
            "vm1 is running on src and not defined on dst; undone: vm1 runs on src; would:"
                + " removed "
                + file
                + " on src");
    assertThat(f.fleet.get("src").host().exists(file)).isTrue();

    RecoverReport r = f.recover(false);

    assertThat(r.operations().get(0).detail())
        .isEqualTo(
            "vm1 is running on src and not defined on dst; undone: vm1 runs on src; removed "
                + file
                + " on src");
    assertThat(f.fleet.get("src").host().exists(file)).isFalse();
    assertThat(f.fleet.get("src").host().exists(other)).isTrue();
  }

  @Test
  void aMigrationKilledBeforeTheTransferLeavesNoXmlFileBehind() {
    String file = f.fleet.get("src").host().createTempFile("vfmigrate-migrate-", "<domain/>");
    interrupted("virsh domjobinfo vm1 --xml " + file);

    RecoverReport r = f.recover(false);

    assertThat(r.operations().get(0).detail())
        .startsWith("interrupted before virsh migrate started; ");
    assertThat(f.fleet.get("src").host().exists(file)).isFalse();
  }

  @Test
  void aShutOffCopyOnTheDestinationIsUndefinedWithoutADestroy() {
    String id = interrupted(TRANSFER);
    copyOn("dst", "shut off");

    RecoverReport r = f.recover(false);

    assertThat(r.operations().get(0).detail())
        .isEqualTo(
            "vm1 is running on src and shut off on dst; undone: vm1 runs on src; destroy the"
                + " incoming copy vm1 (paused; the source runs)");
    assertThat(vm("dst")).isNull();
    assertThat(f.journal.steps(f.recovers().get(0).id()))
        .extracting(StepRecord::host, StepRecord::command)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("dst", "virsh destroy vm1; virsh undefine vm1"));
    assertThat(f.end(id).orElseThrow().outcome()).isEqualTo("rolled-back");
  }

  @Test
  void theVfADestroyedSourceCopyLetGoOfIsPreparedAgain() {
    String id = interrupted(TRANSFER);
    vm("src").state = "paused";
    copyOn("dst", "running");

    RecoverReport r = f.recover(false);

    assertThat(r.operations().get(0).detail())
        .isEqualTo(
            "vm1 is paused on src and running on dst; finished: vm1 runs on dst; destroy the"
                + " left-over source copy of vm1 (paused; the destination runs); VF 0000:e1:00.1"
                + " on src prepared again");
    assertThat(f.lab.hostSpec("src").nics.get(0).vfs.get(0).driver).isEqualTo("pci-stub");
    assertThat(f.end(id).orElseThrow().outcome()).isEqualTo("migrated");
  }

  private io.vfmigrate.lab.state.VfSpec srcVf(int index) {
    return f.lab.hostSpec("src").nics.get(0).vfs.get(index);
  }

  /** The VFs of src that are in the prepared state (detached and migratable). */
  private List<PciAddress> srcPrepared() {
    var src = f.fleet.get("src");
    return VfInventory.read(src.host(), DomainUsage.of(new Virsh(src.host())), src.pf())
        .all()
        .stream()
        .filter(VfInventory.Vf::prepared)
        .map(VfInventory.Vf::pci)
        .toList();
  }

  @Test
  void onlyAFreeMigratableVfBackOnTheHostDriverIsPreparedAgain() {
    interrupted(TRANSFER);
    vm("src").state = "paused";
    // vm1 holds VF 1 (index 0); 2 and 4 went back to mlx5_core, 4 is not migratable; 3 stays.
    srcVf(1).driver = "mlx5_core";
    srcVf(3).driver = "mlx5_core";
    srcVf(3).migratable = false;

    RecoverReport dry = f.recover(true);

    assertThat(dry.operations().get(0).detail())
        .isEqualTo(
            "vm1 is paused on src and not defined on dst; undone: vm1 runs on src; would: resume"
                + " vm1 (libvirt left it paused after the Perform phase); VF 0000:e1:00.2 on src"
                + " prepared again");
    assertThat(srcVf(1).driver).isEqualTo("mlx5_core");

    RecoverReport r = f.recover(false);

    assertThat(r.operations().get(0).detail())
        .endsWith(
            "; resume vm1 (libvirt left it paused after the Perform phase); VF 0000:e1:00.2"
                + " on src prepared again");
    assertThat(srcPrepared())
        .containsExactly(
            PciAddress.parse("0000:e1:00.1"),
            PciAddress.parse("0000:e1:00.2"),
            PciAddress.parse("0000:e1:00.3"));
    assertThat(srcVf(3).driver).isEqualTo("mlx5_core");
    assertThat(f.recover(false).operations()).isEmpty();
  }

  @Test
  void aSourceThatIsShutOffWithNoCopyElsewhereIsLeftToAPerson() {
    String id = interrupted(TRANSFER);
    vm("src").state = "shut off";

    RecoverReport r = f.recover(false);

    assertThat(r.operations().get(0).needsAttention()).isTrue();
    assertThat(r.operations().get(0).detail())
        .isEqualTo(
            "vm1 is shut off on src and not defined on dst; no running copy to keep, decide which"
                + " copy to resume");
    assertThat(vm("src").state).isEqualTo("shut off");
    assertThat(f.end(id)).isEmpty();
  }
}

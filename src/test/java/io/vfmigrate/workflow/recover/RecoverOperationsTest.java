package io.vfmigrate.workflow.recover;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.lab.state.FaultSpec;
import io.vfmigrate.lab.state.VfSpec;
import io.vfmigrate.model.MacAddress;
import io.vfmigrate.testing.TestLab;
import io.vfmigrate.workflow.attach.Attach;
import io.vfmigrate.workflow.claims.Acquisition;
import io.vfmigrate.workflow.claims.ClaimOwner;
import io.vfmigrate.workflow.claims.ClaimRequest;
import io.vfmigrate.workflow.claims.Claims;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.journal.ClaimRecord;
import io.vfmigrate.workflow.journal.OperationKind;
import io.vfmigrate.workflow.journal.OperationRecord;
import io.vfmigrate.workflow.journal.OperationStart;
import io.vfmigrate.workflow.journal.StepRecord;
import io.vfmigrate.workflow.prepare.Prepare;
import io.vfmigrate.workflow.prepare.PrepareOptions;
import io.vfmigrate.workflow.prepare.Teardown;
import io.vfmigrate.workflow.recover.Recovery.Action;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * {@code recover} of everything but a migration: a preparation or teardown is run again to its end,
 * an attach leaves only its reservations behind, an evacuation ends by what its migrations did, and
 * the claims of dead processes are removed. What it does is journaled as a recover operation.
 */
class RecoverOperationsTest {
  private static final MacAddress MAC = MacAddress.parse("52:54:00:aa:bb:cc");
  private static final String MAC_CLAIM = "/run/vfmigrate/macs/52-54-00-aa-bb-cc";

  private final RecoverFixture f = new RecoverFixture();

  private List<VfSpec> vfs(String host) {
    return f.lab.hostSpec(host).nics.get(0).vfs;
  }

  /** Reserves {@link #MAC} on every host for {@code operation} of process {@code pid}. */
  private void reserve(String operation, long pid) {
    Acquisition taken =
        new Claims(f.liveness())
            .acquire(
                f.fleet,
                ClaimRequest.macOnEvery(f.fleet.names(), MAC),
                new ClaimOwner(operation, RecoverFixture.MACHINE, pid, RecoverFixture.T0));
    assertThat(taken).isInstanceOf(Acquisition.Acquired.class);
  }

  private boolean exists(String host, String path) {
    return f.fleet.get(host).host().exists(path);
  }

  private List<StepRecord> steps(OperationRecord op) {
    return f.journal.steps(op.id());
  }

  /** How many steps preparation (or, with no options, teardown) plans on dst now. */
  private int planned(Optional<PrepareOptions> prepare) {
    return prepare
        .map(o -> new Prepare(EventSink.none()).run(f.fleet.get("dst"), o, true).steps().size())
        .orElseGet(
            () ->
                new Teardown(EventSink.none())
                    .run(f.fleet.get("dst"), "br-vf", true)
                    .steps()
                    .size());
  }

  @Test
  void anInterruptedPreparationIsRunAgainWithItsJournaledOptions() {
    int remaining = planned(Optional.of(new PrepareOptions("br-test", OptionalInt.of(2))));
    assertThat(remaining)
        .as("the journaled options make a difference")
        .isNotEqualTo(planned(Optional.of(new PrepareOptions("br-vf", OptionalInt.empty()))));
    String id =
        f.interrupted(
            100,
            OperationKind.PREPARE,
            Optional.empty(),
            List.of("dst"),
            "prepare --host dst --vfs 2 --bridge=br-test");

    RecoverReport r = f.recover(false);

    Recovery only = r.operations().get(0);
    assertThat(r.operations()).hasSize(1);
    assertThat(only.kind()).isEqualTo("prepare");
    assertThat(only.action()).isEqualTo(Action.FINISHED);
    assertThat(List.of(Action.FINISHED, Action.UNDONE, Action.NONE))
        .extracting(Action::label)
        .as("the words recover prints and its JSON's action")
        .containsExactly("finished", "undone", "none");
    assertThat(only.needsAttention()).isFalse();
    assertThat(only.detail())
        .isEqualTo("ran the remaining " + remaining + " preparation step(s) on dst");
    assertThat(vfs("dst")).hasSize(2).allSatisfy(v -> assertThat(v.migratable).isTrue());
    assertThat(f.lab.hostSpec("dst").ovs.bridges).containsKey("br-test");
    assertThat(f.end(id).orElseThrow().outcome()).isEqualTo("applied");
    assertThat(f.end(id).get().detail())
        .startsWith("settled by vfmigrate recover (")
        .endsWith("): ran the remaining " + remaining + " preparation step(s) on dst");
    OperationRecord self = f.recovers().get(0);
    assertThat(f.end(id).get().detail()).contains("(" + self.id() + ")");
    assertThat(self.end().orElseThrow().outcome()).isEqualTo("consistent");
    assertThat(self.end().get().detail()).isEqualTo("1 operation(s) looked at");
    assertThat(self.hosts()).containsExactly("src", "dst");
    assertThat(self.arguments()).isEqualTo("recover");
    assertThat(steps(self)).hasSize(remaining);

    RecoverReport again = f.recover(false);
    assertThat(again.operations()).isEmpty();
    assertThat(again.claimsCleared()).isEmpty();
    assertThat(f.recovers()).hasSize(1);
  }

  @Test
  void aDryRunOfAnInterruptedPreparationSaysHowManyStepsRemainAndChangesNothing() {
    int remaining = planned(Optional.of(new PrepareOptions("br-vf", OptionalInt.empty())));
    String id =
        f.interrupted(100, OperationKind.PREPARE, Optional.empty(), List.of("dst"), "prepare");

    RecoverReport r = f.recover(true);

    assertThat(r.dryRun()).isTrue();
    assertThat(r.operations().get(0).detail())
        .isEqualTo("would run the remaining " + remaining + " preparation step(s) on dst");
    assertThat(vfs("dst")).isEmpty();
    assertThat(f.end(id)).isEmpty();
    assertThat(f.recovers()).isEmpty();
  }

  @Test
  void aPreparationThatWaitsForAFirmwareSettingSaysTheHostNeedsAReboot() {
    RecoverFixture fw =
        new RecoverFixture(TestLab.with(spec -> TestLab.nic(spec, "dst").vfMigrationMode = 0));
    fw.interrupted(100, OperationKind.PREPARE, Optional.empty(), List.of("dst"), "prepare");

    RecoverReport r = fw.recover(false);

    assertThat(r.operations().get(0).detail())
        .isEqualTo("ran the remaining 1 preparation step(s) on dst; the host still needs a reboot");
  }

  @Test
  void anInterruptedTeardownIsRunAgainToItsEnd() {
    f.prepare("dst");
    int remaining = planned(Optional.empty());
    String id =
        f.interrupted(100, OperationKind.TEARDOWN, Optional.empty(), List.of("dst"), "teardown");

    RecoverReport r = f.recover(false);

    assertThat(r.operations().get(0).action()).isEqualTo(Action.FINISHED);
    assertThat(r.operations().get(0).detail())
        .isEqualTo("ran the remaining " + remaining + " teardown step(s) on dst");
    assertThat(vfs("dst")).isEmpty();
    assertThat(f.end(id).orElseThrow().outcome()).isEqualTo("applied");
    assertThat(steps(f.recovers().get(0))).as("journaled as the recover's").hasSize(remaining);

    f.interrupted(101, OperationKind.TEARDOWN, Optional.empty(), List.of("dst"), "teardown");
    assertThat(f.recover(true).operations().get(0).detail())
        .isEqualTo("would run the remaining 0 teardown step(s) on dst");
  }

  @Test
  void anInterruptedAttachLeavesTheVfItGotAndItsReservationsAreRemoved() {
    f.prepare("src");
    String id =
        f.interrupted(
            100, OperationKind.ATTACH, Optional.of("vm1"), List.of("src"), "attach vm1 --host src");
    reserve(id, 100);
    f.journal.claimTaken(id, "src", MAC_CLAIM, RecoverFixture.T0);
    f.journal.claimTaken(id, "dst", MAC_CLAIM, RecoverFixture.T0);
    new Attach(f.fleet, EventSink.none())
        .run("vm1", "src", Optional.empty(), Optional.empty(), false);

    RecoverReport r = f.recover(false);

    Recovery only = r.operations().get(0);
    assertThat(only.action()).isEqualTo(Action.NONE);
    assertThat(only.needsAttention()).isFalse();
    assertThat(only.detail())
        .isEqualTo("libvirt attaches a device whole or not at all; vm1 on src has VF 0000:e1:00.1");
    assertThat(r.claimsCleared()).containsExactly("src:" + MAC_CLAIM, "dst:" + MAC_CLAIM);
    assertThat(exists("src", MAC_CLAIM)).isFalse();
    assertThat(exists("dst", MAC_CLAIM)).isFalse();
    assertThat(f.journal.claims(id)).allSatisfy(c -> assertThat(c.released()).isPresent());
    assertThat(f.end(id).orElseThrow().outcome()).isEqualTo("interrupted");
    assertThat(steps(f.recovers().get(0)))
        .extracting(StepRecord::description, StepRecord::command)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "remove the claim " + MAC_CLAIM + " of " + id, "rm -f " + MAC_CLAIM),
            org.assertj.core.groups.Tuple.tuple(
                "remove the claim " + MAC_CLAIM + " of " + id, "rm -f " + MAC_CLAIM));
  }

  @Test
  void anAttachKilledBeforeTheDeviceWentInLeavesNoVfAndADryRunOnlyListsTheReservations() {
    f.prepare("src");
    String id =
        f.interrupted(100, OperationKind.ATTACH, Optional.of("vm1"), List.of("src"), "attach");
    reserve(id, 100);
    f.journal.claimTaken(id, "src", MAC_CLAIM, RecoverFixture.T0);
    f.journal.claimTaken(id, "dst", MAC_CLAIM, RecoverFixture.T0);

    RecoverReport r = f.recover(true);

    assertThat(r.operations().get(0).detail())
        .isEqualTo("libvirt attaches a device whole or not at all; vm1 on src has no VF");
    assertThat(r.claimsCleared()).containsExactly("src:" + MAC_CLAIM, "dst:" + MAC_CLAIM);
    assertThat(exists("src", MAC_CLAIM)).isTrue();
    assertThat(exists("dst", MAC_CLAIM)).isTrue();
    assertThat(f.journal.claims(id)).allSatisfy(c -> assertThat(c.released()).isEmpty());
    assertThat(f.end(id)).isEmpty();
  }

  @Test
  void anAttachToAVmThatIsNoLongerDefinedSaysItHasNoVf() {
    String id =
        f.interrupted(100, OperationKind.ATTACH, Optional.of("vm5"), List.of("src"), "attach");

    RecoverReport r = f.recover(false);

    assertThat(r.operations().get(0).detail())
        .isEqualTo("libvirt attaches a device whole or not at all; vm5 on src has no VF");
    assertThat(f.end(id).orElseThrow().outcome()).isEqualTo("interrupted");
  }

  @Test
  void aClaimTheJournalSaysWasReleasedOrWhoseFileIsGoneIsNotTouched() {
    f.prepare("src");
    String id =
        f.interrupted(100, OperationKind.ATTACH, Optional.of("vm1"), List.of("src"), "attach");
    f.journal.claimTaken(id, "src", MAC_CLAIM, RecoverFixture.T0);
    f.journal.claimReleased(id, "src", MAC_CLAIM, RecoverFixture.T0);
    f.journal.claimTaken(id, "dst", "/run/vfmigrate/macs/52-54-00-00-00-01", RecoverFixture.T0);
    // A live run holds the MAC now: its file is not the interrupted attach's to remove.
    f.running.put(300L, RecoverFixture.T0.minusSeconds(5));
    reserve("attach-300-0", 300);

    RecoverReport r = f.recover(false);

    assertThat(r.claimsCleared()).isEmpty();
    assertThat(exists("src", MAC_CLAIM)).isTrue();
    assertThat(exists("dst", MAC_CLAIM)).isTrue();
    assertThat(f.journal.claims(id))
        .filteredOn(c -> c.host().equals("dst"))
        .extracting(ClaimRecord::released)
        .containsExactly(Optional.empty());
    assertThat(steps(f.recovers().get(0))).isEmpty();
  }

  @Test
  void staleClaimsOutsideAnyOperationAreRemovedAndTheRecoverIsJournaled() {
    reserve("attach-77-0", 77);

    RecoverReport dry = f.recover(true);
    assertThat(dry.operations()).isEmpty();
    assertThat(dry.claimsCleared()).containsExactly("src:" + MAC_CLAIM, "dst:" + MAC_CLAIM);
    assertThat(exists("src", MAC_CLAIM)).isTrue();
    assertThat(f.recovers()).isEmpty();

    RecoverReport r = f.recover(false);

    assertThat(r.claimsCleared()).containsExactly("src:" + MAC_CLAIM, "dst:" + MAC_CLAIM);
    assertThat(r.consistent()).isTrue();
    assertThat(exists("src", MAC_CLAIM)).isFalse();
    assertThat(exists("dst", MAC_CLAIM)).isFalse();
    OperationRecord self = f.recovers().get(0);
    assertThat(self.end().orElseThrow().outcome()).isEqualTo("consistent");
    assertThat(self.end().get().detail()).isEqualTo("0 operation(s) looked at");
    assertThat(steps(self))
        .extracting(StepRecord::host, StepRecord::description)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "src", "remove the claim " + MAC_CLAIM + " of attach-77-0"),
            org.assertj.core.groups.Tuple.tuple(
                "dst", "remove the claim " + MAC_CLAIM + " of attach-77-0"));
    assertThat(f.recover(false).claimsCleared()).isEmpty();
  }

  @Test
  void aClaimOfALiveProcessIsKeptAndNothingIsJournaled() {
    f.running.put(77L, RecoverFixture.T0.minusSeconds(5));
    reserve("attach-77-0", 77);

    RecoverReport r = f.recover(false);

    assertThat(r.claimsCleared()).isEmpty();
    assertThat(r.operations()).isEmpty();
    assertThat(exists("src", MAC_CLAIM)).isTrue();
    assertThat(f.recovers()).isEmpty();
  }

  @Test
  void anOperationOfAnotherMachineIsLeftAloneAndSaidToBeThere() {
    String id =
        f.journal.begin(
            new OperationStart(
                OperationKind.PREPARE,
                Optional.empty(),
                List.of("dst"),
                RecoverFixture.T0,
                "ctl2",
                100,
                "prepare"));

    RecoverReport r = f.recover(false);

    assertThat(r.operations().get(0).detail())
        .isEqualTo("still running in process 100 on ctl2 (another machine)");
    assertThat(r.operations().get(0).action()).isEqualTo(Action.NONE);
    assertThat(r.consistent()).isTrue();
    assertThat(f.end(id)).isEmpty();
    assertThat(vfs("dst")).isEmpty();
    assertThat(f.recovers()).isEmpty();
  }

  @Test
  void aRecoverThatStillRunsIsNeitherSupersededNorReported() {
    String live = f.as(300).begin(OperationKind.RECOVER, Optional.empty(), List.of(), "recover");

    RecoverReport r = f.recover(false);

    assertThat(r.operations()).isEmpty();
    assertThat(f.end(live)).isEmpty();
  }

  @Test
  void aDeadRecoverIsNotSupersededByADryRun() {
    String dead = f.interrupted(300, OperationKind.RECOVER, Optional.empty(), List.of(), "recover");

    f.recover(true);

    assertThat(f.end(dead)).isEmpty();
  }

  @Test
  void aHostThatCannotBeReadLeavesTheOperationToAPersonWithTheFix() {
    f.prepare("src");
    String id =
        f.interrupted(100, OperationKind.ATTACH, Optional.of("vm1"), List.of("src"), "attach");
    FaultSpec fault = new FaultSpec();
    fault.command = "virsh domstate vm1";
    fault.stderr = "error: failed to connect to the hypervisor\n";
    f.lab.hostSpec("src").faults.add(fault);

    RecoverReport r = f.recover(false);

    Recovery only = r.operations().get(0);
    assertThat(only.needsAttention()).isTrue();
    assertThat(only.action()).isEqualTo(Action.NONE);
    assertThat(only.detail())
        .isEqualTo(
            "could not look at the hosts: 'virsh domstate vm1' failed on src (exit 1): error:"
                + " failed to connect to the hypervisor (start libvirt: systemctl enable --now"
                + " libvirtd (or, with modular daemons, systemctl enable --now virtqemud.socket"
                + " virtqemud-ro.socket virtqemud-admin.socket))");
    assertThat(r.consistent()).isFalse();
    assertThat(f.end(id)).isEmpty();
    assertThat(f.recovers().get(0).end().orElseThrow().outcome()).isEqualTo("needs-attention");
  }

  /** An evacuation of src by process 100 with one migration of vm1 that got as far as virsh. */
  private String[] evacuationWithItsMigration() {
    var ops = f.as(100);
    String parent = ops.begin(OperationKind.EVACUATE, Optional.empty(), List.of("src", "dst"), "");
    String child =
        ops.begin(
            OperationKind.MIGRATE,
            Optional.of("vm1"),
            List.of("src", "dst"),
            "migrate vm1 --from src --to dst",
            Optional.of(parent));
    f.journal.stepStarted(
        child, "src", "migrate vm1 to dst", "virsh migrate --live vm1", RecoverFixture.T0);
    f.running.remove(100L);
    return new String[] {parent, child};
  }

  @Test
  void anEvacuationWhoseMigrationFinishedEndsEvacuatedAfterIt() {
    String[] ids = evacuationWithItsMigration();
    io.vfmigrate.lab.state.VmSpec moved = f.vm("src", "vm1");
    f.lab.hostSpec("src").vms.remove(moved);
    f.lab.hostSpec("dst").vms.add(moved);

    RecoverReport r = f.recover(false);

    assertThat(r.operations()).extracting(Recovery::id).containsExactly(ids[1], ids[0]);
    Recovery evacuation = r.operations().get(1);
    assertThat(evacuation.kind()).isEqualTo("evacuate");
    assertThat(evacuation.action()).isEqualTo(Action.FINISHED);
    assertThat(evacuation.needsAttention()).isFalse();
    assertThat(evacuation.detail())
        .isEqualTo("interrupted evacuation of src: vm1 migrated (" + ids[1] + ")");
    assertThat(r.operations().get(0).detail())
        .isEqualTo("vm1 is not defined on src and running on dst; finished: vm1 runs on dst");
    assertThat(f.end(ids[1]).orElseThrow().outcome()).isEqualTo("migrated");
    assertThat(f.end(ids[0]).orElseThrow().outcome()).isEqualTo("evacuated");
  }

  @Test
  void aDryRunSaysTheEvacuationsMigrationIsStillToBeSettled() {
    String[] ids = evacuationWithItsMigration();

    RecoverReport r = f.recover(true);

    assertThat(r.operations().get(1).detail())
        .isEqualTo(
            "interrupted evacuation of src: vm1 to be settled ("
                + ids[1]
                + "); still running on src: vm1");
    assertThat(r.operations().get(1).action()).isEqualTo(Action.NONE);
    assertThat(f.end(ids[0])).isEmpty();
  }

  @Test
  void anEvacuationKilledBeforeItsFirstMigrationEndsPartialWithWhatStillRuns() {
    String id =
        f.interrupted(
            100, OperationKind.EVACUATE, Optional.empty(), List.of("src", "dst"), "evacuate");
    f.vm("src", "vm1").state = "shut off";
    io.vfmigrate.lab.state.VmSpec other = new io.vfmigrate.lab.state.VmSpec();
    other.name = "vm2";
    f.lab.hostSpec("src").vms.add(other);

    RecoverReport r = f.recover(false);

    assertThat(r.operations().get(0).detail())
        .isEqualTo(
            "interrupted evacuation of src: no migration had begun; still running on src: vm2");
    assertThat(r.operations().get(0).action()).isEqualTo(Action.NONE);
    assertThat(f.end(id).orElseThrow().outcome()).isEqualTo("partial");
  }

  @Test
  void anEmptySourceWithNoMigrationIsEvacuated() {
    String id =
        f.interrupted(
            100, OperationKind.EVACUATE, Optional.empty(), List.of("src", "dst"), "evacuate");
    f.vm("src", "vm1").state = "shut off";

    RecoverReport r = f.recover(false);

    assertThat(r.operations().get(0).detail())
        .isEqualTo("interrupted evacuation of src: no migration had begun");
    assertThat(r.operations().get(0).action()).isEqualTo(Action.FINISHED);
    assertThat(f.end(id).orElseThrow().outcome()).isEqualTo("evacuated");
  }

  @Test
  void anEvacuationWhoseMigrationWasRolledBackIsPartialEvenWithNothingLeftRunning() {
    var ops = f.as(100);
    String parent = ops.begin(OperationKind.EVACUATE, Optional.empty(), List.of("src", "dst"), "");
    String child =
        ops.begin(
            OperationKind.MIGRATE,
            Optional.of("vm1"),
            List.of("src", "dst"),
            "migrate vm1 --from src --to dst",
            Optional.of(parent));
    f.running.remove(100L);
    f.vm("src", "vm1").state = "shut off";

    RecoverReport r = f.recover(false);

    assertThat(r.operations().get(1).detail())
        .isEqualTo("interrupted evacuation of src: vm1 rolled-back (" + child + ")");
    assertThat(r.operations().get(1).action()).isEqualTo(Action.NONE);
    assertThat(f.end(parent).orElseThrow().outcome()).isEqualTo("partial");
  }

  /** Each kind of operation gives back the claims the journal says it took. */
  private void claimsAreReleasedInTheJournal(
      OperationKind kind, List<String> hosts, String... steps) {
    String id =
        f.interrupted(
            100,
            kind,
            kind == OperationKind.MIGRATE ? Optional.of("vm1") : Optional.empty(),
            hosts,
            kind.label());
    for (String command : steps) {
      f.journal.stepStarted(id, "src", "a step", command, RecoverFixture.T0);
    }
    reserve(id, 100);
    f.journal.claimTaken(id, "src", MAC_CLAIM, RecoverFixture.T0);
    f.journal.claimTaken(id, "dst", MAC_CLAIM, RecoverFixture.T0);

    RecoverReport r = f.recover(false);

    assertThat(r.claimsCleared()).containsExactly("src:" + MAC_CLAIM, "dst:" + MAC_CLAIM);
    assertThat(f.journal.claims(id))
        .as(kind.label())
        .allSatisfy(c -> assertThat(c.released()).isPresent());
    assertThat(exists("src", MAC_CLAIM)).isFalse();
    assertThat(exists("dst", MAC_CLAIM)).isFalse();
  }

  @Test
  void anInterruptedPreparationGivesBackItsClaims() {
    claimsAreReleasedInTheJournal(OperationKind.PREPARE, List.of("dst"));
  }

  @Test
  void aMigrationKilledBeforeItsTransferGivesBackItsClaims() {
    claimsAreReleasedInTheJournal(OperationKind.MIGRATE, List.of("src", "dst"));
  }

  @Test
  void aMigrationKilledInItsTransferGivesBackItsClaims() {
    claimsAreReleasedInTheJournal(
        OperationKind.MIGRATE, List.of("src", "dst"), "virsh migrate --live vm1");
  }
}

package io.vfmigrate.workflow.recover;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.state.VmSpec;
import io.vfmigrate.testing.TestLab;
import io.vfmigrate.workflow.attach.Attach;
import io.vfmigrate.workflow.claims.ClaimLiveness;
import io.vfmigrate.workflow.claims.ProcessTable;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.journal.InMemoryJournal;
import io.vfmigrate.workflow.journal.OperationEnd;
import io.vfmigrate.workflow.journal.OperationKind;
import io.vfmigrate.workflow.journal.OperationRecord;
import io.vfmigrate.workflow.journal.Operations;
import io.vfmigrate.workflow.prepare.Prepare;
import io.vfmigrate.workflow.prepare.PrepareOptions;
import io.vfmigrate.workflow.recover.Recovery.Action;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * {@code recover} of a migration whose process died: it looks at both hosts and keeps the one
 * running copy, resumes the only paused one, and leaves two running copies (or none) to a person.
 */
class RecoverMigrationTest {
  private static final Instant T0 = Instant.parse("2026-12-03T08:00:00Z");
  private final InMemoryJournal journal = new InMemoryJournal();
  private final Map<Long, Instant> running = new HashMap<>();
  private final ProcessTable table =
      pid ->
          Optional.ofNullable(running.get(pid))
              .map(start -> new ProcessTable.RunningProcess(pid, Optional.of(start)));
  private final Lab lab = TestLab.defaultLab();
  private final Fleet fleet = TestLab.fleet(lab, EventSink.none());

  RecoverMigrationTest() {
    PrepareOptions options = new PrepareOptions("br-vf", OptionalInt.empty());
    new Prepare(EventSink.none()).run(fleet.get("src"), options, false);
    new Prepare(EventSink.none()).run(fleet.get("dst"), options, false);
    new Attach(fleet, EventSink.none())
        .run("vm1", "src", Optional.empty(), Optional.empty(), false);
  }

  private Operations as(long pid) {
    running.putIfAbsent(pid, T0.minusSeconds(5));
    return new Operations(
        journal,
        Clock.fixed(T0, ZoneOffset.UTC),
        pid,
        new ClaimLiveness("ctl1", table, op -> false));
  }

  /** A migration of vm1 by process 100, which died; {@code transferred}: it ran virsh migrate. */
  private String interrupted(boolean transferred) {
    String id =
        as(100)
            .begin(
                OperationKind.MIGRATE,
                Optional.of("vm1"),
                List.of("src", "dst"),
                "migrate vm1 --from src --to dst");
    journal.stepStarted(id, "src", "check the guards", "virsh domjobinfo vm1", T0);
    if (transferred) {
      journal.stepStarted(
          id,
          "src",
          "migrate vm1 to dst",
          "virsh migrate --live --p2p vm1 qemu+ssh://dst/system",
          T0);
    }
    running.remove(100L);
    return id;
  }

  private RecoverReport recover(boolean dryRun) {
    return new Recover(fleet, as(200), EventSink.none()).run(dryRun);
  }

  private VmSpec vm(String host) {
    return lab.hostSpec(host).vms.stream()
        .filter(v -> v.name.equals("vm1"))
        .findFirst()
        .orElse(null);
  }

  /** A copy of vm1 on {@code host} in {@code state}, without devices. */
  private void copyOn(String host, String state) {
    VmSpec copy = new VmSpec();
    copy.name = "vm1";
    copy.state = state;
    lab.hostSpec(host).vms.add(copy);
  }

  private Optional<OperationEnd> end(String id) {
    return journal.operation(id).flatMap(OperationRecord::end);
  }

  @Test
  void killedBeforeTheTransferNothingIsUndoneAndTheOperationIsSettled() {
    String id = interrupted(false);

    RecoverReport r = recover(false);

    Recovery only = r.operations().get(0);
    assertThat(r.operations()).hasSize(1);
    assertThat(only.id()).isEqualTo(id);
    assertThat(only.kind()).isEqualTo("migrate");
    assertThat(only.action()).isEqualTo(Action.NONE);
    assertThat(only.detail())
        .isEqualTo(
            "interrupted before virsh migrate started; vm1 is running on src and not defined on"
                + " dst");
    assertThat(r.consistent()).isTrue();
    assertThat(vm("src").state).isEqualTo("running");
    assertThat(end(id).orElseThrow().outcome()).isEqualTo("rolled-back");
    assertThat(end(id).get().detail()).startsWith("settled by vfmigrate recover (");
  }

  @Test
  void aTransferThatLeftTheSourceRunningIsUndoneAndTheIncomingCopyDestroyed() {
    String id = interrupted(true);
    copyOn("dst", "paused");

    RecoverReport r = recover(false);

    Recovery only = r.operations().get(0);
    assertThat(only.action()).isEqualTo(Action.UNDONE);
    assertThat(only.needsAttention()).isFalse();
    assertThat(only.detail())
        .startsWith("vm1 is running on src and paused on dst; undone: vm1 runs on src; ")
        .contains("destroy the incoming copy vm1 (paused; the source runs)");
    assertThat(vm("dst")).isNull();
    assertThat(vm("src").state).isEqualTo("running");
    assertThat(end(id).orElseThrow().outcome()).isEqualTo("rolled-back");
  }

  @Test
  void aTransferThatFinishedKeepsTheDestinationAndDestroysTheLeftOverSource() {
    String id = interrupted(true);
    vm("src").state = "paused";
    copyOn("dst", "running");

    RecoverReport r = recover(false);

    Recovery only = r.operations().get(0);
    assertThat(only.action()).isEqualTo(Action.FINISHED);
    assertThat(only.detail())
        .startsWith("vm1 is paused on src and running on dst; finished: vm1 runs on dst; ")
        .contains("destroy the left-over source copy of vm1 (paused; the destination runs)");
    assertThat(vm("src")).isNull();
    assertThat(vm("dst").state).isEqualTo("running");
    assertThat(end(id).orElseThrow().outcome()).isEqualTo("migrated");
  }

  @Test
  void theOnlyCopyLeftPausedIsResumedWhereItIs() {
    String id = interrupted(true);
    vm("src").state = "paused";

    RecoverReport r = recover(false);

    assertThat(r.operations().get(0).action()).isEqualTo(Action.UNDONE);
    assertThat(r.operations().get(0).detail())
        .startsWith("vm1 is paused on src and not defined on dst; undone: vm1 runs on src; ")
        .contains("resume vm1 (libvirt left it paused after the Perform phase)");
    assertThat(vm("src").state).isEqualTo("running");
    assertThat(end(id).orElseThrow().outcome()).isEqualTo("rolled-back");
  }

  @Test
  void aPausedCopyOnTheDestinationAloneIsResumedThereAndTheMigrationFinished() {
    String id = interrupted(true);
    VmSpec moved = vm("src");
    lab.hostSpec("src").vms.remove(moved);
    copyOn("dst", "paused");

    RecoverReport r = recover(false);

    assertThat(r.operations().get(0).action()).isEqualTo(Action.FINISHED);
    assertThat(r.operations().get(0).detail())
        .startsWith("vm1 is not defined on src and paused on dst; finished: vm1 runs on dst; ")
        .contains("resume vm1 (the source copy is gone)");
    assertThat(vm("dst").state).isEqualTo("running");
    assertThat(end(id).orElseThrow().outcome()).isEqualTo("migrated");
  }

  @Test
  void twoRunningCopiesAreLeftToAPersonAndTheOperationStaysOpen() {
    String id = interrupted(true);
    copyOn("dst", "running");

    RecoverReport r = recover(false);

    Recovery only = r.operations().get(0);
    assertThat(only.needsAttention()).isTrue();
    assertThat(r.consistent()).isFalse();
    assertThat(only.action()).isEqualTo(Action.NONE);
    assertThat(only.detail())
        .isEqualTo(
            "vm1 is running on src and running on dst: two copies run; vfmigrate destroys"
                + " neither (decide which to keep, then virsh destroy the other)");
    assertThat(vm("src").state).isEqualTo("running");
    assertThat(vm("dst").state).isEqualTo("running");
    assertThat(end(id)).isEmpty();
    // The recover itself is journaled as needing attention.
    OperationRecord self =
        journal.operations(Optional.empty(), Optional.empty(), 10).stream()
            .filter(o -> o.kind() == OperationKind.RECOVER)
            .findFirst()
            .orElseThrow();
    assertThat(self.end().orElseThrow().outcome()).isEqualTo("needs-attention");
  }

  @Test
  void noRunningCopyIsLeftToAPersonToo() {
    interrupted(true);
    vm("src").state = "paused";
    copyOn("dst", "paused");

    RecoverReport r = recover(false);

    assertThat(r.operations().get(0).needsAttention()).isTrue();
    assertThat(r.operations().get(0).detail())
        .isEqualTo(
            "vm1 is paused on src and paused on dst; no running copy to keep, decide which copy"
                + " to resume");
    assertThat(vm("src").state).isEqualTo("paused");
    assertThat(vm("dst").state).isEqualTo("paused");
  }

  @Test
  void aDryRunSaysWhatItWouldDoAndChangesNothing() {
    String id = interrupted(true);
    vm("src").state = "paused";

    RecoverReport r = recover(true);

    assertThat(r.dryRun()).isTrue();
    assertThat(r.operations().get(0).detail())
        .endsWith("; would: resume vm1 (libvirt left it paused after the Perform phase)");
    assertThat(vm("src").state).isEqualTo("paused");
    assertThat(end(id)).isEmpty();
    assertThat(journal.unfinished()).extracting(OperationRecord::id).containsExactly(id);
  }

  @Test
  void anOperationWhoseProcessLivesIsLeftAlone() {
    String id =
        as(100).begin(OperationKind.MIGRATE, Optional.of("vm1"), List.of("src", "dst"), "migrate");

    RecoverReport r = recover(false);

    assertThat(r.operations()).hasSize(1);
    assertThat(r.operations().get(0).detail()).isEqualTo("still running in process 100 on ctl1");
    assertThat(r.operations().get(0).needsAttention()).isFalse();
    assertThat(end(id)).isEmpty();
    assertThat(journal.operations(Optional.empty(), Optional.empty(), 10)).hasSize(1);
  }

  @Test
  void aRecoverThatDiedIsSupersededAndNothingElseIsDone() {
    String dead = as(300).begin(OperationKind.RECOVER, Optional.empty(), List.of("src"), "recover");
    running.remove(300L);

    RecoverReport r = recover(false);

    assertThat(r.operations()).isEmpty();
    assertThat(end(dead).orElseThrow().outcome()).isEqualTo("interrupted");
    assertThat(end(dead).get().detail()).isEqualTo("superseded by a later recover");
    assertThat(journal.operations(Optional.empty(), Optional.empty(), 10)).hasSize(1);
  }
}

package io.vfmigrate.workflow.migrate;

import static io.vfmigrate.testing.MigrationFixture.asking;
import static io.vfmigrate.testing.MigrationFixture.hostdev;
import static io.vfmigrate.testing.MigrationFixture.ready;
import static io.vfmigrate.testing.MigrationFixture.request;
import static io.vfmigrate.testing.MigrationFixture.vf;
import static io.vfmigrate.testing.MigrationFixture.vm;
import static io.vfmigrate.workflow.migrate.JournaledMigration.migrationFault;
import static io.vfmigrate.workflow.migrate.JournaledMigration.stepStarted;
import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.state.FaultSpec;
import io.vfmigrate.testing.MigrationFixture;
import io.vfmigrate.workflow.event.Event;
import io.vfmigrate.workflow.journal.ClaimRecord;
import io.vfmigrate.workflow.journal.StepRecord;
import io.vfmigrate.workflow.journal.StepState;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * A migration that fails before the switchover: what is undone and in which order, what the journal
 * records for each step and its undo, what the result says (outcome, error, statistics seen so far,
 * nothing unknown reported as 0), and what is left on the hosts: the VM running on the source with
 * its VF, the claims and the temporary XML gone.
 */
class MigrateFailurePathsTest {
  private static final String SRC_VF = "0000:e1:00.1";
  private static final String DST_VF = "0000:e1:00.1";
  private static final String CLAIM =
      "claim VF " + DST_VF + " on dst for vm1 and a migration slot of each PF";
  private static final String REWRITE = "rewrite the domain XML for the destination VFs";
  private static final String TRANSFER = "migrate vm1 to dst";

  /** The journal's steps of a transfer that failed and was undone in reverse. */
  private static final List<String> ROLLED_BACK =
      List.of(
          "dst undone: " + CLAIM,
          "src undone: " + REWRITE,
          "src undone: " + TRANSFER,
          "src done: undo: " + TRANSFER,
          "src done: undo: " + REWRITE,
          "dst done: undo: " + CLAIM);

  /** The VM runs on the source with its VF, nothing is on dst, no claim or XML file is left. */
  private static void assertLeftAsBefore(JournaledMigration m, String vf) {
    assertThat(vm(m.lab, "src").state).isEqualTo("running");
    assertThat(hostdev(vm(m.lab, "src")).pci).isEqualTo(vf);
    assertThat(vf(m.lab, "src", vf).driver).isEqualTo("mlx5_vfio_pci");
    assertThat(vm(m.lab, "dst")).isNull();
    assertThat(m.claimFiles("src")).as("claims on src").isEmpty();
    assertThat(m.claimFiles("dst")).as("claims on dst").isEmpty();
    assertThat(m.lab.hostSpec("src").files.keySet())
        .as("the rewritten XML is removed")
        .noneMatch(f -> f.startsWith("/tmp/vfmigrate-migrate-"));
    assertThat(m.claims())
        .as("every claim taken is journaled released")
        .isNotEmpty()
        .allSatisfy(c -> assertThat(c.released()).as(c.path()).isPresent());
  }

  /** Refused for one tool that failed, in the tool's words ({@code said}); returns the refusal. */
  private static Refusal assertRefusedForTool(MigrationResult r, String said) {
    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.REFUSED);
    assertThat(r.refusals()).hasSize(1);
    Refusal f = r.refusals().get(0);
    assertThat(f.guard()).isEqualTo("tool-failed");
    assertThat(f.reason()).contains(said);
    return f;
  }

  @Test
  void aTransferThatFailsIsUndoneInReverseAndTheJournalRecordsEachStepAndItsUndo() {
    Lab lab = ready();
    migrationFault(lab, "destination_qemu_dies");
    JournaledMigration m = new JournaledMigration(lab);

    MigrationResult r = m.run(request());

    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.ROLLED_BACK);
    assertThat(r.error().orElseThrow())
        .startsWith("error: operation failed: job 'migration out' failed")
        .endsWith("; vm1 runs on src with its VF");
    assertThat(m.steps()).containsExactlyElementsOf(ROLLED_BACK);
    StepRecord transfer = m.step(TRANSFER);
    assertThat(transfer.command())
        .startsWith("virsh migrate --live --persistent --undefinesource --verbose --xml /tmp/")
        .contains("--persistent-xml /tmp/vfmigrate-migrate-")
        .endsWith(" vm1 qemu+ssh://192.0.2.12/system");
    assertThat(r.commands()).containsExactly(transfer.command());
    assertThat(m.step(CLAIM).command())
        .contains("create dst:/run/vfmigrate/claims/" + DST_VF)
        .contains("create src:/run/vfmigrate/", "create dst:/run/vfmigrate/");
    assertThat(m.step(REWRITE).command())
        .isEqualTo("virsh dumpxml --migratable vm1 (hostdev sources rewritten)");
    assertThat(m.claims())
        .extracting(ClaimRecord::host)
        .containsExactlyInAnyOrder("dst", "src", "dst");
    assertLeftAsBefore(m, SRC_VF);

    assertThat(r.totalTimeMs()).as("the transfer ran").isPositive();
    assertThat(r.downtimeMs()).as("no switchover, no downtime").isEmpty();
    assertThat(r.verified()).isEmpty();
    assertThat(r.vfMapping()).hasSize(1);
    assertThat(r.rewrittenXml()).contains("hostdev");
  }

  @Test
  void aVirshMigrateThatFailsWithoutAWordIsNamedWithItsExitCodeAndRolledBack() {
    Lab lab = ready();
    JournaledMigration m = new JournaledMigration(lab);
    m.fault("src", "virsh migrate --live", "");

    MigrationResult r = m.run(request());

    assertThat(lab.hostSpec("src").faults).as("the fault struck").isEmpty();
    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.ROLLED_BACK);
    assertThat(r.error())
        .contains(
            "virsh migrate failed with exit code 1 and printed no error; vm1 runs on src with its"
                + " VF");
    assertThat(m.step(TRANSFER).detail())
        .isEqualTo("virsh migrate failed with exit code 1 and printed no error");
    assertThat(m.steps()).containsExactlyElementsOf(ROLLED_BACK);
    assertThat(m.warnings()).isEmpty();
    assertThat(r.totalTimeMs()).as("virsh failed at once").isZero();
    assertThat(r.unknownWhy()).as("no transfer ran to know figures of").isEmpty();
    assertLeftAsBefore(m, SRC_VF);
  }

  @Test
  void aTooLateAbortCheckThatCannotReadTheDestinationSaysSoAndTheSourceIsStillConfirmed() {
    Lab lab = ready();
    migrationFault(lab, "destination_qemu_dies");
    JournaledMigration m = new JournaledMigration(lab);
    m.when(stepStarted(TRANSFER), () -> m.fault("dst", "virsh domstate vm1", LIBVIRT_DOWN));

    MigrationResult r = m.run(request());

    String unknown =
        "cannot tell whether libvirt completed the migration after all: cannot read vm1 on dst:"
            + " 'virsh domstate vm1' failed on dst (exit 1): error: failed to connect to the"
            + " hypervisor\nerror: Failed to connect socket to"
            + " '/var/run/libvirt/virtqemud-sock': No such file or directory";
    String why =
        "error: operation failed: job 'migration out' failed: Unable to write to socket:"
            + " Connection reset by peer; "
            + unknown;
    assertThat(lab.hostSpec("dst").faults).as("the fault struck").isEmpty();
    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.ROLLED_BACK);
    assertThat(r.error()).contains(why + "; vm1 runs on src with its VF");
    assertThat(m.warnings()).containsExactly("dst: " + unknown);
    assertThat(m.step(TRANSFER).detail()).isEqualTo(why);
    assertThat(m.step(TRANSFER).state()).isEqualTo(StepState.UNDONE);
    assertLeftAsBefore(m, SRC_VF);
  }

  @Test
  void aRollbackThatFindsTheVmShutOffOnTheSourceFailsAndTheJournalSaysWhichUndoFailed() {
    Lab lab = ready();
    migrationFault(lab, "destination_qemu_dies");
    JournaledMigration m =
        new JournaledMigration(lab)
            .when(stepStarted("undo: " + TRANSFER), () -> vm(lab, "src").state = "shut off");

    MigrationResult r = m.run(request());

    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.FAILED);
    assertThat(r.error().orElseThrow())
        .startsWith("error: operation failed: job 'migration out' failed")
        .endsWith("; " + m.step(TRANSFER).command() + ": vm1 is shut off on src")
        .doesNotContain("runs on src");
    assertThat(m.steps())
        .containsExactly(
            "dst undone: " + CLAIM,
            "src undone: " + REWRITE,
            "src undo-failed: " + TRANSFER,
            "src failed: undo: " + TRANSFER,
            "src done: undo: " + REWRITE,
            "dst done: undo: " + CLAIM);
    assertThat(m.step("undo: " + TRANSFER).detail()).isEqualTo("vm1 is shut off on src");
    assertThat(m.step(TRANSFER).detail())
        .isEqualTo(
            "error: operation failed: job 'migration out' failed: Unable to write to socket:"
                + " Connection reset by peer; its undo: vm1 is shut off on src");
    assertThat(m.claimFiles("dst")).as("the claims go all the same").isEmpty();
  }

  @Test
  void aRollbackThatFindsNoVmOnTheSourceSaysItIsNotDefined() {
    Lab lab = ready();
    migrationFault(lab, "destination_qemu_dies");
    JournaledMigration m =
        new JournaledMigration(lab)
            .when(
                stepStarted("undo: " + TRANSFER),
                () -> lab.hostSpec("src").vms.removeIf(v -> v.name.equals("vm1")));

    MigrationResult r = m.run(request());

    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.FAILED);
    assertThat(r.error().orElseThrow()).endsWith(": vm1 is not defined on src");
  }

  @Test
  void aRollbackThatCannotReadTheSourceFailsInTheToolsWords() {
    Lab lab = ready();
    migrationFault(lab, "destination_qemu_dies");
    JournaledMigration m = new JournaledMigration(lab);
    m.when(
        stepStarted("undo: " + TRANSFER),
        () ->
            m.fault(
                "src",
                "virsh domstate vm1",
                "error: failed to connect to the hypervisor\n"
                    + "error: Failed to connect socket to '/var/run/libvirt/virtqemud-sock':"
                    + " No such file or directory\n"));

    MigrationResult r = m.run(request());

    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.FAILED);
    assertThat(r.error().orElseThrow())
        .contains(": cannot read vm1 on src: ")
        .contains("failed to connect to the hypervisor");
    assertThat(m.step("undo: " + TRANSFER).state()).isEqualTo(StepState.FAILED);
  }

  @Test
  void aVmWithoutAVfRollsBackWithoutClaimsOrAnXmlFile() {
    Lab lab = MigrationFixture.prepared(s -> {}, OptionalInt.empty(), true);
    migrationFault(lab, "destination_qemu_dies");
    JournaledMigration m = new JournaledMigration(lab);

    MigrationResult r = m.run(request());

    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.ROLLED_BACK);
    assertThat(r.error().orElseThrow()).endsWith("; vm1 runs on src");
    assertThat(m.steps())
        .containsExactly(
            "src undone: " + REWRITE,
            "src undone: " + TRANSFER,
            "src done: undo: " + TRANSFER,
            "src done: undo: " + REWRITE);
    assertThat(m.step(TRANSFER).command())
        .doesNotContain("--xml")
        .endsWith(" vm1 qemu+ssh://192.0.2.12/system");
    assertThat(m.claims()).isEmpty();
    assertThat(r.vfMapping()).isEmpty();
    assertThat(r.deviceStateBytes()).isEmpty();
    assertThat(vm(lab, "src").state).isEqualTo("running");
    assertThat(vm(lab, "dst")).isNull();
  }

  @Test
  void aMigrationThatDoesNotFinishInTimeIsRolledBackAndSaysAfterHowLong() {
    Lab lab = ready(spec -> spec.hosts.get("src").vms.get(0).dirtyRate = "20GiB/s");
    JournaledMigration m = new JournaledMigration(lab);

    MigrationResult r = m.run(asking().timeout(Duration.ofSeconds(60)).build());

    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.ROLLED_BACK);
    assertThat(r.error())
        .contains("the migration did not finish within 60 s; vm1 runs on src with its VF");
    assertThat(m.events.eventsOf(Event.StepStarted.class))
        .extracting(Event.StepStarted::description)
        .contains("abort the migration job (virsh domjobabort vm1)");
    assertThat(r.totalTimeMs()).isGreaterThanOrEqualTo(60_000);
    // What the transfer had moved when it was aborted is reported.
    assertThat(r.ramBytes().orElseThrow()).isPositive();
    assertThat(r.deviceStateBytes()).as("the VF's pre-copy state was sent").isPresent();
    assertLeftAsBefore(m, SRC_VF);
  }

  @Test
  void aMigrationThatStallsIsAbortedAfterTheStallTimeoutAndRolledBack() {
    Lab lab = ready();
    migrationFault(lab, "link_cut");
    JournaledMigration m = new JournaledMigration(lab);

    MigrationResult r = m.run(asking().stallTimeout(Duration.ofSeconds(12)).build());

    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.ROLLED_BACK);
    assertThat(r.error())
        .contains("the migration made no progress for 12 s; vm1 runs on src with its VF");
    assertLeftAsBefore(m, SRC_VF);
  }

  @Test
  void anAbortThatFailsIsWarnedAboutAndTheStalledJobIsStoppedAllTheSame() {
    Lab lab = ready();
    migrationFault(lab, "link_cut");
    migrationFault(lab, "abort_fails");
    JournaledMigration m = new JournaledMigration(lab);

    MigrationResult r = m.run(request());

    assertThat(m.warnings())
        .singleElement()
        .asString()
        .startsWith("src: domjobabort failed: 'virsh domjobabort vm1' failed on src (exit 1): ")
        .contains("cannot acquire state change lock");
    assertThat(m.events.eventsOf(Event.StepStarted.class))
        .extracting(Event.StepStarted::description)
        .as(
            "after 60 s virsh is killed; libvirt keeps the job while the link is cut, so it is"
                + " aborted once more")
        .filteredOn(d -> d.startsWith("abort the migration job"))
        .containsExactly(
            "abort the migration job (virsh domjobabort vm1)",
            "abort the migration job libvirt kept after virsh was killed (virsh domjobabort"
                + " vm1)");
    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.ROLLED_BACK);
    assertThat(r.error())
        .contains("the migration made no progress for 30 s; vm1 runs on src with its VF");
    assertThat(vm(lab, "src").state).isEqualTo("running");
    assertThat(vm(lab, "src").lastJob.type).isEqualTo("Cancelled");
    assertThat(lab.spec().migrations).isEmpty();
    assertThat(m.claimFiles("dst")).isEmpty();
  }

  @Test
  void aJobThatOutlivesTheKilledVirshAndEveryAbortNeedsAttention() {
    Lab lab = ready();
    migrationFault(lab, "link_cut");
    migrationFault(lab, "abort_fails");
    lab.hostSpec("src").faults.get(1).times = 2;
    JournaledMigration m = new JournaledMigration(lab);

    MigrationResult r = m.run(request());

    assertThat(m.warnings()).hasSize(2);
    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.FAILED);
    assertThat(r.error().orElseThrow())
        .endsWith(
            ": the migration job of vm1 still runs on src (libvirt keeps it after virsh is gone"
                + " until QEMU's stream fails; 'virsh domjobabort vm1' on src stops it)");
    assertThat(lab.spec().migrations)
        .singleElement()
        .satisfies(
            job -> {
              assertThat(job.owner).as("nobody reads virsh's result").isNull();
              assertThat(job.incomingGone).isTrue();
              assertThat(job.result).isNull();
            });
    assertThat(vm(lab, "src").state).isEqualTo("running");
  }

  @Test
  void aClaimThatCannotBeWrittenRollsBackAndLeavesNoClaim() {
    Lab lab = ready();
    JournaledMigration m =
        new JournaledMigration(lab)
            .hosts(
                JournaledMigration.failing(
                    "dst", "createExclusive", "/run/vfmigrate/", "Read-only file system"));

    MigrationResult r = m.run(request());

    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.ROLLED_BACK);
    assertThat(r.error().orElseThrow())
        .startsWith("dst: /run/vfmigrate/")
        .endsWith(": Read-only file system; vm1 runs on src with its VF");
    assertThat(m.steps()).containsExactly("dst failed: " + CLAIM);
    assertThat(m.step(CLAIM).detail()).endsWith("Read-only file system");
    assertThat(r.commands()).singleElement().asString().startsWith("virsh migrate ");
    assertThat(m.claimFiles("src")).isEmpty();
    assertThat(m.claimFiles("dst")).isEmpty();
    assertThat(vm(lab, "src").state).isEqualTo("running");
  }

  @Test
  void aToolThatFailsWithoutAFixWhileTheClaimLooksAgainIsARefusalWithTheGeneralFix() {
    Lab lab = ready();
    JournaledMigration m = new JournaledMigration(lab);
    m.when(
        stepStarted("claim VF"),
        () ->
            m.fault(
                "dst",
                "virsh list --all --name",
                "error: internal error: client socket is closed\n"));

    MigrationResult r = m.run(request());

    assertThat(assertRefusedForTool(r, "client socket is closed").fix())
        .isEqualTo("fix the cause above, then run the migration again");
    assertThat(m.steps()).containsExactly("dst failed: " + CLAIM);
    assertThat(m.claims()).hasSize(3).allSatisfy(c -> assertThat(c.released()).isPresent());
    assertThat(m.claimFiles("dst")).isEmpty();
    assertThat(m.claimFiles("src")).isEmpty();
  }

  @Test
  void aVfAnotherRunClaimedAMomentAgoIsChosenAgainAndTheMigrationGoesOn() {
    Lab lab = MigrationFixture.prepared(s -> {}, OptionalInt.of(3), true);
    MigrationFixture.attach(lab, "vm1", 1);
    JournaledMigration m = new JournaledMigration(lab);
    m.when(
        stepStarted("claim VF"),
        () ->
            m.claimByAnotherRun(
                io.vfmigrate.workflow.claims.ClaimRequest.vf(
                    "dst", io.vfmigrate.model.PciAddress.parse("0000:e1:00.1"))));

    MigrationResult r = m.run(asking().verify(false).build());

    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.MIGRATED);
    assertThat(r.vfMapping().values()).extracting(Object::toString).containsExactly("0000:e1:00.2");
    assertThat(m.infos())
        .filteredOn(i -> i.endsWith("; choosing again"))
        .singleElement()
        .asString()
        .startsWith(
            "dst: VF 0000:e1:00.1 on dst is claimed: /run/vfmigrate/claims/0000:e1:00.1 on dst:"
                + " held by migrate-7-1 on ctl-test, pid 7, since ")
        .endsWith(" (live); choosing again");
    assertThat(m.steps())
        .startsWith(
            "dst failed: claim VF 0000:e1:00.1 on dst for vm1 and a migration slot of each PF",
            "dst done: claim VF 0000:e1:00.2 on dst for vm1 and a migration slot of each PF");
    assertThat(m.claimFiles("dst"))
        .as("only the other run's claim is left")
        .containsExactly("/run/vfmigrate/claims/0000:e1:00.1");
  }

  /** Each claim step finds its VF taken a moment before by {@code operation} of {@code pid}. */
  private static MigrationResult losingEveryRace(JournaledMigration m, String operation, long pid) {
    m.when(
        stepStarted("claim VF"),
        Migrate.CLAIM_ATTEMPTS,
        () ->
            m.claimBy(
                io.vfmigrate.workflow.claims.ClaimRequest.vf("dst", StepStartedVf.last(m).vf),
                operation,
                pid));
    return m.run(request());
  }

  @Test
  void aClaimLeftByARunThatDiedAMomentAgoNamesRecoverAsTheFix() {
    Lab lab = MigrationFixture.prepared(s -> {}, OptionalInt.of(7), true);
    MigrationFixture.attach(lab, "vm1", 1);
    JournaledMigration m = new JournaledMigration(lab);

    MigrationResult r = losingEveryRace(m, "migrate-99-1", 99);

    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.REFUSED);
    assertThat(r.refusals())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.guard()).isEqualTo("destination-vf");
              assertThat(f.reason()).endsWith(" (stale)");
              assertThat(f.fix()).startsWith("vfmigrate recover");
            });
  }

  @Test
  void aConnectionThatDropsWhileTheTransferIsWatchedAbortsTheJobAndRollsBack() {
    Lab lab = ready();
    JournaledMigration m =
        new JournaledMigration(lab).hosts(JournaledMigration.connectionDropsWhileWaiting("src", 3));

    MigrationResult r = m.run(request());

    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.ROLLED_BACK);
    assertThat(r.error())
        .contains("src: the connection was lost (Broken pipe); vm1 runs on src with its VF");
    assertThat(m.events.eventsOf(Event.StepStarted.class))
        .extracting(Event.StepStarted::description)
        .as("the undo aborts the job the lost connection left running")
        .containsSubsequence(
            "undo: " + TRANSFER,
            "abort the migration job (virsh domjobabort vm1)",
            "undo: " + REWRITE);
    assertThat(m.step(TRANSFER).state()).isEqualTo(StepState.UNDONE);
    assertLeftAsBefore(m, SRC_VF);
  }

  @Test
  void aRunThatLosesTheRaceForAVfFiveTimesIsRefused() {
    Lab lab = MigrationFixture.prepared(s -> {}, OptionalInt.of(7), true);
    MigrationFixture.attach(lab, "vm1", 1);
    JournaledMigration m = new JournaledMigration(lab);

    MigrationResult r = losingEveryRace(m, JournaledMigration.OTHER_RUN, 7);

    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.REFUSED);
    assertThat(m.infos())
        .filteredOn(i -> i.endsWith("; choosing again"))
        .hasSize(Migrate.CLAIM_ATTEMPTS - 1);
    assertThat(r.refusals())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.guard()).isEqualTo("destination-vf");
              assertThat(f.reason())
                  .startsWith(
                      "VF " + r.vfMapping().values().iterator().next() + " on dst is claimed: ")
                  .contains("held by migrate-7-1 on ctl-test, pid 7, since ")
                  .endsWith(" (live)");
              assertThat(f.fix()).isEqualTo("run the migration again; it picks another free VF");
            });
    assertThat(r.vfMapping()).hasSize(1);
    assertThat(r.commands()).singleElement().asString().startsWith("virsh migrate ");
    assertThat(m.steps())
        .hasSize(Migrate.CLAIM_ATTEMPTS)
        .allSatisfy(s -> assertThat(s).startsWith("dst failed: claim VF"));
    assertThat(vm(lab, "src").state).isEqualTo("running");
    assertThat(m.claimFiles("src")).isEmpty();
  }

  private static final String LIBVIRT_DOWN =
      "error: failed to connect to the hypervisor\n"
          + "error: Failed to connect socket to '/var/run/libvirt/virtqemud-sock':"
          + " No such file or directory\n";

  @Test
  void aLibvirtThatFailsWhileTheGuardsAskIsARefusalAndNothingIsJournaledOrChanged() {
    Lab lab = ready();
    String before = MigrationFixture.unchanged(lab.spec());
    JournaledMigration m = new JournaledMigration(lab);
    m.fault("src", "virsh domstate vm1", LIBVIRT_DOWN);

    MigrationResult r = m.run(request());

    assertThat(assertRefusedForTool(r, "failed to connect to the hypervisor").fix())
        .isEqualTo(
            "start libvirt: systemctl enable --now libvirtd (or, with modular daemons,"
                + " systemctl enable --now virtqemud.socket virtqemud-ro.socket"
                + " virtqemud-admin.socket)");
    assertThat(m.events.events())
        .first()
        .isEqualTo(new Event.StepStarted("src", "guards: can vm1 migrate to dst?"));
    assertThat(m.events.eventsOf(Event.StepFinished.class))
        .containsExactly(new Event.StepFinished("src", "guards", false));
    assertThat(r.commands()).isEmpty();
    assertThat(r.vfMapping()).isEmpty();
    assertThat(m.steps()).isEmpty();
    assertThat(m.journal.prediction(m.operation)).isEmpty();
    assertThat(MigrationFixture.unchanged(lab.spec())).isEqualTo(before);
  }

  @Test
  void aRefusalEndsTheGuardsAsFailedAndNamesNoCommand() {
    JournaledMigration m = new JournaledMigration(ready());

    MigrationResult r = m.run(asking().postcopy(true).build());

    assertThat(r.outcome()).isEqualTo(MigrationOutcome.REFUSED);
    assertThat(m.events.eventsOf(Event.StepFinished.class))
        .containsExactly(new Event.StepFinished("src", "guards", false));
    assertThat(m.infos()).as("no prediction for a refused run").isEmpty();
    assertThat(r.commands()).isEmpty();
    assertThat(r.rewrittenXml()).isEmpty();
    assertThat(m.steps()).isEmpty();
  }

  @Test
  void anXmlThatCannotBeReadForMigrationIsARefusalThatShowsThePlannedCommand() {
    // The guards read it in their batch and find no fault with it; the rewrite needs it.
    Lab lab = ready();
    String before = MigrationFixture.unchanged(lab.spec());
    FaultSpec fault = new FaultSpec();
    fault.command = "virsh dumpxml vm1 --migratable";
    fault.stderr = "error: internal error: cannot format the domain\n";
    lab.hostSpec("src").faults.add(fault);
    JournaledMigration m = new JournaledMigration(lab);

    MigrationResult r = m.run(request());

    assertThat(lab.hostSpec("src").faults).as("the fault struck").isEmpty();
    assertRefusedForTool(r, "cannot format the domain");
    assertThat(m.events.eventsOf(Event.StepFinished.class))
        .containsExactly(new Event.StepFinished("src", "guards", false));
    assertThat(r.vfMapping()).hasSize(1);
    assertThat(r.commands())
        .containsExactly(
            "virsh migrate --live --persistent --undefinesource --verbose"
                + " --xml /tmp/vfmigrate-vm1.xml --persistent-xml /tmp/vfmigrate-vm1.xml"
                + " --parallel --parallel-connections 8 vm1 qemu+ssh://192.0.2.12/system");
    assertThat(r.rewrittenXml()).isEmpty();
    assertThat(m.steps()).isEmpty();
    assertThat(MigrationFixture.unchanged(lab.spec())).isEqualTo(before);
  }

  @Test
  void aDryRunShowsThePlanAndTakesNothing() {
    Lab lab = ready();
    JournaledMigration m = new JournaledMigration(lab);

    MigrationResult r = m.run(asking().dryRun(true).copyStorageAll(true).build());

    assertThat(r.outcome()).isEqualTo(MigrationOutcome.PLANNED);
    assertThat(r.commands())
        .containsExactly(
            "virsh migrate --live --persistent --undefinesource --verbose --copy-storage-all"
                + " --xml /tmp/vfmigrate-vm1.xml --persistent-xml /tmp/vfmigrate-vm1.xml"
                + " --parallel --parallel-connections 8 vm1 qemu+ssh://192.0.2.12/system");
    assertThat(r.vfMapping()).hasSize(1);
    assertThat(r.rewrittenXml()).contains("<interface managed=\"yes\" type=\"hostdev\">");
    assertThat(r.tuning().parallelConnections()).isEqualTo(Multifd.CHANNELS_WITH_VF);
    assertThat(r.tuning().prediction()).isPresent();
    assertThat(r.tuning().switchoverAck()).as("no job ran to read it from").isEmpty();
    assertThat(r.downtimeMs()).isEmpty();
    assertThat(r.deviceStateBytes()).isEmpty();
    assertThat(m.steps()).isEmpty();
    assertThat(m.claims()).isEmpty();
    // It measures the guest's dirty rate for the prediction, and changes nothing.
    assertThat(lab.hostSpec("src").files).isEmpty();
    assertThat(lab.hostSpec("dst").files).isEmpty();
    assertThat(vm(lab, "src").state).isEqualTo("running");
    assertThat(vm(lab, "dst")).isNull();
  }

  /** The VF the latest claim step named. */
  private record StepStartedVf(io.vfmigrate.model.PciAddress vf) {
    static StepStartedVf last(JournaledMigration m) {
      List<Event.StepStarted> started = m.events.eventsOf(Event.StepStarted.class);
      String d = started.get(started.size() - 1).description();
      return new StepStartedVf(
          io.vfmigrate.model.PciAddress.parse(
              d.substring("claim VF ".length(), d.indexOf(" on "))));
    }
  }
}

package io.vfmigrate.workflow.migrate;

import static io.vfmigrate.testing.MigrationFixture.asking;
import static io.vfmigrate.testing.MigrationFixture.ready;
import static io.vfmigrate.testing.MigrationFixture.request;
import static io.vfmigrate.testing.MigrationFixture.vf;
import static io.vfmigrate.testing.MigrationFixture.vm;
import static io.vfmigrate.workflow.migrate.JournaledMigration.stepStarted;
import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.state.FaultSpec;
import io.vfmigrate.testing.MigrationFixture;
import io.vfmigrate.workflow.journal.PredictionRecord;
import io.vfmigrate.workflow.journal.StepState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Past the switchover the VM runs on the destination whatever follows: the claims go, the source VF
 * is prepared again and the guest verified, and what fails there is reported (error, warning,
 * journal), never rolled back. Statistics nobody reported are unknown, and the result says why.
 */
class MigrateAfterSwitchoverTest {
  private static final String VF = "0000:e1:00.1";
  private static final String CLAIM =
      "claim VF " + VF + " on dst for vm1 and a migration slot of each PF";
  private static final String REWRITE = "rewrite the domain XML for the destination VFs";
  private static final String TRANSFER = "migrate vm1 to dst";
  private static final String RELEASE_CLAIMS = "release the claims on the destination VFs";
  private static final String RELEASE_SOURCE = "release the source VF " + VF + " (prepared again)";
  private static final String VERIFY = "verify the VM in the guest";

  private static String fixture(String name) {
    try (InputStream in =
        MigrateAfterSwitchoverTest.class.getResourceAsStream("/fixtures/real/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aMigrationJournalsEachStepReleasesItsClaimsAndRemovesTheXml() {
    Lab lab = ready();
    JournaledMigration m = new JournaledMigration(lab);
    List<String> atTransferEnd = new ArrayList<>();
    m.whenTransferEnds(
        () -> {
          atTransferEnd.addAll(m.claimFiles("src"));
          atTransferEnd.addAll(m.claimFiles("dst"));
          atTransferEnd.add("source VF driver " + vf(lab, "src", VF).driver);
          atTransferEnd.add("steps " + m.steps().size());
        });

    MigrationResult r = m.run(request());

    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.MIGRATED);
    assertThat(m.steps())
        .containsExactly(
            "dst done: " + CLAIM,
            "src done: " + REWRITE,
            "src done: " + TRANSFER,
            "dst done: " + RELEASE_CLAIMS,
            "src done: " + RELEASE_SOURCE,
            "dst done: " + VERIFY);
    assertThat(m.step(RELEASE_CLAIMS).command())
        .startsWith("rm /run/vfmigrate/")
        .contains("rm /run/vfmigrate/claims/" + VF);
    assertThat(m.step(RELEASE_SOURCE).command())
        .isEqualTo("virsh nodedev-detach pci_0000_e1_00_1 --driver pci-stub");
    assertThat(m.step(VERIFY).command())
        .isEqualTo("ping through the VF inside the guest (QEMU guest agent)");
    assertThat(m.claims())
        .hasSize(3)
        .allSatisfy(c -> assertThat(c.released()).as(c.path()).isPresent());
    assertThat(lab.hostSpec("src").files.keySet())
        .noneMatch(f -> f.startsWith("/tmp/vfmigrate-migrate-"));
    assertThat(atTransferEnd)
        .as("when the transfer ends the claims are gone and the source VF is not prepared yet")
        .containsExactly("source VF driver mlx5_core", "steps 4");
    assertThat(r.verified()).contains(true);
    assertThat(r.error()).isEmpty();
    assertThat(r.verification().orElseThrow().ok()).isTrue();

    PredictedTimes p = r.tuning().prediction().orElseThrow();
    assertThat(m.journal.prediction(m.operation))
        .contains(
            new PredictionRecord(
                p.totalMs(),
                p.totalLowMs(),
                p.totalHighMs(),
                p.downtimeMs(),
                p.downtimeLowMs(),
                p.downtimeHighMs(),
                p.converges(),
                p.basis(),
                java.util.Optional.of(
                    new PredictionRecord.Model(p.modelTotalMs(), p.modelDowntimeMs()))));
  }

  @Test
  void theOperatorIsToldThePredictionAndTheChannelsBeforeTheTransfer() {
    JournaledMigration m = new JournaledMigration(ready());

    MigrationResult r = m.run(asking().dryRun(true).build());

    PredictedTimes p = r.tuning().prediction().orElseThrow();
    assertThat(m.infos())
        .first()
        .asString()
        .startsWith("src: multifd: " + r.tuning().parallelConnections() + " channels (");
    assertThat(m.infos())
        .contains(
            "src: predicted: total "
                + p.totalMs()
                + " ms ("
                + p.totalLowMs()
                + "-"
                + p.totalHighMs()
                + "), downtime "
                + p.downtimeMs()
                + " ms ("
                + p.downtimeLowMs()
                + "-"
                + p.downtimeHighMs()
                + "); "
                + p.basis());
    assertThat(p.converges()).isTrue();
    assertThat(r.tuning().parallelConnections()).isEqualTo(Multifd.CHANNELS_WITH_VF);
    assertThat(m.journal.prediction(m.operation)).as("a dry run journals nothing").isEmpty();
    assertThat(m.steps()).isEmpty();
  }

  @Test
  void aPredictionThatDoesNotConvergeSaysSoAndOneChannelIsNamed() {
    JournaledMigration m =
        new JournaledMigration(ready(s -> s.hosts.get("src").vms.get(0).dirtyRate = "20GiB/s"));

    MigrationResult r = m.run(asking().dryRun(true).noParallel(true).build());

    assertThat(r.outcome()).isEqualTo(MigrationOutcome.PLANNED);
    assertThat(r.tuning().prediction().orElseThrow().converges()).isFalse();
    assertThat(m.infos())
        .anySatisfy(i -> assertThat(i).startsWith("src: one migration channel ("))
        .anySatisfy(i -> assertThat(i).contains(", pre-copy would not converge; "));
  }

  @Test
  void aSourceVfThatCannotBePreparedAgainLeavesTheMigrationDoneAndTellsTheOperator() {
    Lab lab = ready();
    JournaledMigration m = new JournaledMigration(lab);
    m.fault(
        "src",
        "virsh nodedev-detach pci_0000_e1_00_1",
        "error: Failed to detach device pci_0000_e1_00_1\n"
            + "error: internal error: Unable to reset PCI device 0000:e1:00.1\n");

    MigrationResult r = m.run(request());

    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.MIGRATED);
    assertThat(vm(lab, "dst").state).isEqualTo("running");
    String left =
        "the source VF was not prepared again: VF " + VF + " could not be detached again: ";
    assertThat(r.error().orElseThrow())
        .startsWith(left)
        .contains("Unable to reset PCI device 0000:e1:00.1")
        .endsWith(" (fix: vfmigrate prepare --host src)");
    assertThat(m.warnings()).contains("src: " + r.error().orElseThrow());
    assertThat(r.verified()).as("the guest was verified all the same").contains(true);
    assertThat(m.step(RELEASE_SOURCE).state()).isEqualTo(StepState.FAILED);
    assertThat(m.step(VERIFY).state()).isEqualTo(StepState.DONE);
  }

  @Test
  void aGuestThatFailsVerificationIsReportedAndNotMovedBack() {
    Lab lab = ready();
    JournaledMigration m =
        new JournaledMigration(lab)
            .when(
                stepStarted(VERIFY),
                () ->
                    lab.hostSpec("dst")
                        .ovs
                        .bridges
                        .get("br-vf")
                        .removeIf(p -> p.contains("npf0vf")));

    MigrationResult r = m.run(request());

    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.MIGRATED);
    assertThat(r.verified()).contains(false);
    assertThat(r.verification().orElseThrow().ok()).isFalse();
    String problems = String.join("; ", r.verification().orElseThrow().problems());
    assertThat(problems).contains("100% packet loss");
    assertThat(r.error()).contains("verification failed: " + problems);
    assertThat(m.step(VERIFY).state()).isEqualTo(StepState.FAILED);
    assertThat(m.step(VERIFY).detail()).isEqualTo("verification failed: " + problems);
    assertThat(vm(lab, "dst").state).isEqualTo("running");
    assertThat(vm(lab, "src")).isNull();
  }

  @Test
  void aVerificationThatCannotRunSaysWhyAndCountsAsNotVerified() {
    Lab lab = ready();
    JournaledMigration m = new JournaledMigration(lab);
    m.when(
        stepStarted(VERIFY),
        () ->
            m.fault(
                "dst",
                "virsh domstate vm1",
                "error: failed to connect to the hypervisor\n"
                    + "error: Failed to connect socket to '/var/run/libvirt/virtqemud-sock':"
                    + " No such file or directory\n"));

    MigrationResult r = m.run(request());

    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.MIGRATED);
    assertThat(r.verified()).contains(false);
    assertThat(r.verification()).isEmpty();
    assertThat(r.error().orElseThrow())
        .startsWith("verification failed: ")
        .contains("failed to connect to the hypervisor");
    assertThat(m.step(VERIFY).state()).isEqualTo(StepState.FAILED);
  }

  @Test
  void bothAFailedVerificationAndAVfLeftUnpreparedAreInTheError() {
    Lab lab = ready();
    JournaledMigration m = new JournaledMigration(lab);
    m.fault("src", "virsh nodedev-detach pci_0000_e1_00_1", "error: Failed to detach device\n");
    m.when(
        stepStarted(VERIFY),
        () -> lab.hostSpec("dst").ovs.bridges.get("br-vf").removeIf(p -> p.contains("npf0vf")));

    MigrationResult r = m.run(request());

    assertThat(r.error().orElseThrow())
        .startsWith("verification failed: ")
        .contains("; the source VF was not prepared again: VF " + VF);
  }

  @Test
  void withoutVerifyNothingIsVerifiedAndNothingIsSaidToHaveFailed() {
    JournaledMigration m = new JournaledMigration(ready());

    MigrationResult r = m.run(asking().verify(false).build());

    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.MIGRATED);
    assertThat(r.verified()).isEmpty();
    assertThat(r.verification()).isEmpty();
    assertThat(r.error()).isEmpty();
    assertThat(m.steps()).noneMatch(s -> s.contains(VERIFY));
  }

  @Test
  void anXmlFileThatCannotBeRemovedIsAWarningNotAFailure() {
    Lab lab = ready();
    JournaledMigration m =
        new JournaledMigration(lab)
            .hosts(
                JournaledMigration.failing(
                    "src", "deleteFile", "/tmp/vfmigrate-migrate-", "Permission denied"));

    MigrationResult r = m.run(asking().verify(false).build());

    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.MIGRATED);
    assertThat(m.warnings())
        .singleElement()
        .asString()
        .startsWith("src: src: /tmp/vfmigrate-migrate-")
        .endsWith(": Permission denied");
    assertThat(r.error()).isEmpty();
  }

  @Test
  void libvirtsCompletedStatisticsAreReportedAsLibvirtGaveThem() {
    Lab lab = ready();
    FaultSpec stats = new FaultSpec();
    stats.command = "virsh domjobinfo vm1 --completed";
    stats.exitCode = 0;
    stats.stdout = fixture("domjobinfo-rawstats-completed-dst-9.0.txt");
    lab.hostSpec("dst").faults.add(stats);
    JournaledMigration m = new JournaledMigration(lab);

    MigrationResult r = m.run(asking().verify(false).build());

    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.MIGRATED);
    assertThat(r.totalTimeMs()).isEqualTo(6592);
    assertThat(r.downtimeMs()).contains(172L);
    assertThat(r.libvirtReportedBytes()).contains(106221162L);
    assertThat(r.ramBytes().orElseThrow())
        .as("what QEMU reported while it ran, more than libvirt's")
        .isGreaterThan(8L << 30);
    assertThat(r.iterations().orElseThrow()).isGreaterThanOrEqualTo(3);
    assertThat(r.deviceStateBytes())
        .as("seen in query-migrate while it ran")
        .hasValueSatisfying(b -> assertThat(b).isPositive());
    assertThat(r.unknownWhy()).isEmpty();
  }

  @Test
  void completedStatisticsThatCannotBeReadAreWarnedAboutAndTheDowntimeIsUnknown() {
    Lab lab = ready();
    FaultSpec stats = new FaultSpec();
    stats.command = "virsh domjobinfo vm1 --completed";
    stats.stderr = "error: Requested operation is not valid: domain is not running\n";
    lab.hostSpec("dst").faults.add(stats);
    JournaledMigration m = new JournaledMigration(lab);

    MigrationResult r = m.run(asking().verify(false).build());

    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.MIGRATED);
    assertThat(r.downtimeMs()).isEmpty();
    assertThat(r.unknownWhy().orElseThrow())
        .startsWith("downtime: virsh domjobinfo --completed on dst failed: ")
        .contains("domain is not running");
    assertThat(m.warnings())
        .singleElement()
        .asString()
        .startsWith("dst: no completed job statistics: ")
        .contains("domain is not running");
    assertThat(r.totalTimeMs()).as("the time vfmigrate watched it").isPositive();
    assertThat(r.ramBytes().orElseThrow()).isGreaterThan(8L << 30);
    assertThat(r.deviceStateBytes()).isPresent();
    assertThat(r.error()).isEmpty();
  }

  @Test
  void aVfWhoseDeviceStateNobodyReportedIsUnknownAndTheResultSaysWhy() {
    Lab lab =
        ready(
            s -> {
              s.hosts.get("src").nics.get(0).deviceState.precopy = "0B";
              s.hosts.get("src").nics.get(0).deviceState.stopcopy = "0B";
            });
    JournaledMigration m = new JournaledMigration(lab);

    MigrationResult r = m.run(asking().verify(false).build());

    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.MIGRATED);
    assertThat(r.deviceStateBytes()).isEmpty();
    assertThat(r.unknownWhy())
        .contains("VF device state: QEMU reported no vfio bytes (query-migrate)");
    assertThat(r.downtimeMs()).isPresent();
  }

  @Test
  void aVmWithoutAVfMigratesWithoutClaimsAndItsDeviceStateIsKnownToBeNone() {
    Lab lab = MigrationFixture.prepared(s -> {}, OptionalInt.empty(), true);
    JournaledMigration m = new JournaledMigration(lab);

    MigrationResult r = m.run(asking().verify(false).build());

    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.MIGRATED);
    assertThat(r.deviceStateBytes()).contains(0L);
    assertThat(r.unknownWhy()).isEmpty();
    assertThat(m.steps()).containsExactly("src done: " + REWRITE, "src done: " + TRANSFER);
    assertThat(m.step(TRANSFER).command()).doesNotContain("--xml");
    assertThat(m.claims()).isEmpty();
  }
}

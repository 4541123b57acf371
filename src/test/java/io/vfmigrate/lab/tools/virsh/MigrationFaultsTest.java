package io.vfmigrate.lab.tools.virsh;

import static io.vfmigrate.lab.tools.virsh.MigrationLabFixture.migrateArgv;
import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.RunningCommand;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.state.FaultSpec;
import io.vfmigrate.lab.state.LabSpec;
import io.vfmigrate.lab.tools.ToolOutput;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Migration-time faults: each ends the migration as real libvirt/QEMU end it. */
class MigrationFaultsTest {
  private static Lab lab(Consumer<FaultSpec> fault) {
    return MigrationLabFixture.prepared(
        spec -> {
          FaultSpec f = new FaultSpec();
          f.vm = "vm1";
          fault.accept(f);
          spec.hosts.get("src").faults.add(f);
        });
  }

  private static RunningCommand start(Lab lab) {
    return MigrationCommands.start(lab.host("src").context(), Command.of(migrateArgv()))
        .orElseThrow();
  }

  private static CommandResult migrate(Lab lab) {
    return start(lab).waitFor(Duration.ofMinutes(5)).orElseThrow();
  }

  private static void assertRunsOnSourceOnly(LabSpec spec) {
    assertThat(MigrationLabFixture.vm(spec, "src", "vm1").state).isEqualTo("running");
    assertThat(spec.hosts.get("dst").vms).noneMatch(vm -> vm.name.equals("vm1"));
    assertThat(MigrationLabFixture.vf(spec, "dst", 1).driver).isEqualTo("mlx5_vfio_pci");
  }

  @Test
  void destinationQemuDyingFailsTheJobWithQemusSocketError() {
    Lab lab = lab(f -> f.migrationFault = "destination_qemu_dies");

    CommandResult r = migrate(lab);

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr())
        .contains("\rMigration: [")
        .endsWith(
            "error: operation failed: job 'migration out' failed: Unable to write to socket:"
                + " Connection reset by peer\n");
    assertRunsOnSourceOnly(lab.spec());
  }

  @Test
  void atPercentChoosesWhenItStrikes() {
    Lab late =
        lab(
            f -> {
              f.migrationFault = "destination_qemu_dies";
              f.atPercent = 90;
            });
    Lab early =
        lab(
            f -> {
              f.migrationFault = "destination_qemu_dies";
              f.atPercent = 10;
            });

    CommandResult lateResult = migrate(late);
    CommandResult earlyResult = migrate(early);

    assertThat(lateResult.duration()).isGreaterThan(earlyResult.duration());
    assertThat(lateResult.stderr().split("\r").length)
        .isGreaterThan(earlyResult.stderr().split("\r").length);
  }

  @Test
  void aRestartOfTheSourceLibvirtdLosesVirshsConnectionAndCancels() {
    Lab lab = lab(f -> f.migrationFault = "source_libvirtd_restarts");

    CommandResult r = migrate(lab);

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr())
        .endsWith(
            "error: Disconnected from qemu:///system due to end of file\n"
                + "error: End of file while reading data: Input/output error\n");
    assertRunsOnSourceOnly(lab.spec());
    assertThat(MigrationLabFixture.vm(lab.spec(), "src", "vm1").lastJob).isNull();
  }

  @Test
  void aRefusalAtPrepareStartsNothing() {
    Lab lab = lab(f -> f.migrationFault = "prepare_refused");

    CommandResult r = migrate(lab);

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr())
        .isEqualTo(
            "error: Requested operation is not valid: PCI device 0000:e1:00.2 is in use by"
                + " driver QEMU, domain vm1\n");
    assertThat(lab.spec().migrations).isEmpty();
    assertRunsOnSourceOnly(lab.spec());
  }

  @Test
  void aDeviceStateTheDestinationCannotLoadFailsAtSwitchoverAndTheSourceResumes() {
    Lab lab = lab(f -> f.migrationFault = "device_load_fails");

    CommandResult r = migrate(lab);

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr())
        .containsPattern(
            "error: internal error: QEMU unexpectedly closed the monitor \\(vm='vm1'\\):"
                + " 2026-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z qemu-kvm: error while"
                + " loading state section id 42\\(0000:00:02\\.[0-7]:00\\.0/vfio\\)\n"
                + "\\S+Z qemu-kvm: load of migration failed: Invalid argument\n");
    assertRunsOnSourceOnly(lab.spec());
    assertThat(MigrationLabFixture.vf(lab.spec(), "src", 0).driver).isEqualTo("mlx5_vfio_pci");
  }

  @Test
  void aCutLinkStallsAndAnAbortThatFailsLetsTheMigrationGoOn() {
    Lab lab = lab(f -> f.migrationFault = "link_cut");
    FaultSpec abortFails = new FaultSpec();
    abortFails.vm = "vm1";
    abortFails.migrationFault = "abort_fails";
    lab.spec().hosts.get("src").faults.add(abortFails);
    RunningCommand process = start(lab);

    assertThat(process.waitFor(Duration.ofSeconds(60))).isEmpty();
    assertThat(lab.spec().link.up).isFalse();
    ToolOutput refused =
        MigrationCommands.run(lab.host("src").context(), List.of("virsh", "domjobabort", "vm1"));
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.stderr())
        .isEqualTo(
            "error: Timed out during operation: cannot acquire state change lock (held by"
                + " monitor=remoteDispatchDomainMigratePerform3Params)\n");
    ToolOutput aborted =
        MigrationCommands.run(lab.host("src").context(), List.of("virsh", "domjobabort", "vm1"));
    assertThat(aborted.exitCode()).isZero();
    CommandResult r = process.waitFor(Duration.ofSeconds(5)).orElseThrow();
    assertThat(r.stderr())
        .endsWith("error: operation aborted: job 'migration out' canceled by client\n");
    assertRunsOnSourceOnly(lab.spec());
  }

  @Test
  void aCommandFaultOnVirshMigrateFailsItAtOnce() {
    Lab lab =
        lab(
            f -> {
              f.vm = null;
              f.command = "virsh migrate";
              f.stderr = "error: internal error: injected\n";
            });

    CommandResult r =
        lab.host("src")
            .start(Command.of(migrateArgv()))
            .waitFor(Duration.ofMinutes(1))
            .orElseThrow();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).isEqualTo("error: internal error: injected\n");
    assertRunsOnSourceOnly(lab.spec());
  }
}

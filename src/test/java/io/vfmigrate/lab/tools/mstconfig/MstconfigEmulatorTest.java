package io.vfmigrate.lab.tools.mstconfig;

import static io.vfmigrate.lab.tools.LabFixture.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.lab.tools.LabFixture;
import org.junit.jupiter.api.Test;

public class MstconfigEmulatorTest {
  private final LabFixture lab = new LabFixture();

  @Test
  void verboseQueryOfTheMigrationParameter() {
    CommandResult r =
        lab.run("mstconfig", "-d", "0000:e1:00.0", "-e", "query", "VF_MIGRATION_MODE");
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).isEqualTo(fixture("mstconfig/query-e-vf-migration-4.26.txt"));
  }

  @Test
  void queryOfAllParameters() {
    CommandResult r = lab.run("mstconfig", "-d", "0000:e1:00.0", "query");
    assertThat(r.stdout()).isEqualTo(fixture("mstconfig/query-4.26.txt"));
  }

  @Test
  void alignedLayoutFromMstflint436() {
    lab.srcSpec().packages.put("mstflint", "4.36.0-1.el9");
    CommandResult r = lab.run("mstconfig", "-d", "0000:e1:00.0", "q", "VF_MIGRATION_MODE");
    assertThat(r.stdout()).isEqualTo(fixture("mstconfig/query-vf-migration-4.36.txt"));
  }

  @Test
  void setWithYesRecordsTheNextBootValue() {
    lab.nic().vfMigrationMode = 1;
    CommandResult r =
        lab.run("mstconfig", "-d", "0000:e1:00.0", "-y", "set", "VF_MIGRATION_MODE=2");
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).isEqualTo(fixture("mstconfig/set-y-4.26.txt"));
    assertThat(lab.nic().vfMigrationModeNext).isEqualTo(2);
    assertThat(lab.nic().vfMigrationMode).isEqualTo(1);
  }

  @Test
  void setWithoutYesIsAbortedUnlessStdinSaysYes() {
    lab.nic().vfMigrationMode = 1;
    CommandResult r = lab.run("mstconfig", "-d", "0000:e1:00.0", "set", "VF_MIGRATION_MODE=2");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout()).isEqualTo(fixture("mstconfig/set-aborted-4.26.txt"));
    assertThat(lab.nic().vfMigrationModeNext).isNull();
    CommandResult yes =
        lab.src()
            .run(
                Command.of("mstconfig", "-d", "0000:e1:00.0", "set", "VF_MIGRATION_MODE=2")
                    .withStdin("yes\n"));
    assertThat(yes.exitCode()).isZero();
    assertThat(lab.nic().vfMigrationModeNext).isEqualTo(2);
  }

  @Test
  void unknownDeviceFailsOnStdout() {
    CommandResult r = lab.run("mstconfig", "-d", "0000:99:00.0", "-e", "query");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.stdout()).isEqualTo("-E- Failed to open the device\n");
    assertThat(r.stderr()).isEmpty();
  }

  @Test
  void connectX6DxHasNoMigrationParameter() {
    lab.nic().model = "ConnectX-6 Dx";
    CommandResult r = lab.run("mstconfig", "-d", "0000:e1:00.0", "query", "VF_MIGRATION_MODE");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.stdout()).isEqualTo(fixture("mstconfig/query-cx6dx-unsupported.txt"));
  }

  @Test
  void invalidArgumentPrintsTheErrorAndTheHelp() {
    CommandResult r = lab.run("mstconfig", "-d", "0000:e1:00.0", "--bogus", "query");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.stdout())
        .startsWith("-E- invalid argument: --bogus\n    NAME:\n        mstconfig\n")
        .contains("        -y|--yes        \t\t: Answer yes in prompt.\n");
  }

  @Test
  void sriovParametersQuery() {
    CommandResult r = lab.run("mstconfig", "-d", "0000:e1:00.0", "query", "SRIOV_EN", "NUM_OF_VFS");
    assertThat(r.stdout())
        .contains("        SRIOV_EN" + " ".repeat(36) + "True(1)" + " ".repeat(13) + "\n")
        .contains("        NUM_OF_VFS" + " ".repeat(34) + "16" + " ".repeat(18) + "\n");
  }
}

package io.vfmigrate.tools.mstflint;

import static io.vfmigrate.tools.FakeHost.Fixtures.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.model.PciAddress;
import io.vfmigrate.tools.FakeHost;
import io.vfmigrate.tools.ToolOutputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MstconfigTest {
  private static final PciAddress PF = PciAddress.parse("0000:e1:00.0");
  private static final String VF = "VF_MIGRATION_MODE";
  private final FakeHost host = new FakeHost("hostA");
  private final Mstconfig mstconfig = new Mstconfig(host);

  @Test
  void queryRunsTheDocumentedCommand() {
    host.on("mstconfig", "-d", "0000:e1:00.0", "-e", "query", VF)
        .stdoutFromFixture("mstconfig/query-e-v4.28-pending.txt");

    assertThat(mstconfig.query(PF, VF).nextBootValue()).hasValue(2);
    assertThat(host.argvs())
        .containsExactly(List.of("mstconfig", "-d", "0000:e1:00.0", "-e", "query", VF));
  }

  @Test
  void cannotOpenTheDeviceOnStdoutExit3() {
    host.on("mstconfig", "-d", "0000:e1:00.0", "-e", "query", VF)
        .answer(3, read("mstconfig/error-open.txt"), "");

    assertThatThrownBy(() -> mstconfig.query(PF, VF))
        .isInstanceOfSatisfying(
            MstconfigException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(MstconfigException.Reason.CANNOT_OPEN_DEVICE);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "'mstconfig -d 0000:e1:00.0 -e query VF_MIGRATION_MODE' failed on hostA"
                          + " (exit 3): -E- Failed to open the device");
              assertThat(e.toolMessage()).isEqualTo("-E- Failed to open the device");
              assertThat(e.fix()).contains("lshw -c network -businfo");
            });
  }

  @Test
  void unsupportedParameterAsksForNewerFirmware() {
    host.on("mstconfig", "-d", "0000:e1:00.0", "-e", "query", VF)
        .answer(3, read("mstconfig/error-unsupported.txt"), "");

    assertThatThrownBy(() -> mstconfig.query(PF, VF))
        .isInstanceOfSatisfying(
            MstconfigException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(MstconfigException.Reason.PARAMETER_NOT_SUPPORTED);
              assertThat(e.getMessage())
                  .endsWith("-E- The Device doesn't support VF_MIGRATION_MODE parameter")
                  .doesNotContain("Device type");
              assertThat(e.fix()).contains("28.36.1010");
            });
  }

  @Test
  void aTableWithoutTheRowIsAFormatError() {
    host.on("mstconfig", "-d", "0000:e1:00.0", "-e", "query", "SRIOV_EN")
        .stdoutFromFixture("mstconfig/query-e-4.36.txt");

    assertThatThrownBy(() -> mstconfig.query(PF, "SRIOV_EN"))
        .isInstanceOf(ToolOutputException.class)
        .hasMessageContaining("no row for SRIOV_EN");
  }

  @Test
  void setRunsTheDocumentedCommandAndNeedsDone() {
    host.on("mstconfig", "-y", "-d", "0000:e1:00.0", "set", "VF_MIGRATION_MODE=2")
        .stdoutFromFixture("mstconfig/set-v4.28-ok.txt");

    mstconfig.set(PF, VF, 2);

    assertThat(host.argvs())
        .containsExactly(
            List.of("mstconfig", "-y", "-d", "0000:e1:00.0", "set", "VF_MIGRATION_MODE=2"));
  }

  @Test
  void setFailedCarriesTheReason() {
    host.on("mstconfig", "-y", "-d", "0000:e1:00.0", "set", "VF_MIGRATION_MODE=2")
        .answer(3, read("mstconfig/set-v4.28-failed.txt"), "");

    assertThatThrownBy(() -> mstconfig.set(PF, VF, 2))
        .isInstanceOfSatisfying(
            MstconfigException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(MstconfigException.Reason.APPLY_FAILED);
              assertThat(e.getMessage())
                  .endsWith("-E- Operation is not supported (Read only TLV: nv_sw_offload_conf)");
            });
  }

  @Test
  void setWithoutDoneIsAFormatError() {
    host.on("mstconfig", "-y", "-d", "0000:e1:00.0", "set", "VF_MIGRATION_MODE=2")
        .stdout("Applying... \n");

    assertThatThrownBy(() -> mstconfig.set(PF, VF, 2))
        .isInstanceOf(ToolOutputException.class)
        .hasMessageContaining("Applying... Done!");
  }
}

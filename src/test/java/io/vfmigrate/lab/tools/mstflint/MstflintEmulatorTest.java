package io.vfmigrate.lab.tools.mstflint;

import static io.vfmigrate.lab.tools.LabFixture.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.host.CommandResult;
import io.vfmigrate.lab.tools.LabFixture;
import org.junit.jupiter.api.Test;

public class MstflintEmulatorTest {
  private final LabFixture lab = new LabFixture();

  private static String maskUids(String out) {
    return out.replaceAll("(?m)^(Base GUID:\\s+)[0-9a-f]{16}", "$1GUID")
        .replaceAll("(?m)^(Base MAC:\\s+)[0-9a-f]{12}", "$1MAC");
  }

  @Test
  void queryShowsFlashedAndRunningFirmware() {
    lab.nic().firmwareNext = "28.41.1000";
    CommandResult r = lab.run("mstflint", "-d", "0000:e1:00.0", "q");
    assertThat(r.exitCode()).isZero();
    assertThat(maskUids(r.stdout())).isEqualTo(fixture("mstflint/query-pending-fw.txt"));
  }

  @Test
  void withoutPendingImageThereIsNoRunningLine() {
    CommandResult r = lab.run("mstflint", "-d", "e1:00.0", "query");
    assertThat(r.stdout())
        .contains("FW Version:            28.39.1002\n")
        .doesNotContain("FW Version(Running)")
        .contains("PSID:                  MT_0000000838\n");
  }

  @Test
  void unknownDeviceCannotBeOpened() {
    CommandResult r = lab.run("mstflint", "-d", "0000:99:00.0", "q");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .isEqualTo(
            "-E- Cannot open Device: 0000:99:00.0. No such file or directory." + " MFE_CR_ERROR\n");
  }
}

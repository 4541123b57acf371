package io.vfmigrate.tools.mstflint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.model.PciAddress;
import io.vfmigrate.tools.FakeHost;
import io.vfmigrate.tools.ToolException;
import io.vfmigrate.tools.ToolNotInstalledException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MstflintTest {
  private static final PciAddress PF = PciAddress.parse("0000:e1:00.0");
  private final FakeHost host = new FakeHost("hostA");

  @Test
  void queryRunsTheDocumentedCommand() {
    host.on("mstflint", "-d", "0000:e1:00.0", "q").stdoutFromFixture("mstflint/q-cx7.txt");

    assertThat(new Mstflint(host).query(PF).psid()).isEqualTo("MT_0000000838");
    assertThat(host.argvs()).containsExactly(List.of("mstflint", "-d", "0000:e1:00.0", "q"));
  }

  @Test
  void cannotOpenDeviceSaysHowToFindThePf() {
    host.on("mstflint", "-d", "0000:e1:00.0", "q")
        .answer(1, "", FakeHost.Fixtures.read("mstflint/error-cannot-open.txt"));

    assertThatThrownBy(() -> new Mstflint(host).query(PF))
        .isInstanceOfSatisfying(
            ToolException.class,
            e -> {
              assertThat(e.toolMessage())
                  .isEqualTo(
                      "-E- Cannot open Device: 0000:e1:00.0. No such file or directory."
                          + " MFE_CR_ERROR");
              assertThat(e.getMessage()).contains("failed on hostA (exit 1)");
              assertThat(e.fix()).contains("lshw -c network -businfo");
            });
  }

  @Test
  void missingMstflintNamesItsPackage() {
    host.on("mstflint", "-d", "0000:e1:00.0", "q").notInstalled();

    assertThatThrownBy(() -> new Mstflint(host).query(PF))
        .isInstanceOfSatisfying(
            ToolNotInstalledException.class,
            e -> assertThat(e.fix()).isEqualTo("install it: dnf install -y mstflint"));
  }
}

package io.vfmigrate.tools.devlink;

import static io.vfmigrate.tools.FakeHost.Fixtures.read;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DevlinkErrorTest {
  @Test
  void extackAndKernelAnswer() {
    DevlinkError e = DevlinkError.parse(read("devlink/eswitch-set-error.txt"));

    assertThat(e.extack()).contains("mlx5_core: Failed setting eswitch to offloads");
    assertThat(e.kernelAnswer()).contains("Invalid argument");
    assertThat(e.text())
        .isEqualTo(
            "Error: mlx5_core: Failed setting eswitch to offloads.\n"
                + "kernel answers: Invalid argument");
  }

  @Test
  void answerWithoutExtackAndOlderDevlinkAnswers() {
    assertThat(DevlinkError.parse(read("devlink/dev-info-error-not-supported.txt")).extack())
        .isEmpty();
    assertThat(DevlinkError.parse("devlink answers: No such device\n").kernelAnswer())
        .contains("No such device");
  }

  @Test
  void commandLineErrorsHaveNeither() {
    DevlinkError e = DevlinkError.parse(read("devlink/port-function-set-old-iproute2.txt"));

    assertThat(e.extack()).isEmpty();
    assertThat(e.kernelAnswer()).isEmpty();
    assertThat(e.mentions("Unknown option \"migratable\"")).isTrue();
  }
}

package io.vfmigrate.host.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The strerror text is read from coreutils' error lines (GNU coreutils error() format). */
class FileErrorReasonTest {
  private static String reason(String stderr, int exit) {
    return SshHost.reason(
        new CommandResult(Command.of("tee", "--", "/x"), exit, "", stderr, Duration.ZERO));
  }

  @Test
  void readsTheStrerrorTextAfterThePath() {
    assertThat(
            reason(
                "tee: /sys/bus/pci/devices/0000:e1:00.0/sriov_numvfs: Device or resource busy\n",
                1))
        .isEqualTo("Device or resource busy");
    assertThat(reason("tee: /sys/class/net/ens1f0np0/mtu: Numerical result out of range\n", 1))
        .isEqualTo("Numerical result out of range");
    assertThat(reason("ls: cannot access '/x y': No such file or directory\n", 2))
        .isEqualTo("No such file or directory");
    assertThat(reason("cat: '/a: b': Permission denied\n", 1)).isEqualTo("Permission denied");
    assertThat(reason("rm: cannot remove '/tmp/d': Is a directory\n", 1))
        .isEqualTo("Is a directory");
  }

  @Test
  void onlyTheFirstLineCounts() {
    assertThat(reason("tee: /x: Invalid argument\ntee: /x: Invalid argument\n", 1))
        .isEqualTo("Invalid argument");
  }

  @Test
  void noTextGivesTheExitStatus() {
    assertThat(reason("", 3)).isEqualTo("'tee -- /x' exited with status 3");
  }
}

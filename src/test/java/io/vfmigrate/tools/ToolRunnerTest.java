package io.vfmigrate.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.host.CommandResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolRunnerTest {
  private final FakeHost host = new FakeHost("hostA");
  private final ToolRunner runner = new ToolRunner(host, "mstflint");

  @Test
  void returnsTheResultOfASuccessfulCommand() {
    host.on("mstflint", "-d", "0000:e1:00.0", "q").stdout("Image type: FS4\n");

    CommandResult result = runner.run("mstflint", "-d", "0000:e1:00.0", "q");

    assertThat(result.stdout()).isEqualTo("Image type: FS4\n");
    assertThat(host.argvs()).containsExactly(List.of("mstflint", "-d", "0000:e1:00.0", "q"));
  }

  @Test
  void everyCommandRunsInTheCLocaleSoItsOutputIsEnglishOnAnyHost() {
    host.on("mstflint", "-d", "0000:e1:00.0", "q").stdout("Image type: FS4\n");
    host.on("virsh", "migrate", "vm1").succeeds();

    runner.run("mstflint", "-d", "0000:e1:00.0", "q");
    runner.start(io.vfmigrate.host.Command.of("virsh", "migrate", "vm1"));

    assertThat(host.commands())
        .allSatisfy(c -> assertThat(c.env()).containsExactly(java.util.Map.entry("LC_ALL", "C")));
    assertThat(host.commands().get(0).display()).isEqualTo("mstflint -d 0000:e1:00.0 q");
  }

  @Test
  void exit127MeansNotInstalledAndNamesThePackage() {
    host.on("mstflint", "-v").notInstalled();

    assertThatThrownBy(() -> runner.runAllowingFailure("mstflint", "-v"))
        .isInstanceOfSatisfying(
            ToolNotInstalledException.class,
            e -> {
              assertThat(e.packageName()).isEqualTo("mstflint");
              assertThat(e.fix()).isEqualTo("install it: dnf install -y mstflint");
              assertThat(e.getMessage()).contains("'mstflint' is not installed on hostA");
              assertThat(e.result().exitCode()).isEqualTo(127);
            });
  }

  @Test
  void nonZeroExitThrowsWithTheToolsOwnWords() {
    host.on("mstflint", "-d", "0000:e1:00.0", "q")
        .answer(
            1,
            "",
            "-E- Cannot open Device: 0000:e1:00.0. No such file or directory. MFE_CR_ERROR\n");

    assertThatThrownBy(() -> runner.run("mstflint", "-d", "0000:e1:00.0", "q"))
        .isInstanceOfSatisfying(
            ToolException.class,
            e -> {
              assertThat(e).isNotInstanceOf(ToolNotInstalledException.class);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "'mstflint -d 0000:e1:00.0 q' failed on hostA (exit 1): -E- Cannot open"
                          + " Device: 0000:e1:00.0. No such file or directory. MFE_CR_ERROR");
              assertThat(e.toolMessage()).startsWith("-E- Cannot open Device");
            });
  }

  @Test
  void runAllowingFailureReturnsNonZeroResults() {
    host.on("systemctl", "is-active", "openvswitch").answer(3, "inactive\n", "");

    CommandResult result = runner.runAllowingFailure("systemctl", "is-active", "openvswitch");

    assertThat(result.exitCode()).isEqualTo(3);
  }

  @Test
  void anUnstubbedCommandIsNotInstalledRatherThanSilentlyEmpty() {
    assertThatThrownBy(() -> runner.run("nothing")).isInstanceOf(ToolNotInstalledException.class);
  }

  @Test
  void outputExceptionShowsASnippetOnOneLine() {
    ToolOutputException e = new ToolOutputException("lshw", "no header line", "garbage\nmore");

    assertThat(e.getMessage())
        .isEqualTo(
            "Could not read the output of lshw: no header line. Output began: \"garbage\\nmore\"");
    assertThat(e.toolMessage()).isEmpty();
    assertThat(e.fix()).contains("lshw");
  }
}

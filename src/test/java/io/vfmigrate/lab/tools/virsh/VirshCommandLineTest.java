package io.vfmigrate.lab.tools.virsh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.LabStore;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one virsh parser (tools/vsh.c vshCommandParse), for every command the lab emulates. */
class VirshCommandLineTest {
  private static VirshCommandLine migrate(String... args) throws Exception {
    return VirshCommandLine.parse(
        "migrate",
        List.of(args),
        List.of("domain", "desturi"),
        Set.of("domain", "desturi"),
        Set.of("timeout", "dname"),
        Set.of("live", "p2p"));
  }

  @Test
  void anOptionTakesItsValueAsTheNextArgumentOrAfterAnEqualsSign() throws Exception {
    VirshCommandLine spaced = migrate("--live", "--timeout", "5", "vm1", "qemu+ssh://dst/system");
    VirshCommandLine joined = migrate("--live", "--timeout=5", "--domain=vm1", "--desturi=x");
    assertThat(spaced.value("timeout")).contains("5");
    assertThat(joined.value("timeout")).contains("5");
    assertThat(joined.required("domain")).isEqualTo("vm1");
    assertThat(joined.required("desturi")).isEqualTo("x");
    assertThat(spaced.flag("live")).isTrue();
  }

  @Test
  void aFlagWithAValueIsVirshsError() {
    assertThatThrownBy(() -> migrate("--live=yes", "vm1", "x"))
        .hasMessage("invalid '=' after option --live");
    assertThatThrownBy(() -> migrate("--bogus", "vm1", "x"))
        .hasMessage("command 'migrate' doesn't support option --bogus");
    assertThatThrownBy(() -> migrate("vm1"))
        .hasMessage("command 'migrate' requires <desturi> option");
  }

  @Test
  void theJobCommandsAcceptBothFormsThroughTheLab() {
    Lab lab = new Lab(LabStore.defaultSpec());
    CommandResult spaced =
        lab.host("src").run(Command.of("virsh", "migrate-getmaxdowntime", "--domain", "vm1"));
    CommandResult joined =
        lab.host("src").run(Command.of("virsh", "migrate-getmaxdowntime", "--domain=vm1"));
    assertThat(spaced.exitCode()).isZero();
    assertThat(joined.stdout()).isEqualTo(spaced.stdout());
  }
}

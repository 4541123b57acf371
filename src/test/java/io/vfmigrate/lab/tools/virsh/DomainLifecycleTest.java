package io.vfmigrate.lab.tools.virsh;

import static io.vfmigrate.lab.tools.virsh.DomainTestLab.VF_XML;
import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.lab.state.VfSpec;
import io.vfmigrate.lab.tools.ToolOutput;
import org.junit.jupiter.api.Test;

/** virsh destroy and undefine, in virsh 9.0.0's words (seen against its test:///default driver). */
public class DomainLifecycleTest {
  private final DomainTestLab lab = new DomainTestLab().withVfs("src", 1);
  private final VirshEmulator virsh = new VirshEmulator();

  private VfSpec vf() {
    return lab.nic("src").vfs.get(0);
  }

  @Test
  void destroyStopsTheDomainAndGivesItsVfBackToTheHostDriver() {
    lab.run(virsh, "src", "virsh", "nodedev-detach", "pci_0000_e1_00_1", "--driver", "pci-stub");
    String file = lab.writeFile("src", VF_XML);
    assertThat(
            lab.run(virsh, "src", "virsh", "attach-device", "vm1", file, "--live", "--config")
                .exitCode())
        .isZero();
    assertThat(vf().driver).isNotEqualTo("mlx5_core");

    ToolOutput out = lab.run(virsh, "src", "virsh", "destroy", "vm1");

    assertThat(out.stdout()).isEqualTo("Domain 'vm1' destroyed\n\n");
    assertThat(out.exitCode()).isZero();
    assertThat(lab.vm("src", "vm1").state).isEqualTo("shut off");
    assertThat(lab.run(virsh, "src", "virsh", "domstate", "vm1", "--reason").stdout())
        .isEqualTo("shut off (destroyed)\n\n");
    assertThat(vf().driver).isEqualTo("mlx5_core");
  }

  @Test
  void destroyingADomainThatDoesNotRunIsRefused() {
    lab.run(virsh, "src", "virsh", "destroy", "vm1");

    ToolOutput again = lab.run(virsh, "src", "virsh", "destroy", "vm1");

    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.stderr())
        .isEqualTo(
            "error: Failed to destroy domain 'vm1'\n"
                + "error: Requested operation is not valid: domain is not running\n");
  }

  @Test
  void undefineRemovesAStoppedDomainAndMakesARunningOneTransient() {
    ToolOutput running = lab.run(virsh, "src", "virsh", "undefine", "vm1");
    assertThat(running.stdout()).isEqualTo("Domain 'vm1' has been undefined\n\n");
    assertThat(lab.vm("src", "vm1").persistent).isFalse();

    lab.run(virsh, "src", "virsh", "destroy", "vm1");

    assertThat(lab.host("src").vms).noneMatch(v -> v.name.equals("vm1"));
    assertThat(lab.run(virsh, "src", "virsh", "domstate", "vm1").stderr())
        .isEqualTo("error: failed to get domain 'vm1'\n");
  }
}

package io.vfmigrate.lab.tools.virsh;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.LabStore;
import io.vfmigrate.lab.machine.LabTopology;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.NicSpec;
import io.vfmigrate.lab.state.VfSpec;
import io.vfmigrate.lab.state.VmSpec;
import io.vfmigrate.lab.tools.ToolEmulator;
import io.vfmigrate.lab.tools.ToolOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The default lab, with helpers to put hosts into the states the procedure reaches (VFs created,
 * switchdev, Open vSwitch bridged) directly in the state POJOs, and to run emulators on a host.
 */
public final class DomainTestLab {
  public static final String VF_XML =
      "<interface type='hostdev' managed='yes'>\n"
          + "  <mac address='52:54:00:56:8c:f7'/>\n"
          + "  <source>\n"
          + "    <address type='pci' domain='0x0000' bus='0xe1' slot='0x00' function='0x1'/>\n"
          + "  </source>\n"
          + "</interface>\n";

  public final Lab lab = new Lab(LabStore.defaultSpec());

  public HostSpec host(String name) {
    return lab.hostSpec(name);
  }

  public NicSpec nic(String host) {
    return host(host).nics.get(0);
  }

  public VmSpec vm(String host, String name) {
    return host(host).vms.stream().filter(v -> v.name.equals(name)).findFirst().orElseThrow();
  }

  /** sriov_numvfs written and the eswitch in switchdev mode, as prepare leaves a host. */
  public DomainTestLab withVfs(String host, int count) {
    NicSpec nic = nic(host);
    nic.eswitch = "switchdev";
    nic.numVfs = count;
    for (int i = 0; i < count; i++) {
      VfSpec vf = new VfSpec();
      vf.index = i;
      vf.pci = LabTopology.vfPci(nic, i).toString();
      nic.vfs.add(vf);
    }
    return this;
  }

  /** Open vSwitch running with the uplink and the first VF's representor on br0. */
  public DomainTestLab withOvsBridge(String host) {
    HostSpec spec = host(host);
    spec.services.put("openvswitch", "active");
    spec.ovs.bridges.put(
        "br0", new java.util.ArrayList<>(List.of("enp225s0np0", "enp225s0npf0vf0")));
    return this;
  }

  public VmSpec addVm(String host, String name, String state) {
    VmSpec vm = new VmSpec();
    vm.name = name;
    vm.state = state;
    host(host).vms.add(vm);
    return vm;
  }

  public String writeFile(String host, String content) {
    return lab.host(host).createTempFile("vf-", content);
  }

  public ToolOutput run(ToolEmulator emulator, String host, String... argv) {
    return emulator.run(lab.host(host).context(), Arrays.asList(argv), Optional.empty());
  }

  /**
   * The golden file's text (see fixtures/lab/README.md). A missing golden fails the test, never
   * writes itself: the actual text is left in target/fixtures-actual/lab/ to be reviewed and copied
   * by hand.
   */
  public static void assertFixture(String name, String actual) {
    Optional<String> expected = fixture(name);
    if (expected.isEmpty()) {
      try {
        Path out = Path.of("target", "fixtures-actual", "lab", name);
        Files.createDirectories(out.getParent());
        Files.writeString(out, actual, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    assertThat(expected)
        .as(
            "golden file src/test/resources/fixtures/lab/"
                + name
                + " is missing; the actual output is in target/fixtures-actual/lab/"
                + name
                + ": check it against the real tool's output (fixtures/real), then copy it there")
        .isPresent();
    assertThat(actual).isEqualTo(expected.get());
  }

  public static Optional<String> fixture(String name) {
    try (InputStream in = DomainTestLab.class.getResourceAsStream("/fixtures/lab/" + name)) {
      return in == null
          ? Optional.empty()
          : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package io.vfmigrate.lab.tools.virsh;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.lab.state.VmSpec;
import io.vfmigrate.model.GuestRequirements;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The lab's hugepages: {@code virsh freepages} lists the host's free hugepages in the format of the
 * real captures (fixtures/real/freepages-*.txt), {@code virsh dumpxml} of a hugepage-backed VM
 * carries libvirt's {@code <memoryBacking>}, and destroying the VM frees its pages.
 */
class VirshHugepagesTest {
  private final DomainTestLab lab = new DomainTestLab();
  private final VirshEmulator virsh = new VirshEmulator();

  private void reserve(String host, long size, long count) {
    if (lab.host(host).hugepages == null) {
      lab.host(host).hugepages = new LinkedHashMap<>();
    }
    lab.host(host).hugepages.put(size, count);
  }

  private String freepages(String... args) {
    String[] argv = new String[args.length + 2];
    argv[0] = "virsh";
    argv[1] = "freepages";
    System.arraycopy(args, 0, argv, 2, args.length);
    return lab.run(virsh, "src", argv).stdout();
  }

  @Test
  void withoutHugepagesEverySizeButTheOrdinaryIsEmpty() {
    assertThat(freepages("--pagesize", "2048", "--all")).isEqualTo("Node 0:\n2048KiB: 0\n\n\n");
    assertThat(freepages("--all")).matches("Node 0:\n4KiB: \\d+\n2048KiB: 0\n1048576KiB: 0\n\n\n");
  }

  @Test
  void reservedHugepagesAreListedPerSize() {
    reserve("src", 2048, 4096);
    reserve("src", 1048576, 8);

    assertThat(freepages("--pagesize", "2048", "--all")).isEqualTo("Node 0:\n2048KiB: 4096\n\n\n");
    assertThat(freepages("--pagesize", "1GiB")).isEqualTo("Node 0:\n1048576KiB: 8\n\n\n");
    assertThat(freepages("--all"))
        .matches("Node 0:\n4KiB: \\d+\n2048KiB: 4096\n1048576KiB: 8\n\n\n");
    assertThat(freepages()).isEqualTo(freepages("--all"));
  }

  @Test
  void dumpxmlOfAHugepageBackedVmHasLibvirtsMemoryBacking() {
    lab.vm("src", "vm1").hugepages = 2048L;

    String xml = lab.run(virsh, "src", "virsh", "dumpxml", "vm1").stdout();

    assertThat(xml)
        .contains(
            "  <currentMemory unit='KiB'>8388608</currentMemory>\n"
                + "  <memoryBacking>\n"
                + "    <hugepages>\n"
                + "      <page size='2048' unit='KiB'/>\n"
                + "    </hugepages>\n"
                + "  </memoryBacking>\n"
                + "  <vcpu placement='static'>");
    assertThat(GuestRequirements.of(xml).hugepageKib()).contains(2048L);
  }

  @Test
  void dumpxmlOfAnOrdinaryVmHasNoMemoryBacking() {
    assertThat(lab.run(virsh, "src", "virsh", "dumpxml", "vm1").stdout())
        .doesNotContain("memoryBacking");
  }

  @Test
  void destroyingAHugepageBackedVmFreesItsPages() {
    VmSpec vm = lab.vm("src", "vm1");
    vm.hugepages = 2048L;
    vm.memory = "4GiB";
    reserve("src", 2048, 10);

    lab.run(virsh, "src", "virsh", "destroy", "vm1");

    assertThat(lab.host("src").hugepages).isEqualTo(Map.of(2048L, 2058L));
  }
}

package io.vfmigrate.lab.tools.virsh;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.lab.state.InterfaceSpec;
import io.vfmigrate.lab.tools.ToolOutput;
import io.vfmigrate.model.DomainXml;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code virsh dumpxml --migratable} against the real libvirt 9.0 capture of one running domain
 * (fixtures/real/dumpxml-live.xml and dumpxml-migratable.xml): what the live form has and the
 * migratable form drops must be dropped by the lab too.
 */
public class DumpxmlMigratableTest {
  private final DomainTestLab lab = new DomainTestLab().withVfs("src", 2);
  private final VirshEmulator virsh = new VirshEmulator();

  /** Runtime-only parts of a live definition, each as the real capture shows it. */
  private static final List<Pattern> RUNTIME_ONLY =
      List.of(
          Pattern.compile("<domain type='[a-z]+' id='\\d+'>"),
          Pattern.compile("<alias name="),
          Pattern.compile("<target dev='vnet\\d+'/>"),
          Pattern.compile("<source path='/dev/pts/"),
          Pattern.compile("tty='/dev/pts/"),
          Pattern.compile("<source mode='bind' path='[^']*org\\.qemu\\.guest_agent\\.0'/>"),
          Pattern.compile("state='(dis)?connected'"),
          Pattern.compile("<seclabel "));

  @Test
  void theRealCapturesShowWhatMigratableDrops() throws IOException {
    String live = real("dumpxml-live.xml");
    String migratable = real("dumpxml-migratable.xml");

    for (Pattern p : RUNTIME_ONLY.subList(0, 8)) {
      if (p.pattern().startsWith("state=")) {
        assertThat(p.matcher(live).find()).as(p.pattern()).isTrue();
      }
      assertThat(p.matcher(migratable).find()).as(p.pattern()).isFalse();
    }
    assertThat(live).contains("<domain type='qemu' id='1'>", "<alias name='net0'/>");
    assertThat(migratable).startsWith("<domain type='qemu'>\n");
    assertNoEmptiedElements(migratable);
  }

  @Test
  void migratableDropsWhatTheRealOneDrops() {
    InterfaceSpec vf = new InterfaceSpec();
    vf.type = "hostdev";
    vf.mac = "52:54:00:56:8c:f7";
    vf.pci = lab.nic("src").vfs.get(0).pci;
    lab.vm("src", "vm1").interfaces.add(vf);
    String live = lab.run(virsh, "src", "virsh", "dumpxml", "vm1").stdout();
    ToolOutput out = lab.run(virsh, "src", "virsh", "dumpxml", "--migratable", "vm1");

    assertThat(out.exitCode()).isZero();
    assertThat(live).contains(" id='1'>", "<alias name=", "<target dev='vnet0'/>", "<seclabel ");
    assertThat(live).contains("state='", "<source mode='bind' path=");
    for (Pattern p : RUNTIME_ONLY) {
      assertThat(p.matcher(out.stdout()).find()).as(p.pattern()).isFalse();
    }
    assertNoEmptiedElements(out.stdout());
    // Everything else stays: the hostdev interface with its source VF and MAC, the guest address.
    assertThat(out.stdout())
        .contains("<interface type='hostdev' managed='yes'>", "<mac address='52:54:00:56:8c:f7'/>")
        .contains("<resource>", "<target type='virtio' name='org.qemu.guest_agent.0'/>");
    DomainXml parsed = DomainXml.parse(out.stdout());
    assertThat(parsed.hostdevInterfaces()).hasSize(1);
  }

  @Test
  void migratableOfTheShutOffDomainIsItsPersistentDefinitionWithoutRuntimeParts() {
    lab.vm("src", "vm1").state = "shut off";

    String out = lab.run(virsh, "src", "virsh", "dumpxml", "vm1", "--migratable").stdout();

    assertThat(out).startsWith("<domain type='kvm'>\n").doesNotContain("<resource>", "<alias");
  }

  /** Every element without children is written {@code <x .../>}, never {@code <x ...>\n</x>}. */
  private static void assertNoEmptiedElements(String xml) {
    Matcher m = Pattern.compile("<([a-z]+)( [^>]*)?>\\s*</\\1>").matcher(xml);
    assertThat(m.find()).as("an emptied element written open and closed").isFalse();
  }

  private static String real(String name) throws IOException {
    try (InputStream in =
        DumpxmlMigratableTest.class.getResourceAsStream("/fixtures/real/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}

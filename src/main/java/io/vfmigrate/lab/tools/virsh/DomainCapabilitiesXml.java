package io.vfmigrate.lab.tools.virsh;

import io.vfmigrate.lab.LabException;
import io.vfmigrate.lab.machine.Platform;
import io.vfmigrate.lab.state.CpuSpec;
import io.vfmigrate.lab.state.HostSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * {@code virsh domcapabilities [--virttype T] [--emulatorbin E] [--arch A] [--machine M]} on a lab
 * host, in libvirt 9.0's format (fixtures/real/domcapabilities.xml): the host's CPU as the
 * host-model, and the machine type, canonical ({@code q35} is the host's newest q35 type). A
 * machine type the host's QEMU does not have, or another emulator, is libvirt's error (the lab's
 * hosts are x86_64 with one QEMU). The sections the lab does not model (os, memory backing,
 * devices, features) are the captured ones.
 */
final class DomainCapabilitiesXml {
  private DomainCapabilitiesXml() {}

  static void print(VirshSession s, VirshCommandLine line) {
    HostSpec host = s.context().host();
    String emulator = line.value("emulatorbin").orElse(VirshHostCommands.EMULATOR);
    String virtType = line.value("virttype").orElse("kvm");
    String arch = line.value("arch").orElse("x86_64");
    if (!emulator.equals(VirshHostCommands.EMULATOR)) {
      s.error("failed to get emulator capabilities");
      s.error("Cannot check QEMU binary " + emulator + ": No such file or directory");
      return;
    }
    List<String> machines = Platform.machineTypes(host);
    String newest = machines.get(machines.size() - 1);
    Optional<String> asked = line.value("machine");
    String machine = asked.map(m -> m.equals("q35") ? newest : m).orElse(newest);
    if (!machines.contains(machine)) {
      s.error("failed to get emulator capabilities");
      s.error(
          "invalid argument: the machine '"
              + asked.orElse(machine)
              + "' is not supported by emulator '"
              + emulator
              + "'");
      return;
    }
    StringBuilder x = new StringBuilder("<domainCapabilities>\n");
    x.append("  <path>").append(emulator).append("</path>\n");
    x.append("  <domain>").append(virtType).append("</domain>\n");
    x.append("  <machine>").append(machine).append("</machine>\n");
    x.append("  <arch>").append(arch).append("</arch>\n");
    x.append(resource("domcapabilities-os.xml"));
    x.append(cpu(Platform.hostCpu(host)));
    x.append(resource("domcapabilities-devices.xml"));
    s.print(x.toString());
  }

  private static String cpu(CpuSpec cpu) {
    StringBuilder x = new StringBuilder("  <cpu>\n");
    x.append("    <mode name='host-passthrough' supported='yes'>\n");
    x.append("      <enum name='hostPassthroughMigratable'>\n");
    x.append("        <value>on</value>\n        <value>off</value>\n      </enum>\n");
    x.append("    </mode>\n    <mode name='maximum' supported='yes'>\n");
    x.append("      <enum name='maximumMigratable'>\n");
    x.append("        <value>on</value>\n        <value>off</value>\n      </enum>\n");
    x.append("    </mode>\n    <mode name='host-model' supported='yes'>\n");
    x.append("      <model fallback='forbid'>").append(cpu.model).append("</model>\n");
    x.append("      <vendor>").append(cpu.vendor).append("</vendor>\n");
    for (String f : cpu.features) {
      x.append("      <feature policy='require' name='").append(f).append("'/>\n");
    }
    x.append("    </mode>\n    <mode name='custom' supported='yes'>\n");
    x.append("      <model usable='yes' vendor='").append(cpu.vendor).append("'>");
    x.append(cpu.model).append("</model>\n    </mode>\n  </cpu>\n");
    return x.toString();
  }

  private static String resource(String name) {
    try (InputStream in = DomainCapabilitiesXml.class.getResourceAsStream("/lab/" + name)) {
      if (in == null) {
        throw new LabException(
            "The lab's resource " + name + " is missing from the build.", "rebuild vfmigrate");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new LabException(
          "Cannot read the lab's resource " + name + ": " + e.getMessage(), "rebuild vfmigrate", e);
    }
  }
}

package io.vfmigrate.tools.virsh;

import io.vfmigrate.tools.ToolOutputException;
import java.util.Locale;
import java.util.Optional;

/**
 * What {@code virsh version} reports (tools/virsh-host.c {@code cmdVersion}):
 *
 * <pre>
 * Compiled against library: libvirt 9.0.0
 * Using library: libvirt 9.0.0
 * Using API: QEMU 9.0.0
 * Running hypervisor: QEMU 8.2.0
 * </pre>
 *
 * When the driver cannot tell the hypervisor version, the last line is {@code Cannot extract
 * running QEMU hypervisor version} instead, and with {@code --daemon} a {@code Running against
 * daemon:} line follows. Very old virsh wrote {@code libvir} for {@code libvirt}.
 *
 * @param libraryVersion the client library in use, e.g. {@code 9.0.0}
 * @param apiVersion the driver API version
 * @param hypervisorName the driver's hypervisor type, e.g. {@code QEMU}
 * @param hypervisorVersion the running hypervisor's version, e.g. {@code 8.2.0}
 */
public record VirshVersion(
    String libraryVersion,
    String apiVersion,
    String hypervisorName,
    Optional<String> hypervisorVersion) {

  public static VirshVersion parse(String stdout) {
    String library = null;
    String api = null;
    String hypervisor = null;
    String hypervisorVersion = null;
    for (String line : VirshText.lines(stdout)) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String label = line.substring(0, colon).strip();
      String value = line.substring(colon + 1).strip();
      switch (label) {
        case "Using library" -> library = lastWord(value);
        case "Using API" -> {
          api = lastWord(value);
          hypervisor = firstWords(value);
        }
        case "Running hypervisor" -> {
          hypervisor = firstWords(value);
          hypervisorVersion = lastWord(value);
        }
        default -> {
          // "Compiled against library", "Running against daemon" and anything newer
        }
      }
    }
    if (library == null || api == null) {
      throw new ToolOutputException(
          "virsh version", "no 'Using library:' / 'Using API:' lines", stdout);
    }
    return new VirshVersion(library, api, hypervisor, Optional.ofNullable(hypervisorVersion));
  }

  /** The running QEMU's version when the hypervisor is QEMU, e.g. {@code 8.2.0}. */
  public Optional<String> qemuVersion() {
    return hypervisorName.toUpperCase(Locale.ROOT).equals("QEMU")
        ? hypervisorVersion
        : Optional.empty();
  }

  private static String lastWord(String value) {
    int space = value.lastIndexOf(' ');
    return space < 0 ? value : value.substring(space + 1);
  }

  private static String firstWords(String value) {
    int space = value.lastIndexOf(' ');
    return space < 0 ? value : value.substring(0, space).strip();
  }
}

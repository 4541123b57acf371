package io.vfmigrate.lab.tools.mstflint;

import io.vfmigrate.lab.machine.HostFacts;
import io.vfmigrate.lab.state.NicSpec;
import io.vfmigrate.lab.tools.LabContext;
import io.vfmigrate.lab.tools.ToolEmulator;
import io.vfmigrate.lab.tools.ToolOutput;
import io.vfmigrate.model.FirmwareVersion;
import io.vfmigrate.model.PciAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code mstflint -d DEV q|query}: the quick query of flint (mstflint 4.28 flint/subcommands.cpp
 * {@code QuerySubCommand::printInfo}, {@code displayFs3Uids}, {@code PRINT_FS4_OR_NEWER_UID}).
 * Labels are padded to column 23; {@code FW Version} is the flashed image and {@code FW
 * Version(Running)} follows when the running firmware differs; the release date is {@code %x.%x.%x}
 * day.month.year. Errors go to stdout with {@code -E- }: an unknown device gives {@code Cannot open
 * Device: DEV. No such file or directory. MFE_CR_ERROR} and exit 1.
 */
public final class MstflintEmulator implements ToolEmulator {
  /** Release dates of firmware images the lab knows; others get a date derived from the version. */
  private static final Map<String, String> RELEASE_DATES =
      Map.of(
          "28.41.1000", "28.3.2024",
          "28.39.1002", "2.11.2023",
          "28.39.2048", "5.1.2024",
          "28.40.1000", "18.1.2024",
          "28.36.1010", "16.2.2023",
          "28.42.1000", "25.7.2024");

  @Override
  public Set<String> programs() {
    return Set.of("mstflint", "flint");
  }

  @Override
  public ToolOutput run(LabContext context, List<String> argv, Optional<String> stdin) {
    String device = null;
    String command = null;
    List<String> args = argv.subList(1, argv.size());
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("-d") || arg.equals("--device")) {
        if (i + 1 >= args.size()) {
          return ToolOutput.of(1, "-E- Missing argument for flag: " + arg + "\n", "");
        }
        device = args.get(++i);
      } else if (arg.equals("-i") || arg.equals("--image")) {
        return HostFacts.notEmulated("mstflint", "-i IMAGE");
      } else if (arg.startsWith("-")) {
        return ToolOutput.of(1, "-E- Unknown Flag: " + arg.replaceFirst("^-+", "") + "\n", "");
      } else if (command == null) {
        command = arg;
      } else if (!(arg.equals("full") && isQuery(command))) {
        return ToolOutput.of(
            1,
            "-E- Command \"" + command + "\" requires 0 arguments, but 1 arguments were given\n",
            "");
      }
    }
    if (command == null) {
      return ToolOutput.of(1, "No command found.\n", "");
    }
    if (!isQuery(command)) {
      return HostFacts.notEmulated("mstflint", command);
    }
    if (device == null) {
      return ToolOutput.of(1, "-E- Please specify either Device or Image.\n", "");
    }
    Optional<NicSpec> nic = HostFacts.pf(context.host(), device);
    if (nic.isEmpty()) {
      return ToolOutput.of(
          1,
          "-E- Cannot open Device: " + device + ". No such file or directory. MFE_CR_ERROR\n",
          "");
    }
    return ToolOutput.ok(query(nic.get()));
  }

  private static boolean isQuery(String command) {
    return command.equals("q") || command.equals("query");
  }

  static String query(NicSpec nic) {
    String running = FirmwareVersion.parse(nic.firmware).toString();
    String image =
        nic.firmwareNext == null ? running : FirmwareVersion.parse(nic.firmwareNext).toString();
    StringBuilder out = new StringBuilder();
    out.append("Image type:            FS4\n");
    out.append("FW Version:            ").append(image).append('\n');
    if (!image.equals(running)) {
      out.append("FW Version(Running):   ").append(running).append('\n');
    }
    out.append("FW Release Date:       ").append(releaseDate(image)).append('\n');
    out.append("Product Version:       ").append(image).append('\n');
    out.append("Rom Info:              type=UEFI version=14.34.12 cpu=AMD64,AARCH64\n");
    out.append("                       type=PXE version=3.7.400 cpu=AMD64\n");
    out.append("Description:           UID                GuidsNumber\n");
    long base = baseId(nic);
    out.append(
        String.format(Locale.ROOT, "%-18s     %016x        %d\n", "Base GUID:", guid(base), 8));
    out.append(
        String.format(Locale.ROOT, "%-18s     %012x            %d\n", "Base MAC:", mac(base), 8));
    out.append("Image VSD:             N/A\n");
    out.append("Device VSD:            N/A\n");
    out.append("PSID:                  ").append(nic.psid).append('\n');
    out.append("Security Attributes:   secure-fw\n");
    return out.toString().replace("\r\n", "\n");
  }

  static String releaseDate(String version) {
    String known = RELEASE_DATES.get(version);
    if (known != null) {
      return known;
    }
    FirmwareVersion v = FirmwareVersion.parse(version);
    return (1 + v.subminor() % 28) + "." + (1 + v.minor() % 12) + "." + (2000 + v.minor() / 2 + 4);
  }

  /** 24 bits that tell NICs apart, stable per PCI address and PSID. */
  private static long baseId(NicSpec nic) {
    return (PciAddress.parse(nic.pci).hashCode() * 31L + nic.psid.hashCode()) & 0xfffff8L;
  }

  /** NVIDIA's OUI a0:88:c2 with the 0300 GUID infix. */
  static long guid(long base) {
    return (0xa088c2L << 40) | (0x0300L << 24) | base;
  }

  static long mac(long base) {
    return (0xa088c2L << 24) | base;
  }

  static String baseMac(NicSpec nic) {
    return String.format(Locale.ROOT, "%012x", mac(baseId(nic)));
  }
}

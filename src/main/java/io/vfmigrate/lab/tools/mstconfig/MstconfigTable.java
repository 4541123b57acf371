package io.vfmigrate.lab.tools.mstconfig;

import io.vfmigrate.lab.machine.HostFacts;
import io.vfmigrate.lab.machine.NicCatalogue;
import io.vfmigrate.lab.machine.Packages;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.NicSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How mstconfig prints a device's parameters: the device header, the table of default, current and
 * next-boot values (aligned columns since mstflint 4.36), and each value's rendering.
 */
final class MstconfigTable {
  static final List<String> ENUM_NAMES =
      List.of("DEVICE_DEFAULT", "MIGRATION_DISABLED", "MIGRATION_ENABLED");

  private MstconfigTable() {}

  static Layout of(HostSpec host) {
    String v = Packages.version(host, "mstflint").orElse("4.26.0");
    return new Layout(HostFacts.atLeast(v, "4.36"));
  }

  /** The two table layouts of mstconfig. */
  record Layout(boolean aligned) {
    String opening(NicSpec nic, String dev, int index) {
      StringBuilder s = new StringBuilder();
      s.append("\nDevice #").append(index).append(":\n----------\n\n");
      s.append(String.format(Locale.ROOT, "%-20s%-20s\n", "Device type:", deviceType(nic)));
      s.append(String.format(Locale.ROOT, "%-20s%-20s\n", "Name:", partNumber(nic)));
      s.append(String.format(Locale.ROOT, "%-20s%-20s\n", "Description:", description(nic)));
      s.append(String.format(Locale.ROOT, "%-20s%-20s\n", "Device:", dev));
      s.append('\n');
      return s.toString();
    }

    String header(boolean verbose, boolean showNew) {
      StringBuilder s = new StringBuilder();
      if (aligned) {
        s.append(String.format(Locale.ROOT, "%-56s", "Configurations:"));
        if (verbose) {
          s.append(String.format(Locale.ROOT, "%-33s %-33s ", "Default", "Current"));
        }
        s.append(String.format(Locale.ROOT, "%-33s", "Next Boot"));
        if (showNew) {
          s.append(String.format(Locale.ROOT, " %-33s", "New"));
        }
      } else {
        if (verbose) {
          s.append(
              String.format(
                  Locale.ROOT,
                  "%-20s%39s%21s%23s",
                  "Configurations:",
                  "Default",
                  "Current",
                  "Next Boot"));
        } else {
          s.append(String.format(Locale.ROOT, "%-20s%41s", "Configurations:", "Next Boot"));
        }
        if (showNew) {
          s.append("       New");
        }
      }
      return s.append('\n').toString();
    }

    String row(String name, Values v, boolean verbose, Integer set, boolean showNew) {
      int width = aligned ? 33 : 20;
      String diff = verbose && (v.next() != v.def() || v.next() != v.current()) ? "*" : " ";
      StringBuilder s = new StringBuilder();
      s.append(diff).append("  ").append("     ");
      s.append(String.format(Locale.ROOT, "%-" + (aligned ? 48 : 44) + "s", name));
      List<Integer> cells = new ArrayList<>();
      if (verbose) {
        cells.add(v.def());
        cells.add(v.current());
      }
      cells.add(v.next());
      if (showNew) {
        cells.add(set == null ? v.next() : set);
      }
      for (int i = 0; i < cells.size(); i++) {
        if (i > 0) {
          s.append(' ');
        }
        s.append(String.format(Locale.ROOT, "%-" + width + "s", render(v.kind(), cells.get(i))));
      }
      return s.append('\n').toString();
    }
  }

  static String deviceType(NicSpec nic) {
    return NicCatalogue.of(nic).deviceType();
  }

  /** The board part number (the lab models one adapter per family). */
  static String partNumber(NicSpec nic) {
    return NicCatalogue.of(nic).partNumber();
  }

  static String description(NicSpec nic) {
    return NicCatalogue.of(nic).description();
  }

  /** Default, current and next-boot values of a parameter. */
  record Values(int def, int current, int next, String kind) {}

  static Values values(NicSpec nic, String name) {
    return switch (name) {
      case "NUM_OF_VFS" -> new Values(nic.totalVfs, nic.totalVfs, nic.totalVfs, "uint");
      case "SRIOV_EN" -> new Values(1, 1, 1, "bool");
      default ->
          new Values(
              0,
              nic.vfMigrationMode,
              nic.vfMigrationModeNext == null ? nic.vfMigrationMode : nic.vfMigrationModeNext,
              "enum");
    };
  }

  static String render(String kind, int value) {
    return switch (kind) {
      case "bool" -> (value == 0 ? "False" : "True") + "(" + value + ")";
      case "enum" ->
          value < ENUM_NAMES.size()
              ? ENUM_NAMES.get(value) + "(" + value + ")"
              : String.valueOf(value);
      default -> String.valueOf(value);
    };
  }
}

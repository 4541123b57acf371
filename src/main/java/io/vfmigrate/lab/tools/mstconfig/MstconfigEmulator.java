package io.vfmigrate.lab.tools.mstconfig;

import io.vfmigrate.lab.machine.Firmware;
import io.vfmigrate.lab.machine.HostFacts;
import io.vfmigrate.lab.machine.NicCatalogue;
import io.vfmigrate.lab.machine.Packages;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.NicSpec;
import io.vfmigrate.lab.tools.LabContext;
import io.vfmigrate.lab.tools.ToolEmulator;
import io.vfmigrate.lab.tools.ToolOutput;
import io.vfmigrate.model.PciAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code mstconfig -d DEV [-e] [-y] query [PARAM...]} and {@code set PARAM=VALUE...} (mstflint's
 * mlxconfig: mlxcfg_parser.cpp {@code parseArgs}, mlxcfg_ui.cpp {@code printOpening}, {@code
 * printConfHeader}, {@code printSingleParam}, {@code askUser}, {@code setDevCfg}). Everything,
 * errors included, goes to stdout; exit codes are 0 OK, 2 aborted, 3 error. The table layout is the
 * one of mstflint up to 4.35 (name {@code %-44s}, values {@code %-20s}) or, from 4.36, the aligned
 * one (name {@code %-48s}, values 33 wide). The parameters are VF_MIGRATION_MODE (ConnectX-7 only),
 * SRIOV_EN and NUM_OF_VFS, with the enum texts of mlxconfig_host.db.
 *
 * <p>Over 300 lines: mstconfig's argument parsing and its query and set dialogues, whose texts
 * depend on each other; the table and the help text are in MstconfigTable and MstconfigHelp, the
 * NIC facts in NicCatalogue.
 */
public final class MstconfigEmulator implements ToolEmulator {
  static final int OK = 0;
  static final int ABORTED = 2;
  static final int ERROR = 3;
  private static final String MIGRATION = "VF_MIGRATION_MODE";

  @Override
  public Set<String> programs() {
    return Set.of("mstconfig");
  }

  /** Parsed command line. */
  private static final class Args {
    String device;
    boolean yes;
    boolean verbose;
    String command;
    List<String> params = new ArrayList<>();
  }

  @Override
  public ToolOutput run(LabContext context, List<String> argv, Optional<String> stdin) {
    Args a = new Args();
    List<String> args = argv.subList(1, argv.size());
    int i = 0;
    for (; i < args.size() && a.command == null; i++) {
      String arg = args.get(i);
      switch (arg) {
        case "-v", "--version" -> {
          String v = Packages.version(context.host(), "mstflint").orElse("4.26.0");
          return ToolOutput.ok("mstconfig, mstflint " + v + ", Git SHA Hash: N/A\n");
        }
        case "-h", "--help" -> {
          return ToolOutput.ok(MstconfigHelp.help());
        }
        case "-d", "--dev" -> {
          if (i + 1 >= args.size()) {
            return usageError("missing device name");
          }
          a.device = args.get(++i);
        }
        case "-y", "--yes" -> a.yes = true;
        case "-e", "--enable_verbosity" -> a.verbose = true;
        case "-a", "--all_attrs", "--force" -> {
          // accepted, no effect on query/set output here
        }
        case "-b",
            "--db",
            "-f",
            "--file",
            "-t",
            "--device_type",
            "-p",
            "--private_key",
            "-u",
            "--key_uuid",
            "-eng",
            "--openssl_engine",
            "-k",
            "--openssl_key_id" -> {
          return HostFacts.notEmulated("mstconfig", arg);
        }
        case "query", "q" -> a.command = "query";
        case "set", "s" -> a.command = "set";
        case "reset",
            "r",
            "clear_semaphore",
            "set_raw",
            "get_raw",
            "backup",
            "gen_tlvs_file",
            "t",
            "gen_xml_template",
            "g",
            "raw2xml",
            "xml2raw",
            "x",
            "xml2bin",
            "create_conf",
            "apply",
            "show_confs",
            "i" -> {
          return HostFacts.notEmulated("mstconfig", arg);
        }
        default -> {
          return usageError("invalid argument: " + arg);
        }
      }
    }
    if (a.command == null) {
      return usageError("No command found. For more information please read the help message:");
    }
    a.params.addAll(args.subList(i, args.size()));
    MstconfigTable.Layout layout = MstconfigTable.of(context.host());
    if (a.command.equals("query")) {
      return query(context.host(), a, layout);
    }
    return set(context.host(), a, layout, stdin);
  }

  // ---------------------------------------------------------------- query

  private static ToolOutput query(HostSpec host, Args a, MstconfigTable.Layout layout) {
    List<String> names = new ArrayList<>();
    for (String p : a.params) {
      names.add(p.toUpperCase(Locale.ROOT));
    }
    StringBuilder out = new StringBuilder();
    if (a.device != null) {
      Optional<NicSpec> nic = HostFacts.pf(host, a.device);
      if (nic.isEmpty()) {
        return ToolOutput.of(ERROR, "-E- Failed to open the device\n", "");
      }
      boolean ok = queryDevice(out, nic.get(), a.device, 1, names, a.verbose, layout, null);
      return ToolOutput.of(ok ? OK : ERROR, out.toString(), "");
    }
    List<NicSpec> nics = new ArrayList<>(host.nics);
    nics.sort(Comparator.comparing(n -> PciAddress.parse(n.pci)));
    if (nics.isEmpty()) {
      return ToolOutput.of(
          ERROR,
          "-E- No devices found, mst might be stopped. You may need to run 'mst start' to load MST"
              + " modules. \n",
          "");
    }
    boolean ok = true;
    int index = 1;
    for (NicSpec nic : nics) {
      ok &= queryDevice(out, nic, nic.pci, index++, names, a.verbose, layout, null);
    }
    return ToolOutput.of(ok ? OK : ERROR, out.toString(), "");
  }

  /**
   * Prints the opening, the header and one row per parameter; returns false after printing the
   * error when a parameter is unknown or unsupported.
   */
  private static boolean queryDevice(
      StringBuilder out,
      NicSpec nic,
      String dev,
      int index,
      List<String> names,
      boolean verbose,
      MstconfigTable.Layout layout,
      Map<String, Integer> newValues) {
    out.append(layout.opening(nic, dev, index));
    out.append(layout.header(verbose, newValues != null));
    List<String> rows = names.isEmpty() ? supported(nic) : names;
    for (String name : rows) {
      Optional<String> problem = problem(nic, name);
      if (problem.isPresent()) {
        out.append("-E- ").append(problem.get()).append('\n');
        return false;
      }
    }
    boolean differ = false;
    for (String name : rows) {
      MstconfigTable.Values v = MstconfigTable.values(nic, name);
      Integer set = newValues == null ? null : newValues.get(name);
      out.append(layout.row(name, v, verbose, set, newValues != null));
      differ |= verbose && (v.next() != v.def() || v.next() != v.current());
    }
    if (differ) {
      out.append(
          "The '*' shows parameters with next value different from default/current value.\n");
    }
    return true;
  }

  private static List<String> supported(NicSpec nic) {
    List<String> names = new ArrayList<>(List.of("NUM_OF_VFS", "SRIOV_EN"));
    if (supportsMigration(nic)) {
      names.add(MIGRATION);
    }
    return names;
  }

  private static boolean supportsMigration(NicSpec nic) {
    return NicCatalogue.supportsVfMigration(nic);
  }

  private static Optional<String> problem(NicSpec nic, String name) {
    if (name.equals(MIGRATION)) {
      return supportsMigration(nic)
          ? Optional.empty()
          : Optional.of("The Device doesn't support " + MIGRATION + " parameter");
    }
    if (name.equals("NUM_OF_VFS") || name.equals("SRIOV_EN")) {
      return Optional.empty();
    }
    return Optional.of("Unknown Parameter: " + name);
  }

  // ---------------------------------------------------------------- set

  private static ToolOutput set(
      HostSpec host, Args a, MstconfigTable.Layout layout, Optional<String> stdin) {
    if (a.params.isEmpty()) {
      return usageError(
          "missing configuration arguments. For more information please run mstconfig"
              + " -h|--help.");
    }
    if (a.device == null) {
      return usageError("set command expects device to be specified.");
    }
    Map<String, String> requested = new LinkedHashMap<>();
    for (String p : a.params) {
      String[] parts = p.split("=", -1);
      if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
        return usageError("Invalid Configuration argument " + p);
      }
      String name = parts[0].toUpperCase(Locale.ROOT);
      if (requested.containsKey(name)) {
        return usageError("Duplicate parameter, " + name + ".");
      }
      requested.put(name, parts[1]);
    }
    Optional<NicSpec> found = HostFacts.pf(host, a.device);
    if (found.isEmpty()) {
      return ToolOutput.of(ERROR, "-E- Failed to open the device\n", "");
    }
    NicSpec nic = found.get();
    StringBuilder out = new StringBuilder();
    Map<String, Integer> newValues = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : requested.entrySet()) {
      Optional<String> problem = problem(nic, e.getKey());
      if (problem.isPresent()) {
        out.append(layout.opening(nic, a.device, 1)).append(layout.header(a.verbose, true));
        out.append("-E- ").append(problem.get()).append('\n');
        return ToolOutput.of(ERROR, out.toString(), "");
      }
      Optional<Integer> value = parse(e.getKey(), e.getValue());
      if (value.isEmpty()) {
        out.append(layout.opening(nic, a.device, 1)).append(layout.header(a.verbose, true));
        out.append("-E- Cannot set the value ")
            .append(e.getValue())
            .append(" for the parameter ")
            .append(e.getKey())
            .append(": Cannot parse the value\n");
        return ToolOutput.of(ERROR, out.toString(), "");
      }
      newValues.put(e.getKey(), value.get());
    }
    queryDevice(
        out, nic, a.device, 1, List.copyOf(newValues.keySet()), a.verbose, layout, newValues);
    out.append("\n Apply new Configuration? (y/n) [n] : ");
    if (a.yes) {
      out.append("y\n");
    } else {
      String answer = stdin.map(s -> s.lines().findFirst().orElse("")).orElse("").strip();
      if (!answer.equalsIgnoreCase("y") && !answer.equalsIgnoreCase("yes")) {
        out.append("-E- Aborted by user.\n");
        return ToolOutput.of(ABORTED, out.toString(), "");
      }
    }
    out.append("Applying... ");
    for (Map.Entry<String, Integer> e : newValues.entrySet()) {
      MstconfigTable.Values v = MstconfigTable.values(nic, e.getKey());
      if (e.getKey().equals(MIGRATION)) {
        Firmware.setVfMigrationModeNext(nic, e.getValue());
      } else if (e.getValue() != v.next()) {
        // The lab has no next-boot field for SR-IOV settings: refuse rather than pretend.
        out.append("Failed!\n-E- vfmigrate lab: changing ")
            .append(e.getKey())
            .append(" is not emulated\n");
        return ToolOutput.of(ERROR, out.toString(), "");
      }
    }
    out.append("Done!\n-I- Please reboot machine to load new configurations.\n");
    return ToolOutput.of(OK, out.toString(), "");
  }

  private static Optional<Integer> parse(String name, String text) {
    String t = text.toUpperCase(Locale.ROOT);
    switch (name) {
      case MIGRATION -> {
        int named = MstconfigTable.ENUM_NAMES.indexOf(t);
        if (named >= 0) {
          return Optional.of(named);
        }
        return number(t).filter(n -> n >= 0 && n < MstconfigTable.ENUM_NAMES.size());
      }
      case "SRIOV_EN" -> {
        if (t.equals("TRUE")) {
          return Optional.of(1);
        }
        if (t.equals("FALSE")) {
          return Optional.of(0);
        }
        return number(t).filter(n -> n == 0 || n == 1);
      }
      default -> {
        return number(t).filter(n -> n >= 0 && n <= 0xffff);
      }
    }
  }

  private static Optional<Integer> number(String t) {
    try {
      return Optional.of(
          t.startsWith("0X") ? Integer.parseInt(t.substring(2), 16) : Integer.parseInt(t));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  // ---------------------------------------------------------------- usage

  private static ToolOutput usageError(String message) {
    return ToolOutput.of(ERROR, "-E- " + message + "\n" + MstconfigHelp.help(), "");
  }
}

package io.vfmigrate.lab.tools.stat;

import io.vfmigrate.lab.machine.Platform;
import io.vfmigrate.lab.tools.LabContext;
import io.vfmigrate.lab.tools.ToolEmulator;
import io.vfmigrate.lab.tools.ToolOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * GNU coreutils {@code stat -f} ({@code --file-system}) on a lab host: the filesystem under a path,
 * with {@code -c/--format} directives {@code %t} (type in hex), {@code %T} (type name) and {@code
 * %n} (file name). The lab knows the filesystems under VM disks ({@link Platform#filesystem}).
 */
public final class StatEmulator implements ToolEmulator {
  @Override
  public Set<String> programs() {
    return Set.of("stat");
  }

  @Override
  public ToolOutput run(LabContext context, List<String> argv, Optional<String> stdin) {
    boolean fileSystem = false;
    String format = null;
    List<String> paths = new ArrayList<>();
    for (int i = 1; i < argv.size(); i++) {
      String a = argv.get(i);
      if (a.equals("-f") || a.equals("--file-system")) {
        fileSystem = true;
      } else if ((a.equals("-c") || a.equals("--format")) && i + 1 < argv.size()) {
        format = argv.get(++i);
      } else if (a.startsWith("--format=")) {
        format = a.substring("--format=".length());
      } else if (a.startsWith("-") && a.length() > 1) {
        return ToolOutput.error(
            1,
            "stat: invalid option -- '"
                + a.substring(1, 2)
                + "'\nTry 'stat --help' for more information.\n");
      } else {
        paths.add(a);
      }
    }
    if (paths.isEmpty()) {
      return ToolOutput.error(
          1, "stat: missing operand\nTry 'stat --help' for more information.\n");
    }
    if (!fileSystem) {
      return ToolOutput.error(1, "stat: the lab emulates only 'stat -f' (file system status)\n");
    }
    StringBuilder out = new StringBuilder();
    StringBuilder err = new StringBuilder();
    for (String path : paths) {
      Optional<Long> magic = Platform.filesystem(context.lab(), context.hostName(), path);
      if (magic.isEmpty()) {
        err.append("stat: cannot read file system information for '")
            .append(path)
            .append("': No such file or directory\n");
        continue;
      }
      String hex = Long.toHexString(magic.get());
      String name = magic.get() == Platform.NFS_MAGIC ? "nfs" : "xfs";
      if (format == null) {
        out.append("  File: \"")
            .append(path)
            .append("\"\n")
            .append("    ID: 7308de0fa622347 Namelen: 255     Type: ")
            .append(name)
            .append('\n')
            .append("Block size: 4096       Fundamental block size: 4096\n")
            .append("Blocks: Total: 66053021   Free: 60151440   Available: 60151440\n")
            .append("Inodes: Total: 16777216   Free: 16359137\n");
      } else {
        out.append(format.replace("%t", hex).replace("%T", name).replace("%n", path)).append('\n');
      }
    }
    return ToolOutput.of(err.length() == 0 ? 0 : 1, out.toString(), err.toString());
  }
}

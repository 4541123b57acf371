package io.vfmigrate.lab.tools;

import io.vfmigrate.lab.tools.devlink.DevlinkEmulator;
import io.vfmigrate.lab.tools.dpkg.DpkgQueryEmulator;
import io.vfmigrate.lab.tools.lshw.LshwEmulator;
import io.vfmigrate.lab.tools.modinfo.ModinfoEmulator;
import io.vfmigrate.lab.tools.mstconfig.MstconfigEmulator;
import io.vfmigrate.lab.tools.mstflint.MstflintEmulator;
import io.vfmigrate.lab.tools.ovs.OvsAppctlEmulator;
import io.vfmigrate.lab.tools.ovs.OvsVsctlEmulator;
import io.vfmigrate.lab.tools.rpm.RpmEmulator;
import io.vfmigrate.lab.tools.sysfs.SysfsFilesystem;
import io.vfmigrate.lab.tools.systemctl.SystemctlEmulator;
import io.vfmigrate.lab.tools.uname.UnameEmulator;
import io.vfmigrate.lab.tools.virsh.VirshEmulator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The registry of emulated tools and the emulated filesystem. */
public final class Emulators {
  private static final List<ToolEmulator> ALL =
      List.of(
          new RpmEmulator(),
          new DpkgQueryEmulator(),
          new SystemctlEmulator(),
          new UnameEmulator(),
          new ModinfoEmulator(),
          new LshwEmulator(),
          new MstflintEmulator(),
          new MstconfigEmulator(),
          new DevlinkEmulator(),
          new VirshEmulator(),
          new OvsVsctlEmulator(),
          new OvsAppctlEmulator(),
          new io.vfmigrate.lab.tools.stat.StatEmulator(),
          new io.vfmigrate.lab.tools.firewall.FirewallCmdEmulator());
  private static final Map<String, ToolEmulator> BY_PROGRAM = index();
  private static final VirtualFilesystem FILESYSTEM = new SysfsFilesystem();

  private Emulators() {}

  private static Map<String, ToolEmulator> index() {
    Map<String, ToolEmulator> map = new HashMap<>();
    for (ToolEmulator e : ALL) {
      for (String program : e.programs()) {
        map.put(program, e);
      }
    }
    return Map.copyOf(map);
  }

  public static Optional<ToolEmulator> forProgram(String program) {
    return Optional.ofNullable(BY_PROGRAM.get(program));
  }

  public static VirtualFilesystem filesystem() {
    return FILESYSTEM;
  }
}

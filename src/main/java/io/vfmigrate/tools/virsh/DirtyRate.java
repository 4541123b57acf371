package io.vfmigrate.tools.virsh;

import io.vfmigrate.tools.ToolOutputException;
import java.util.OptionalLong;

/**
 * What {@code virsh domstats VM --dirtyrate} reports (virsh-domain-monitor.c prints {@code Domain:
 * 'NAME'} and then {@code " key=value"} lines): {@code dirtyrate.calc_status} 0 unstarted, 1
 * measuring, 2 measured; {@code dirtyrate.megabytes_per_second} the guest's dirty rate in MiB/s
 * (present once measured).
 *
 * @param calcStatus 0 unstarted, 1 measuring, 2 measured
 * @param mebibytesPerSecond the measured rate, once {@code calcStatus} is 2
 */
public record DirtyRate(int calcStatus, OptionalLong mebibytesPerSecond) {
  public static final int MEASURED = 2;

  public static DirtyRate parse(String stdout) {
    Integer status = null;
    OptionalLong rate = OptionalLong.empty();
    for (String line : VirshText.lines(stdout)) {
      String l = line.strip();
      int eq = l.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String key = l.substring(0, eq);
      String value = l.substring(eq + 1);
      try {
        if (key.equals("dirtyrate.calc_status")) {
          status = Integer.parseInt(value);
        } else if (key.equals("dirtyrate.megabytes_per_second")) {
          rate = OptionalLong.of(Long.parseLong(value));
        }
      } catch (NumberFormatException e) {
        throw new ToolOutputException(
            "virsh domstats --dirtyrate", "a number for " + key + ", got '" + value + "'", stdout);
      }
    }
    if (status == null) {
      throw new ToolOutputException(
          "virsh domstats --dirtyrate", "a dirtyrate.calc_status line", stdout);
    }
    return new DirtyRate(status, rate);
  }

  public boolean measured() {
    return calcStatus == MEASURED && mebibytesPerSecond.isPresent();
  }
}

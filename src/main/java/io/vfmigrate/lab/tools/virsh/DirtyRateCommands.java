package io.vfmigrate.lab.tools.virsh;

import io.vfmigrate.lab.machine.Domains;
import io.vfmigrate.lab.state.VmSpec;
import io.vfmigrate.model.Bandwidth;

/**
 * libvirt's dirty-rate measurement of a running domain: {@code virsh domdirtyrate-calc VM
 * [--seconds N]} starts it ({@code Start to calculate domain's memory dirty rate successfully.}),
 * and {@code virsh domstats VM --dirtyrate} reports it as {@code dirtyrate.*} fields: {@code
 * calc_status} 1 while measuring, 2 once measured (with {@code megabytes_per_second}, MiB/s),
 * {@code calc_start_time} (seconds), {@code calc_period}, {@code calc_mode} (libvirt's
 * docs/manpages/virsh.rst; tools/virsh-domain.c cmdDomDirtyRateCalc). The lab measures the domain's
 * {@code dirty_rate} once its period has passed on the lab's clock.
 */
final class DirtyRateCommands {
  static final int DEFAULT_SECONDS = 1;

  private DirtyRateCommands() {}

  static void calc(VirshSession session, VirshCommandLine line, VmSpec vm) {
    int seconds = DEFAULT_SECONDS;
    if (line.value("seconds").isPresent()) {
      try {
        seconds = Integer.parseInt(line.value("seconds").get());
      } catch (NumberFormatException e) {
        seconds = -1;
      }
      if (seconds < 1 || seconds > 60) {
        // qemuDomainStartDirtyRateCalc
        session.error(
            "invalid argument: seconds="
                + line.value("seconds").get()
                + " is invalid, please"
                + " choose value within [1, 60].");
        return;
      }
    }
    if (!"running".equals(vm.state)) {
      session.error("Requested operation is not valid: domain is not running");
      return;
    }
    Domains.startDirtyRateCalc(vm, session.context().lab().clockMs, seconds);
    session.print("Start to calculate domain's memory dirty rate successfully.\n");
  }

  static void domstats(VirshSession session, VirshCommandLine line, VmSpec vm) {
    StringBuilder out = new StringBuilder("Domain: '" + vm.name + "'\n");
    if (line.flag("dirtyrate")) {
      long now = session.context().lab().clockMs;
      if (vm.dirtyRateCalcStartMs == null) {
        out.append("  dirtyrate.calc_status=0\n");
      } else {
        long start = vm.dirtyRateCalcStartMs;
        boolean measured = now >= start + vm.dirtyRateCalcSeconds * 1000L;
        out.append("  dirtyrate.calc_status=").append(measured ? 2 : 1).append('\n');
        out.append("  dirtyrate.calc_start_time=").append(start / 1000).append('\n');
        out.append("  dirtyrate.calc_period=").append(vm.dirtyRateCalcSeconds).append('\n');
        if (measured) {
          long mib = Bandwidth.parse(vm.dirtyRate).bytesPerSecond() >> 20;
          out.append("  dirtyrate.megabytes_per_second=").append(mib).append('\n');
        }
        out.append("  dirtyrate.calc_mode=page-sampling\n");
      }
    }
    session.print(out.append('\n').toString());
  }
}

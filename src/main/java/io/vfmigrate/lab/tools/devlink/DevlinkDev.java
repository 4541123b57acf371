package io.vfmigrate.lab.tools.devlink;

import io.vfmigrate.lab.machine.HostFacts;
import io.vfmigrate.lab.machine.Sriov;
import io.vfmigrate.lab.state.NicSpec;
import io.vfmigrate.lab.tools.IprouteJson;
import io.vfmigrate.lab.tools.ToolOutput;
import io.vfmigrate.model.FirmwareVersion;
import java.util.List;
import java.util.Optional;

/** {@code devlink dev show|info|eswitch show|eswitch set}: parsing and text/JSON rendering. */
final class DevlinkDev {
  private DevlinkDev() {}

  static ToolOutput dev(DevlinkRun r) {
    if (r.match("help")) {
      r.err.append(DevlinkTexts.DEV_HELP);
      return r.result(0);
    }
    if (!r.hasArg() || r.match("show") || r.match("list")) {
      r.next();
      return devShow(r);
    }
    if (r.match("eswitch")) {
      r.pos++;
      if (!r.hasArg() || r.match("help")) {
        r.err.append(DevlinkTexts.DEV_HELP);
        return r.result(0);
      }
      if (r.match("set")) {
        r.pos++;
        return eswitchSet(r);
      }
      if (r.match("show")) {
        r.pos++;
        return eswitchShow(r);
      }
      return r.fail("Command \"" + r.arg() + "\" not found\n");
    }
    for (String sub : List.of("reload", "param")) {
      if (r.match(sub)) {
        return HostFacts.notEmulated("devlink", "dev " + sub);
      }
    }
    if (r.match("info")) {
      r.pos++;
      return devInfo(r);
    }
    for (String sub : List.of("flash", "selftests")) {
      if (r.match(sub)) {
        return HostFacts.notEmulated("devlink", "dev " + sub);
      }
    }
    return r.fail("Command \"" + r.arg() + "\" not found\n");
  }

  static ToolOutput devShow(DevlinkRun r) {
    DevlinkObjects.Selection selected = DevlinkObjects.select(r);
    if (selected.failed().isPresent()) {
      return selected.failed().get();
    }
    List<DevlinkObjects.Instance> shown = selected.shown();
    String error = selected.error();
    return DevlinkRun.section(
        r,
        "dev",
        json -> {
          for (DevlinkObjects.Instance i : shown) {
            if (r.json) {
              json.startObject(i.handle()).endObject();
            } else {
              r.out.append(i.handle()).append('\n');
            }
          }
        },
        error);
  }

  static ToolOutput eswitchShow(DevlinkRun r) {
    Optional<String> h = DevlinkRun.devHandle(r);
    if (h.isEmpty()) {
      return r.result(1);
    }
    Optional<ToolOutput> extra = DevlinkRun.unknownOption(r);
    if (extra.isPresent()) {
      return extra.get();
    }
    Optional<DevlinkObjects.Instance> i = DevlinkObjects.instance(r.host, h.get());
    String error = i.isEmpty() ? DevlinkRun.ENODEV : i.get().isPf() ? null : DevlinkRun.EOPNOTSUPP;
    return DevlinkRun.section(
        r,
        "dev",
        json -> {
          if (error != null) {
            return;
          }
          NicSpec nic = i.get().nic();
          if (r.json) {
            json.startObject(i.get().handle())
                .string("mode", nic.eswitch)
                .string("inline-mode", "none")
                .string("encap-mode", "basic")
                .endObject();
          } else {
            r.out
                .append(i.get().handle())
                .append(": mode ")
                .append(nic.eswitch)
                .append(" inline-mode none encap-mode basic\n");
          }
        },
        error);
  }

  /**
   * Changing the mode is allowed whatever drives the VFs: mlx5_devlink_eswitch_mode_set refuses
   * only while TC flows are offloaded ("E-Switch is busy"), devlink traps are active or the netns
   * diverged, none of which the lab models; the VFs stay bound and representors come and go.
   */
  static ToolOutput eswitchSet(DevlinkRun r) {
    Optional<String> h = DevlinkRun.devHandle(r);
    if (h.isEmpty()) {
      return r.result(1);
    }
    String mode = null;
    boolean otherOption = false;
    while (r.hasArg()) {
      if (r.match("mode")) {
        r.pos++;
        String value = r.next();
        if (value == null) {
          return r.fail("String parameter expected\n");
        }
        if (!value.equals("legacy") && !value.equals("switchdev")) {
          return r.fail("Unknown eswitch mode \"" + value + "\"\n");
        }
        mode = value;
      } else if (r.match("inline-mode") || r.match("encap-mode")) {
        otherOption = true;
        r.pos++;
        if (r.next() == null) {
          return r.fail("String parameter expected\n");
        }
      } else {
        return r.fail("Unknown option \"" + r.arg() + "\"\n");
      }
    }
    if (otherOption) {
      return HostFacts.notEmulated("devlink", "dev eswitch set inline-mode/encap-mode");
    }
    if (mode == null) {
      return r.fail("Need to set at least one option\n");
    }
    Optional<DevlinkObjects.Instance> i = DevlinkObjects.instance(r.host, h.get());
    if (i.isEmpty()) {
      return r.fail(DevlinkRun.ENODEV);
    }
    if (!i.get().isPf()) {
      return r.fail(DevlinkRun.EOPNOTSUPP);
    }
    Sriov.setEswitchMode(i.get().nic(), mode);
    return r.result(0);
  }

  static ToolOutput devInfo(DevlinkRun r) {
    if (r.match("help")) {
      r.err.append(DevlinkTexts.DEV_HELP);
      return r.result(0);
    }
    DevlinkObjects.Selection selected = DevlinkObjects.select(r);
    if (selected.failed().isPresent()) {
      return selected.failed().get();
    }
    List<DevlinkObjects.Instance> shown = selected.shown();
    String error = selected.error();
    String kernel = r.host.kernel;
    return DevlinkRun.section(
        r,
        "info",
        json -> {
          for (DevlinkObjects.Instance i : shown) {
            info(r, json, i, kernel);
          }
        },
        error);
  }

  /**
   * mlx5_devlink_info_get: fixed fw.psid, running fw.version (and the generic fw on kernels that
   * have it), stored the pending image or else the running one; a VF reports no stored versions.
   */
  static void info(DevlinkRun r, IprouteJson json, DevlinkObjects.Instance i, String kernel) {
    NicSpec nic = i.nic();
    String running = FirmwareVersion.parse(nic.firmware).toString();
    String stored =
        nic.firmwareNext == null ? running : FirmwareVersion.parse(nic.firmwareNext).toString();
    boolean generic = HostFacts.hasPortFunctionCaps(kernel);
    if (r.json) {
      json.startObject(i.handle()).string("driver", "mlx5_core").startObject("versions");
      json.startObject("fixed").string("fw.psid", nic.psid).endObject();
      json.startObject("running").string("fw.version", running);
      if (generic) {
        json.string("fw", running);
      }
      json.endObject();
      if (i.isPf()) {
        json.startObject("stored").string("fw.version", stored);
        if (generic) {
          json.string("fw", stored);
        }
        json.endObject();
      }
      json.endObject().endObject();
      return;
    }
    StringBuilder o = r.out;
    o.append(i.handle()).append(":\n  driver mlx5_core\n  versions:\n");
    o.append("      fixed:\n        fw.psid ").append(nic.psid).append('\n');
    o.append("      running:\n        fw.version ").append(running).append('\n');
    if (generic) {
      o.append("        fw ").append(running).append('\n');
    }
    if (i.isPf()) {
      o.append("      stored:\n        fw.version ").append(stored).append('\n');
      if (generic) {
        o.append("        fw ").append(stored).append('\n');
      }
    }
  }
}

package io.vfmigrate.lab.tools.devlink;

import io.vfmigrate.lab.machine.HostFacts;

/** Usage texts of iproute2's devlink (devlink/devlink.c), by iproute2 version. */
public final class DevlinkTexts {
  private DevlinkTexts() {}

  /** {@code help()}, the same from 6.2 to 7.x. */
  static final String MAIN_HELP =
      "Usage: devlink [ OPTIONS ] OBJECT { COMMAND | help }\n"
          + "       devlink [ -f[orce] ] -b[atch] filename -N[etns] netnsname\n"
          + "where  OBJECT := { dev | port | lc | sb | monitor | dpipe | resource | region | health"
          + " | trap }\n"
          + "       OPTIONS := { -V[ersion] | -n[o-nice-names] | -j[son] | -p[retty] | -v[erbose]"
          + " -s[tatistics] -[he]x }\n";

  /** {@code cmd_dev_help()} of 6.2 (unchanged up to 6.10). */
  static final String DEV_HELP =
      "Usage: devlink dev show [ DEV ]\n"
          + "       devlink dev eswitch set DEV [ mode { legacy | switchdev } ]\n"
          + "                               [ inline-mode { none | link | network | transport }"
          + " ]\n"
          + "                               [ encap-mode { none | basic } ]\n"
          + "       devlink dev eswitch show DEV\n"
          + "       devlink dev param set DEV name PARAMETER value VALUE cmode { permanent |"
          + " driverinit | runtime }\n"
          + "       devlink dev param show [DEV name PARAMETER]\n"
          + "       devlink dev reload DEV [ netns { PID | NAME | ID } ]\n"
          + "                              [ action { driver_reinit | fw_activate } ] [ limit"
          + " no_reset ]\n"
          + "       devlink dev info [ DEV ]\n"
          + "       devlink dev flash DEV file PATH [ component NAME ] [ overwrite SECTION ]\n"
          + "       devlink dev selftests show [DEV]\n"
          + "       devlink dev selftests run DEV [id TESTNAME ]\n";

  private static final String PORT_HEAD =
      "Usage: devlink port show [ DEV/PORT_INDEX ]\n"
          + "       devlink port set DEV/PORT_INDEX [ type { eth | ib | auto} ]\n"
          + "       devlink port split DEV/PORT_INDEX count COUNT\n"
          + "       devlink port unsplit DEV/PORT_INDEX\n";

  private static final String PORT_TAIL =
      "       devlink port function rate { help | show | add | del | set }\n"
          + "       devlink port param set DEV/PORT_INDEX name PARAMETER value VALUE cmode {"
          + " permanent | driverinit | runtime }\n"
          + "       devlink port param show [DEV/PORT_INDEX name PARAMETER]\n"
          + "       devlink port health show [ DEV/PORT_INDEX reporter REPORTER_NAME ]\n"
          + "       devlink port add DEV/PORT_INDEX flavour FLAVOUR pfnum PFNUM\n"
          + "                      [ sfnum SFNUM ][ controller CNUM ]\n"
          + "       devlink port del DEV/PORT_INDEX\n";

  private static final String FN_SET =
      "       devlink port function set DEV/PORT_INDEX [ hw_addr ADDR ] [ state { active |"
          + " inactive } ]\n";
  private static final String FN_CAPS =
      "                      [ roce { enable | disable } ] [ migratable { enable | disable } ]\n";
  private static final String FN_IPSEC =
      "                      [ ipsec_crypto { enable | disable } ] [ ipsec_packet { enable |"
          + " disable } ]\n";
  private static final String FN_EQS = "                      [ max_io_eqs EQS ]\n";

  /** {@code cmd_port_help()}: migratable from 6.2, ipsec from 6.7, max_io_eqs from 6.10. */
  static String portHelp(String iproute) {
    if (!HostFacts.atLeast(iproute, "5.14")) {
      return PORT_HEAD
          + "       devlink port function set DEV/PORT_INDEX [ hw_addr ADDR ]\n"
          + "       devlink port health show [ DEV/PORT_INDEX reporter REPORTER_NAME ]\n";
    }
    StringBuilder s = new StringBuilder(PORT_HEAD).append(FN_SET);
    if (HostFacts.atLeast(iproute, "6.2")) {
      s.append(FN_CAPS);
    }
    if (HostFacts.atLeast(iproute, "6.7")) {
      s.append(FN_IPSEC);
    }
    if (HostFacts.atLeast(iproute, "6.10")) {
      s.append(FN_EQS);
    }
    return s.append(PORT_TAIL).toString();
  }

  /** {@code cmd_port_function_help()}. */
  static String portFunctionHelp(String iproute) {
    if (!HostFacts.atLeast(iproute, "5.14")) {
      return "Usage: devlink port function set DEV/PORT_INDEX [ hw_addr ADDR ]\n";
    }
    String rate = "       devlink port function rate { help | show | add | del | set }\n";
    if (!HostFacts.atLeast(iproute, "6.2")) {
      return "Usage: devlink port function set DEV/PORT_INDEX [ hw_addr ADDR ] [ state STATE ]\n"
          + rate;
    }
    if (!HostFacts.atLeast(iproute, "6.7")) {
      return "Usage: devlink port function set DEV/PORT_INDEX [ hw_addr ADDR ] [ state STATE ]\n"
          + FN_CAPS
          + rate;
    }
    return "Usage: devlink port function set DEV/PORT_INDEX [ hw_addr ADDR ] [ state { active |"
        + " inactive } ]\n"
        + FN_CAPS
        + FN_IPSEC
        + rate;
  }
}

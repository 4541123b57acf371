package io.vfmigrate.tools.ovs;

import io.vfmigrate.host.CommandResult;
import io.vfmigrate.tools.ToolException;

/**
 * ovs-vsctl cannot reach ovsdb-server, typically because openvswitch is not running: {@code
 * ovs-vsctl: unix:/var/run/openvswitch/db.sock: database connection failed (No such file or
 * directory)} (ovs-vsctl exits at once unless {@code --retry} is given).
 */
public final class OvsDatabaseUnreachableException extends ToolException {
  private static final long serialVersionUID = 1L;

  OvsDatabaseUnreachableException(String host, CommandResult result) {
    super(
        "Open vSwitch's database is not reachable on " + host + ": " + result.errorText(),
        "systemctl start openvswitch",
        result);
  }

  static boolean matches(CommandResult result) {
    return result.errorText().contains("database connection failed");
  }
}

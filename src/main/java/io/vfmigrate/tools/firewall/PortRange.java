package io.vfmigrate.tools.firewall;

import io.vfmigrate.tools.ToolOutputException;

/**
 * An open port or port range as firewalld writes it: {@code 49152-49215/tcp}, {@code 16509/tcp}.
 */
public record PortRange(int from, int to, String protocol) {
  /** Whether this range lets TCP connections to {@code port} in. */
  public boolean allowsTcp(int port) {
    return protocol.equals("tcp") && from <= port && port <= to;
  }

  static PortRange parse(String text, String output) {
    int slash = text.indexOf('/');
    try {
      if (slash < 0) {
        throw new NumberFormatException("no protocol");
      }
      String ports = text.substring(0, slash);
      int dash = ports.indexOf('-');
      int from = Integer.parseInt(dash < 0 ? ports : ports.substring(0, dash));
      int to = dash < 0 ? from : Integer.parseInt(ports.substring(dash + 1));
      return new PortRange(from, to, text.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new ToolOutputException("firewall-cmd --list-ports", "bad port '" + text + "'", output);
    }
  }

  @Override
  public String toString() {
    return (from == to ? Integer.toString(from) : from + "-" + to) + "/" + protocol;
  }
}

package io.vfmigrate.host.ssh;

import io.vfmigrate.model.InvalidInputException;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an SSH host is: {@code user@host[:port]}, validated so that no part can carry shell or
 * option syntax. An IPv6 address goes in brackets: {@code root@[2001:db8::11]:2222}.
 *
 * @param user the login name on the host
 * @param host a host name, an IPv4 address or an IPv6 address (without brackets)
 * @param port the TCP port of sshd, 1 to 65535
 */
public record SshTarget(String user, String host, int port) {
  public static final int DEFAULT_PORT = 22;

  private static final Pattern USER = Pattern.compile("[A-Za-z_][A-Za-z0-9._-]{0,31}");
  private static final Pattern HOST_NAME =
      Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\\.[A-Za-z0-9-]{1,63})*\\.?");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
  private static final Pattern FORM =
      Pattern.compile(
          "(?<user>[^@]+)@(?:\\[(?<v6>[^\\]]*)]|(?<host>[^:\\[\\]]+))(?::(?<port>.*))?");
  private static final String EXAMPLE =
      "root@192.0.2.11, admin@kvm-a.example.com:2222, root@[2001:db8::11]";

  public SshTarget {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(host, "host");
    if (!USER.matcher(user).matches()) {
      throw invalid(
          "The SSH user name '" + user + "' is not valid.",
          "use a login name of letters, digits, '.', '_' and '-'.");
    }
    if (!HOST_NAME.matcher(host).matches() && !IPV6.matcher(host).matches()) {
      throw invalid(
          "The SSH host '" + host + "' is not a host name or an IP address.",
          "use a host name, an IPv4 address or an IPv6 address in brackets, e.g. " + EXAMPLE + ".");
    }
    if (port < 1 || port > 65535) {
      throw invalid(
          "The SSH port " + port + " is out of range.", "use a port between 1 and 65535.");
    }
  }

  /** Parses {@code user@host[:port]}; an IPv6 address goes in brackets. */
  public static SshTarget parse(String text) {
    Objects.requireNonNull(text, "text");
    Matcher m = FORM.matcher(text.strip());
    boolean bareIpv6 = text.chars().filter(c -> c == ':').count() > 1 && text.indexOf('[') < 0;
    if (!m.matches() || bareIpv6) {
      String fix = "write it as user@host[:port], e.g. " + EXAMPLE + ".";
      if (text.indexOf('@') < 0) {
        fix = "name the login user too: " + fix;
      } else if (bareIpv6) {
        fix = "put an IPv6 address in brackets: " + fix;
      }
      throw invalid("The SSH connection '" + text + "' is not of the form user@host[:port].", fix);
    }
    String host = m.group("v6") != null ? m.group("v6") : m.group("host");
    if (m.group("v6") != null && !IPV6.matcher(host).matches()) {
      throw invalid(
          "The SSH host '[" + host + "]' is not an IPv6 address.",
          "put only IPv6 addresses in brackets, e.g. root@[2001:db8::11]:22.");
    }
    int port = DEFAULT_PORT;
    if (m.group("port") != null) {
      String p = m.group("port");
      if (!p.matches("[0-9]{1,5}")) {
        throw invalid(
            "The SSH port '" + p + "' in '" + text + "' is not a number.",
            "write the port as digits after the colon, e.g. root@192.0.2.11:2222.");
      }
      port = Integer.parseInt(p);
    }
    return new SshTarget(m.group("user"), host, port);
  }

  /** Whether the host is an IPv6 address (written in brackets). */
  public boolean isIpv6() {
    return host.indexOf(':') >= 0;
  }

  /**
   * The host as known_hosts and {@code ssh-keygen -R} name it: {@code host} on port 22, else {@code
   * [host]:port}.
   */
  public String knownHostsName() {
    return port == DEFAULT_PORT ? host : "[" + host + "]:" + port;
  }

  @Override
  public String toString() {
    String h = isIpv6() ? "[" + host + "]" : host;
    return user + "@" + h + (port == DEFAULT_PORT ? "" : ":" + port);
  }

  private static InvalidInputException invalid(String message, String fix) {
    return new InvalidInputException(message, fix);
  }
}

package io.vfmigrate.model;

import java.util.regex.Pattern;

/**
 * Validation of every name that comes from a user before it reaches a tool. Values are passed as
 * separate arguments and never through a shell, but a value that starts with a dash could still be
 * read as an option, and over SSH every value crosses a remote shell; so the accepted alphabets are
 * narrow on purpose.
 */
public final class Names {
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  private static final Pattern VM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");
  private static final Pattern BRIDGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,14}");
  private static final Pattern NETDEV = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,14}");
  private static final Pattern ADDRESS =
      Pattern.compile(
          "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
              + "(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
              + "|[0-9A-Fa-f:.]{2,45}");
  private static final Pattern IPV4_LIKE = Pattern.compile("[0-9.]+");
  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}"
              + "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
  private static final Pattern PATH =
      Pattern.compile("[A-Za-z0-9._/~][A-Za-z0-9._/+:@=,~-]{0,4095}");
  private static final Pattern URI =
      Pattern.compile(
          "[a-z][a-z0-9+.-]*:/{1,3}[A-Za-z0-9._~:@\\[\\]%-]*(/[A-Za-z0-9._~/%-]*)?"
              + "(\\?[A-Za-z0-9._~/%=&-]+)?");

  private Names() {}

  /** A host name in the lab or inventory: letters, digits, '.', '_', '-'; 1 to 63 characters. */
  public static String hostName(String value) {
    return check(
        value,
        HOST,
        "host name",
        "use 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit");
  }

  /** A libvirt domain name, narrower than libvirt's own rules so it is safe on every path. */
  public static String vmName(String value) {
    return check(
        value,
        VM,
        "VM name",
        "use 1-64 letters, digits, '.', '_', '+' or '-', starting with a letter or digit");
  }

  /** An Open vSwitch bridge name, which is also a Linux interface name (at most 15 characters). */
  public static String bridgeName(String value) {
    return check(
        value,
        BRIDGE,
        "bridge name",
        "use 1-15 letters, digits, '.', '_' or '-', starting with a letter or digit");
  }

  /** A Linux network interface name (IFNAMSIZ - 1 = 15 characters). */
  public static String netdevName(String value) {
    return check(
        value,
        NETDEV,
        "interface name",
        "use 1-15 letters, digits, '.', '_' or '-', starting with a letter or digit");
  }

  /** A file path: no whitespace, quotes or shell metacharacters, and no leading dash. */
  public static String path(String value) {
    return check(
        value,
        PATH,
        "path",
        "use a path of letters, digits and . _ / + : @ = , ~ -, not starting with '-'");
  }

  /**
   * A libvirt connection or migration URI such as {@code qemu+ssh://192.0.2.12/system}, {@code
   * qemu+unix:///system?socket=/run/a/libvirt-sock} or {@code tcp://10.99.0.2:49200}.
   */
  public static String libvirtUri(String value) {
    return check(
        value,
        URI,
        "libvirt URI",
        "use a URI such as qemu+ssh://HOST/system or qemu:///system, without spaces or quotes");
  }

  /**
   * A host's address: an IPv4 or IPv6 literal or a DNS name (labels of letters, digits and '-').
   * Nothing is looked up.
   */
  public static String address(String value) {
    String accepted = "use an IPv4 or IPv6 address or a DNS name, e.g. 192.0.2.11 or src.example";
    check(value, ADDRESS, "address", accepted);
    boolean valid =
        value.contains(":")
            ? isIpv6(value)
            : !IPV4_LIKE.matcher(value).matches() || IPV4.matcher(value).matches();
    if (!valid) {
      throw new InvalidInputException(
          "Invalid address '" + printable(value) + "'.", accepted + ".");
    }
    return value;
  }

  /** An IPv4 address such as {@code 192.168.3.1} (ping targets on the VF network). */
  public static String ipv4(String value) {
    if (value == null || !IPV4.matcher(value).matches()) {
      throw new InvalidInputException(
          "Invalid IPv4 address '" + printable(String.valueOf(value)) + "'.",
          "give an IPv4 address, e.g. 192.168.3.1.");
    }
    return value;
  }

  /** An interface address with its prefix length, e.g. {@code 192.168.3.10/24}. */
  public static String interfaceAddress(String value) {
    String accepted = "use an address with its prefix length, e.g. 192.168.3.10/24";
    int slash = value == null ? -1 : value.indexOf('/');
    if (slash < 0) {
      throw new InvalidInputException(
          "Invalid interface address '" + printable(String.valueOf(value)) + "'.", accepted + ".");
    }
    String ip = value.substring(0, slash);
    String prefix = value.substring(slash + 1);
    int max = ip.contains(":") ? 128 : 32;
    boolean ok =
        (ip.contains(":") ? isIpv6(ip) : IPV4.matcher(ip).matches())
            && prefix.matches("[0-9]{1,3}")
            && Integer.parseInt(prefix) <= max;
    if (!ok) {
      throw new InvalidInputException(
          "Invalid interface address '" + printable(value) + "'.", accepted + ".");
    }
    return value;
  }

  private static boolean isIpv6(String value) {
    if (!value.matches("[0-9A-Fa-f:.]{2,45}")) {
      return false;
    }
    try {
      // A literal with ':' is parsed, never looked up.
      return java.net.InetAddress.getByName(value) instanceof java.net.Inet6Address;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  private static String check(String value, Pattern pattern, String what, String accepted) {
    if (value == null || value.isEmpty()) {
      throw new InvalidInputException("The " + what + " is empty.", accepted + ".");
    }
    if (!pattern.matcher(value).matches()) {
      throw new InvalidInputException(
          "Invalid " + what + " '" + printable(value) + "'.", accepted + ".");
    }
    return value;
  }

  /** Echoed values longer than this are shortened: an error message stays readable. */
  static final int ECHO_LIMIT = 80;

  /**
   * Renders a rejected value for a message: control characters escaped ({@code \n}, {@code \t},
   * {@code \x1b}), so that the message stays one line and cannot drive the terminal, and a value
   * longer than {@value #ECHO_LIMIT} characters shortened with its length.
   */
  public static String printable(String value) {
    String shown = escaped(value.substring(0, Math.min(value.length(), ECHO_LIMIT)));
    return value.length() > ECHO_LIMIT ? shown + "... (" + value.length() + " characters)" : shown;
  }

  /** {@code value} with its control characters escaped, whatever its length. */
  public static String escaped(String value) {
    StringBuilder out = new StringBuilder();
    int shown = value.length();
    for (int i = 0; i < shown; i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
            out.append(
                c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}

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

  /** Renders a rejected value without control characters, so an error message stays one line. */
  static String printable(String value) {
    StringBuilder out = new StringBuilder();
    for (char c : value.toCharArray()) {
      out.append(Character.isISOControl(c) ? '?' : c);
    }
    return out.toString();
  }
}

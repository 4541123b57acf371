package io.vfmigrate.lab.machine.migration;

import java.net.URI;

/**
 * What libvirt reports when ssh cannot log in without a prompt: OpenSSH's {@code %s@%s: Permission
 * denied (%s).} (sshconnect2.c, with BatchMode or without a terminal) inside libvirt's {@code
 * Cannot recv data: ...: Connection reset by peer}.
 */
final class SshTrust {
  private SshTrust() {}

  static String denied(URI uri, String host) {
    String user = uri.getUserInfo() == null ? "root" : uri.getUserInfo();
    return "Cannot recv data: "
        + user
        + "@"
        + host
        + ": Permission denied (publickey,gssapi-keyex,gssapi-with-mic,password).: Connection"
        + " reset by peer";
  }
}

package io.vfmigrate.tools.virsh;

/**
 * Whether {@code virsh -c URI uri}, run on one host, reached another host's libvirt without a
 * prompt, and libvirt's error when it did not.
 *
 * @param uri the URI as it was tried (with {@code no_tty=1})
 * @param reached true when virsh connected and printed the URI
 * @param error libvirt's error lines when it did not, e.g. {@code error: Cannot recv data: ssh:
 *     connect to host 10.99.0.2 port 22: Connection refused: Connection reset by peer}
 */
public record PeerConnection(String uri, boolean reached, String error) {
  /** What resolves the failure, by libvirt's and ssh's own words. */
  public String fix(String from, String to) {
    if (error.contains("Permission denied") || error.contains("password")) {
      return "let "
          + from
          + " log in to "
          + to
          + " with a key, as the user that runs virsh there: ssh-keygen (if it has no key), then"
          + " ssh-copy-id "
          + to
          + " on "
          + from;
    }
    if (error.contains("Host key verification failed")) {
      return "record "
          + to
          + "'s host key on "
          + from
          + ": run ssh "
          + to
          + " true on "
          + from
          + " once and check the fingerprint";
    }
    return "make "
        + to
        + "'s libvirt reachable from "
        + from
        + ": check the migration network link and routes, that sshd (qemu+ssh) or libvirtd's TCP"
        + " listener (qemu+tcp) runs on "
        + to
        + ", and the firewall between them";
  }
}

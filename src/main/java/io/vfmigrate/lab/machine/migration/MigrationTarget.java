package io.vfmigrate.lab.machine.migration;

import io.vfmigrate.lab.machine.Platform;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.tools.LabContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Opens a libvirt connection to a lab host by URI, or fails with the text libvirt's remote driver
 * reports. {@code qemu:///system} is the local host; {@code qemu+ssh://HOST/system}, {@code
 * qemu+tcp://} and {@code qemu+tls://} reach the lab host whose lab name, address or hostname is
 * HOST, over the lab's link. It is the lab's one libvirt connector: virsh's {@code -c} and {@code
 * virsh migrate}'s destination URI both connect through it.
 *
 * <p>Error texts: for ssh, libvirt reads ssh's stderr when the tunnel closes and reports it as
 * {@code Cannot recv data: <ssh stderr>: Connection reset by peer} (src/rpc/virnetsocket.c
 * virNetSocketReadWire: "Cannot recv data: %1$s" plus strerror(ECONNRESET)); ssh's own texts are
 * OpenSSH's {@code ssh: connect to host %s port %s: %s} and {@code ssh: Could not resolve hostname
 * %s: %s}. On the remote side {@code virt-ssh-helper} prints {@code %1$s: cannot connect to '%2$s':
 * %3$s} with the daemon socket path (src/remote/remote_ssh_helper.c). For tcp/tls,
 * virNetSocketNewConnectTCP reports {@code unable to connect to server at '%1$s:%2$s'} and {@code
 * Unable to resolve address '%1$s' service '%2$s': %3$s}.
 */
public final class MigrationTarget {
  /** RHEL 9 runs libvirt's modular daemons; virsh's QEMU connection goes to virtqemud. */
  public static final String DAEMON_SOCKET = "/var/run/libvirt/virtqemud-sock";

  private MigrationTarget() {}

  /** A connection: the host reached, or libvirt's error message. */
  public record Connection(Optional<LabContext> host, String error) {
    static Connection to(LabContext host) {
      return new Connection(Optional.of(host), "");
    }

    static Connection failed(String error) {
      return new Connection(Optional.empty(), error);
    }
  }

  public static boolean daemonActive(HostSpec host) {
    return "active".equals(host.services.get("libvirtd"))
        || "active".equals(host.services.get("virtqemud"));
  }

  /** The local daemon's refusal when it is down, as virsh prints it (two error lines). */
  public static String localDaemonDown() {
    return "Failed to connect socket to '" + DAEMON_SOCKET + "': No such file or directory";
  }

  public static Connection connect(LabContext from, String uri) {
    if (uri.startsWith("qemu:///")) {
      return daemonActive(from.host()) ? Connection.to(from) : Connection.failed(localDaemonDown());
    }
    URI parsed;
    try {
      parsed = new URI(uri);
    } catch (URISyntaxException e) {
      return Connection.failed("internal error: Unable to parse URI " + uri);
    }
    String scheme = parsed.getScheme() == null ? "" : parsed.getScheme();
    String transport =
        switch (scheme) {
          case "qemu+ssh", "qemu+libssh", "qemu+libssh2" -> "ssh";
          case "qemu+tcp" -> "tcp";
          case "qemu+tls" -> "tls";
          default -> "";
        };
    if (transport.isEmpty() || parsed.getHost() == null) {
      return Connection.failed("no connection driver available for " + uri);
    }
    String hostName = parsed.getHost();
    int port =
        parsed.getPort() > 0
            ? parsed.getPort()
            : switch (transport) {
              case "ssh" -> 22;
              case "tcp" -> 16509;
              default -> 16514;
            };
    Optional<Map.Entry<String, HostSpec>> found = find(from, hostName);
    boolean reachable =
        found.isPresent() && (found.get().getKey().equals(from.hostName()) || from.lab().link.up);
    if (!reachable) {
      boolean address = hostName.matches("[0-9.]+") || hostName.contains(":");
      if (transport.equals("ssh")) {
        String ssh =
            found.isPresent() || address
                ? "ssh: connect to host "
                    + hostName.toLowerCase(Locale.ROOT)
                    + " port "
                    + port
                    + ": No route to host"
                : "ssh: Could not resolve hostname "
                    + hostName.toLowerCase(Locale.ROOT)
                    + ": Name or service not known";
        return Connection.failed("Cannot recv data: " + ssh + ": Connection reset by peer");
      }
      if (found.isEmpty() && !address) {
        return Connection.failed(
            "Unable to resolve address '"
                + hostName
                + "' service '"
                + port
                + "': Name or service not known");
      }
      return Connection.failed(
          "unable to connect to server at '" + hostName + ":" + port + "': No route to host");
    }
    Map.Entry<String, HostSpec> target = found.get();
    if (transport.equals("ssh") && !Platform.trusts(from.host(), target.getKey())) {
      return Connection.failed(SshTrust.denied(parsed, hostName));
    }
    if (!daemonActive(target.getValue())) {
      if (transport.equals("ssh")) {
        return Connection.failed(
            "Cannot recv data: virt-ssh-helper: cannot connect to '"
                + DAEMON_SOCKET
                + "': "
                + localDaemonDown()
                + ": Connection reset by peer");
      }
      return Connection.failed(
          "unable to connect to server at '" + hostName + ":" + port + "': Connection refused");
    }
    return Connection.to(
        new LabContext(target.getKey(), target.getValue(), from.lab(), from.clock()));
  }

  /** The lab host known by that name in the lab, address, hostname or short hostname. */
  private static Optional<Map.Entry<String, HostSpec>> find(LabContext from, String name) {
    for (Map.Entry<String, HostSpec> entry : from.lab().hosts.entrySet()) {
      HostSpec host = entry.getValue();
      String hostname = host.hostname == null ? "" : host.hostname;
      String shortName = hostname.contains(".") ? hostname.substring(0, hostname.indexOf('.')) : "";
      if (name.equals(entry.getKey())
          || name.equals(host.address)
          || name.equalsIgnoreCase(hostname)
          || (!shortName.isEmpty() && name.equalsIgnoreCase(shortName))) {
        return Optional.of(entry);
      }
    }
    return Optional.empty();
  }
}

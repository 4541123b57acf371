package io.vfmigrate.workflow.preflight;

import io.vfmigrate.model.Finding;
import io.vfmigrate.tools.ToolNotInstalledException;
import io.vfmigrate.tools.firewall.PortRange;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;

/**
 * {@code migration-port}: the destination's firewall lets the migration stream in. QEMU on the
 * destination listens on the port of the inventory's {@code migrate_uri}, or else on the first free
 * port of libvirt's {@code migration_port_min..migration_port_max} (49152-49215 by default).
 */
final class MigrationPortCheck implements DirectedCheck {
  static final String ID = "migration-port";
  static final int PORT_MIN = 49152;
  static final int PORT_MAX = 49215;

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Finding check(PrereqFacts src, PrereqFacts dst) {
    String pair = src.name() + "," + dst.name();
    Optional<Integer> fixed = dst.entry().migrateUri().flatMap(MigrationPortCheck::port);
    int from = fixed.orElse(PORT_MIN);
    int to = fixed.orElse(PORT_MAX);
    String ports = from == to ? "TCP port " + from : "TCP ports " + from + "-" + to;
    Optional<List<PortRange>> open;
    try {
      open = dst.firewall();
    } catch (ToolNotInstalledException e) {
      return Finding.pass(ID, pair, dst.name() + " has no firewalld; nothing filters " + ports);
    }
    if (open.isEmpty()) {
      return Finding.pass(ID, pair, "firewalld does not run on " + dst.name());
    }
    long allowed = 0;
    for (int p = from; p <= to; p++) {
      int port = p;
      if (open.get().stream().anyMatch(r -> r.allowsTcp(port))) {
        allowed++;
      }
    }
    String fix =
        "on "
            + dst.name()
            + ": firewall-cmd --permanent --add-port="
            + from
            + (from == to ? "" : "-" + to)
            + "/tcp && firewall-cmd --reload";
    if (allowed == to - from + 1) {
      return Finding.pass(ID, pair, dst.name() + "'s firewall lets " + ports + " in");
    }
    String detail =
        dst.name()
            + "'s firewall (firewalld, default zone) opens "
            + (allowed == 0 ? "none" : allowed)
            + " of "
            + ports
            + ", where QEMU on "
            + dst.name()
            + " listens for the migration stream from "
            + src.name();
    return allowed == 0
        ? Finding.fail(ID, pair, detail, fix)
        : Finding.warn(ID, pair, detail + "; concurrent migrations need more", fix);
  }

  /** The port of a migration URI such as {@code tcp://10.99.0.2:49200}. */
  static Optional<Integer> port(String migrateUri) {
    try {
      int port = new URI(migrateUri).getPort();
      return port > 0 ? Optional.of(port) : Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }
}

package io.vfmigrate.lab.tools.virsh;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code virsh migrate} as the lab understands it: {@code [--live] [--p2p [--tunnelled]]
 * [--persistent] [--undefinesource] [--suspend] [--verbose] [--xml FILE] [--persistent-xml FILE]
 * [--postcopy] [--postcopy-after-precopy] [--timeout N [--timeout-suspend]] [--bandwidth MiB/s]
 * [--abort-on-error] [--unsafe] [--parallel [--parallel-connections N]] [--domain] VM [--desturi]
 * URI [[--migrateuri] URI] [[--dname] NAME]}. Other options of virsh's are refused as unsupported
 * rather than ignored.
 */
public record MigrationRequest(
    String vm,
    String destinationUri,
    boolean live,
    boolean p2p,
    boolean tunnelled,
    boolean persistent,
    boolean undefineSource,
    boolean suspend,
    boolean verbose,
    boolean postcopy,
    Optional<String> xmlFile,
    Optional<String> persistentXmlFile,
    int timeoutSeconds,
    long bandwidthMiBs,
    Optional<String> newName,
    boolean parallel,
    int parallelConnections,
    boolean copyStorage,
    boolean unsafe) {

  private static final List<String> POSITIONAL =
      List.of("domain", "desturi", "migrateuri", "dname");
  private static final Set<String> STRINGS =
      Set.of(
          "xml",
          "persistent-xml",
          "timeout",
          "bandwidth",
          "listen-address",
          "parallel-connections");
  private static final Set<String> BOOLEANS =
      Set.of(
          "live",
          "p2p",
          "tunnelled",
          "persistent",
          "undefinesource",
          "suspend",
          "verbose",
          "postcopy",
          "postcopy-after-precopy",
          "timeout-suspend",
          "abort-on-error",
          "unsafe",
          "parallel",
          "copy-storage-all",
          "copy-storage-inc");

  /** Parses the arguments after {@code migrate}; errors carry virsh's texts. */
  public static MigrationRequest parse(List<String> args) throws VirshCommandLine.UsageException {
    VirshCommandLine line =
        VirshCommandLine.parse(
            "migrate", args, POSITIONAL, Set.of("domain", "desturi"), STRINGS, BOOLEANS);
    int timeout = 0;
    Optional<String> timeoutText = line.value("timeout");
    if (timeoutText.isPresent()) {
      timeout = (int) number(timeoutText.get(), "timeout", Integer.MAX_VALUE);
      // tools/virsh-domain.c cmdMigrate
      if (timeout < 1) {
        throw new VirshCommandLine.UsageException("migrate: Invalid timeout");
      }
      if (timeout > Integer.MAX_VALUE / 1000) {
        throw new VirshCommandLine.UsageException("migrate: Timeout is too big");
      }
    }
    long bandwidth = 0;
    if (line.value("bandwidth").isPresent()) {
      bandwidth = number(line.value("bandwidth").get(), "bandwidth", Long.MAX_VALUE >> 20);
    }
    int connections = 0;
    if (line.value("parallel-connections").isPresent()) {
      connections =
          (int) number(line.value("parallel-connections").get(), "parallel-connections", 255);
      if (connections < 1) {
        // QEMU's migrate-set-parameters: multifd-channels is 1 to 255.
        throw new VirshCommandLine.UsageException(
            "invalid argument: Parameter 'multifd-channels' expects uint8_t");
      }
    }
    return new MigrationRequest(
        line.required("domain"),
        line.required("desturi"),
        line.flag("live"),
        line.flag("p2p"),
        line.flag("tunnelled"),
        line.flag("persistent"),
        line.flag("undefinesource"),
        line.flag("suspend"),
        line.flag("verbose"),
        line.flag("postcopy") || line.flag("postcopy-after-precopy"),
        line.value("xml"),
        line.value("persistent-xml"),
        timeout,
        bandwidth,
        line.value("dname"),
        line.flag("parallel"),
        connections,
        line.flag("copy-storage-all") || line.flag("copy-storage-inc"),
        line.flag("unsafe"));
  }

  private static long number(String text, String option, long max)
      throws VirshCommandLine.UsageException {
    try {
      long value = Long.parseLong(text.strip());
      if (value < Integer.MIN_VALUE || value > max) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      // tools/vsh.c vshCommandOptInt and friends
      throw new VirshCommandLine.UsageException(
          "Numeric value '" + text + "' for <" + option + "> option is malformed or out of range");
    }
  }

  /** The domain's name on the destination. */
  public String destinationName() {
    return newName.orElse(vm);
  }
}
